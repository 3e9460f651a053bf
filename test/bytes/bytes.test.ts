// The WebAssembly byte routines (src/bytes/bytes.wat) give exactly what the JavaScript they stand in for gives.
import { describe, expect, it } from 'vitest';
import { countByte, includesAny } from '../../src/bytes/search.js';
import { ByteMachine, RESERVED_BYTES } from '../../src/bytes/wasm.js';
import { random } from '../helpers/random.js';

/** Bytes drawn mostly from a small alphabet (so needles recur and half-match), with controls and high bytes. */
function bytesOf(rand: () => number, length: number, alphabet = 'ab\n\t"\\ '): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const r = rand();
    out[i] = r < 0.7 ? alphabet.charCodeAt(Math.floor(rand() * alphabet.length)) : r < 0.8 ? Math.floor(rand() * 0x20) : r < 0.85 ? 0x7f + Math.floor(rand() * 0x81) : 0x20 + Math.floor(rand() * 0x5f);
  }
  return out;
}

const machine = ByteMachine.create(1 << 20)!;
const INPUT = RESERVED_BYTES + 4096;
const OUTPUT = 1 << 19;

const END = 1 << 20;

function plainWasm(bytes: Buffer, prefix: Buffer, limit = END): string | undefined {
  machine.memory.fill(0, 0, 16);
  prefix.copy(machine.memory, 0);
  bytes.copy(machine.memory, INPUT);
  const n = machine.exports.plain(INPUT, bytes.length, OUTPUT, prefix.length, limit);
  return n === -2 ? 'no room' : n < 0 ? undefined : machine.memory.toString('latin1', OUTPUT, OUTPUT + n);
}

/** What the plain reporter's string path makes of a block it can print as it is (ui/plain.ts prefixLines). */
function plainReference(bytes: Buffer, prefix: Buffer): string | undefined {
  for (const b of bytes) if (!((b >= 0x20 && b <= 0x7e) || b === 0x09 || b === 0x0a)) return undefined;
  return bytes.toString('latin1').replaceAll('\t', '    ').replaceAll('\n', `\n${prefix.toString('latin1')}`);
}

function jsonWasm(bytes: Buffer, limit = END): string | undefined {
  bytes.copy(machine.memory, INPUT);
  const n = machine.exports.json(INPUT, bytes.length, OUTPUT, limit);
  return n === -2 ? 'no room' : n < 0 ? undefined : machine.memory.toString('latin1', OUTPUT, OUTPUT + n);
}

function jsonReference(bytes: Buffer): string | undefined {
  if (bytes.some((b) => b > 0x7f)) return undefined;
  return JSON.stringify(bytes.toString('latin1')).slice(1, -1);
}

describe('bytes.wat', () => {
  it('is there on Node 20 (WebAssembly with SIMD)', () => {
    expect(machine).toBeDefined();
  });

  it('plain: prefixes lines and expands tabs exactly as the string path does, and refuses what it must sanitise', () => {
    const prefix = Buffer.from('    │ ');
    for (let seed = 1; seed <= 3000; seed++) {
      const rand = random(seed);
      const bytes = bytesOf(rand, Math.floor(rand() * 90), rand() < 0.5 ? 'ab\n\t ' : 'abcdefgh\n');
      expect(plainWasm(bytes, prefix), `seed ${seed}`).toBe(plainReference(bytes, prefix));
    }
    // Prefixes of every length the routine takes (it stores 16 bytes and keeps the first n).
    for (let length = 0; length <= 16; length++) {
      const prefix = Buffer.from('#'.repeat(length));
      const bytes = Buffer.from('one\n\ttwo\n\nthree four five six seven\n');
      expect(plainWasm(bytes, prefix)).toBe(plainReference(bytes, prefix));
    }
  });

  it('json: escapes every ASCII byte as JSON.stringify does (\\b \\t \\n \\f \\r, \\u00xx, quote, backslash) and refuses bytes over 0x7f', () => {
    for (let b = 0; b < 256; b++) {
      const bytes = Buffer.from([0x61, b, 0x62, ...Buffer.from('0123456789abcdef'), b]);
      expect(jsonWasm(bytes), `byte ${b}`).toBe(jsonReference(bytes));
    }
    for (let seed = 1; seed <= 3000; seed++) {
      const rand = random(seed);
      const bytes = bytesOf(rand, Math.floor(rand() * 90));
      expect(jsonWasm(bytes), `seed ${seed}`).toBe(jsonReference(bytes));
    }
  });

  it('plain and json: never write at or past the limit; with too little room they say so (-2), with enough the same output', () => {
    const prefix = Buffer.from('    │ ');
    for (let seed = 1; seed <= 2000; seed++) {
      const rand = random(seed);
      const bytes = bytesOf(rand, Math.floor(rand() * 200), rand() < 0.5 ? 'ab\n\t"' : 'abcdefgh\n\\');
      const limit = OUTPUT + Math.floor(rand() * bytes.length * 3);
      for (const [format, reference] of [
        [(l: number) => plainWasm(bytes, prefix, l), plainReference(bytes, prefix)],
        [(l: number) => jsonWasm(bytes, l), jsonReference(bytes)],
      ] as const) {
        // What lies at and after the limit must be left as it was.
        machine.memory.fill(0xee, limit, limit + 64);
        const got = format(limit);
        expect(machine.memory.subarray(limit, limit + 64).every((b) => b === 0xee), `seed ${seed}: wrote past the limit`).toBe(true);
        if (got === 'no room') expect(reference === undefined || OUTPUT + reference.length + 16 > limit - 48, `seed ${seed}`).toBe(true);
        else {
          expect(got, `seed ${seed}`).toBe(reference);
          if (got) expect(OUTPUT + got.length + 16, `seed ${seed}`).toBeLessThanOrEqual(limit);
        }
      }
    }
  });

  it('find: the same answer as Buffer.includes, for needles at every place, cut at the end, or only half there', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const rand = random(seed);
      const length = rand() < 0.5 ? Math.floor(rand() * 64) : 1024 + Math.floor(rand() * 3000);
      const haystack = bytesOf(rand, length, 'abc\n');
      const needles = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
        const needle = bytesOf(rand, 1 + Math.floor(rand() * 24), 'abc\n');
        // Plant it (whole, or cut short) at a random place, near the end often.
        if (rand() < 0.6 && needle.length <= haystack.length) {
          const at = rand() < 0.5 ? haystack.length - needle.length : Math.floor(rand() * (haystack.length - needle.length + 1));
          needle.copy(haystack, at, 0, rand() < 0.7 ? needle.length : Math.max(1, needle.length - 1));
        }
        return needle;
      });
      expect(includesAny(haystack, needles), `seed ${seed}`).toBe(needles.some((needle) => haystack.includes(needle)));
    }
  });

  it('count: how many times a byte occurs, for every byte value and lengths around the 16-byte blocks', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const rand = random(seed);
      const bytes = bytesOf(rand, rand() < 0.5 ? Math.floor(rand() * 40) : Math.floor(rand() * 5000));
      const byte = rand() < 0.5 ? 0x0a : Math.floor(rand() * 256);
      expect(countByte(bytes, byte), `seed ${seed}`).toBe(bytes.filter((b) => b === byte).length);
    }
  });

  it('find: a needle at each of the places around the 16-byte blocks of a large chunk', () => {
    const needle = Buffer.from('bench-Secret-value-0123');
    for (let at = 0; at <= 2048 - needle.length; at += 1) {
      const haystack = Buffer.alloc(2048, 'batch b3 ');
      if (at % 7 !== 0 && at < 2000) continue;
      needle.copy(haystack, at);
      expect(includesAny(haystack, [Buffer.from('absent'), needle]), `at ${at}`).toBe(true);
      haystack[at + needle.length - 1] = 0x34;
      expect(includesAny(haystack, [needle]), `cut at ${at}`).toBe(false);
    }
  });
});
