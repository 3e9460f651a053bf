// Searches in chunks of bytes, one vectorised pass each (bytes.wat): is any of a few needles there, how many times is a byte.
import { ByteMachine, RESERVED_BYTES, SLACK_BYTES } from './wasm.js';

/**
 * Below this many bytes Buffer.includes is as fast as copying the chunk into WebAssembly memory. Above
 * it, `find` is ~6× faster on text where a needle's first byte is common (Buffer.includes on a line
 * log with a secret starting with `b`: ~0.3 s a gigabyte).
 */
const SMALL = 1024;

let machine: ByteMachine | null | undefined;

/** The process's search instance: used synchronously only, so one is enough. */
function searcher(): ByteMachine | undefined {
  if (machine === undefined) machine = ByteMachine.create() ?? null;
  return machine ?? undefined;
}

/** True when any of `needles` (non-empty) occurs in `haystack`: the same answer as haystack.includes(needle). */
export function includesAny(haystack: Buffer, needles: readonly Buffer[]): boolean {
  if (needles.length === 0) return false;
  const wasm = haystack.length >= SMALL ? searcher() : undefined;
  if (!wasm) return needles.some((needle) => haystack.includes(needle));
  let needleBytes = 0;
  for (const needle of needles) needleBytes += needle.length;
  wasm.ensure(RESERVED_BYTES + needleBytes + haystack.length + SLACK_BYTES);
  const memory = wasm.memory;
  const at = RESERVED_BYTES + needleBytes;
  memory.set(haystack, at);
  let needleAt = RESERVED_BYTES;
  for (const needle of needles) {
    if (needle.length === 0) return true;
    memory.set(needle, needleAt);
    if (wasm.exports.find(at, haystack.length, needleAt, needle.length) >= 0) return true;
    needleAt += needle.length;
  }
  return false;
}

/**
 * How many times `byte` occurs in `bytes` (bytes.wat `count`), or undefined without WebAssembly: the caller
 * then does it its own way (a loop of indexOf calls is many times slower on a chunk of short lines).
 */
export function countByte(bytes: Uint8Array, byte: number): number | undefined {
  const wasm = searcher();
  if (!wasm) return undefined;
  wasm.ensure(RESERVED_BYTES + bytes.length + SLACK_BYTES);
  wasm.memory.set(bytes, RESERVED_BYTES);
  return wasm.exports.count(RESERVED_BYTES, bytes.length, byte);
}
