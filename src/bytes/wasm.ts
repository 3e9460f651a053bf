// The byte routines of bytes.wat (vectorised: WebAssembly SIMD), each user with its own instance and memory.
import { BYTES_WASM_BASE64 } from './bytes.gen.js';

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Exports {
  memory: WasmMemory;
  plain(src: number, len: number, dst: number, prefixLength: number, limit: number): number;
  json(src: number, len: number, dst: number, limit: number): number;
  find(haystack: number, len: number, needle: number, needleLength: number): number;
  count(src: number, len: number, byte: number): number;
}

/** Bytes 0–47 of every instance's memory belong to bytes.wat (the prefix, JSON's escape letters). */
export const RESERVED_BYTES = 64;
/** Routines may write this many bytes past the end of what they return as written. */
export const SLACK_BYTES = 16;
const PAGE = 65536;

let compiled: object | null | undefined;

/**
 * The compiled module, once per process; null where WebAssembly (or its SIMD) is not there — `node
 * --jitless`, say: callers then take their JavaScript path, which gives the same bytes more slowly.
 */
function module(): object | null {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      compiled = api && !process.env.RUNBOOK_DISABLE_WASM ? new api.Module(Buffer.from(BYTES_WASM_BASE64, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** One instance of the routines and its memory, growable while nothing outside holds a view of it. */
export class ByteMachine {
  private bytes: Buffer;
  private constructor(readonly exports: Exports) {
    this.bytes = Buffer.from(exports.memory.buffer);
  }

  /** A new instance with at least `size` bytes of memory, or undefined without WebAssembly. */
  static create(size = PAGE): ByteMachine | undefined {
    const wasm = module();
    if (!wasm) return undefined;
    try {
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
      const machine = new ByteMachine(new api.Instance(wasm).exports as Exports);
      machine.ensure(size);
      return machine;
    } catch {
      return undefined;
    }
  }

  /** The memory as a Buffer (a new one after the memory grew: never keep it across `ensure`). */
  get memory(): Buffer {
    return this.bytes;
  }

  /** Grows the memory to hold at least `size` bytes. Views of the memory taken before are no longer valid. */
  ensure(size: number): void {
    const have = this.exports.memory.buffer.byteLength;
    if (size <= have) return;
    this.exports.memory.grow(Math.ceil((size - have) / PAGE));
    this.bytes = Buffer.from(this.exports.memory.buffer);
  }
}
