// Runs a CommonJS bundle compiled with a V8 code cache, as Node 22's module.enableCompileCache() does for
// every module (Node 20 has no such switch). Used by bin/runbook.js for `runbook validate`.
//
// The cache is V8's serialised bytecode of the bundle, written after a run (so it also holds the functions
// that ran). V8 itself rejects a cache made by another V8 version or under other V8 flags, but it only
// compares the source's length: so the cache starts with the SHA-256 of the bundle it was made from and is
// ignored for any other bundle. A missing or rejected cache means an ordinary compile, and a fresh cache is
// written at exit when the folder is writable (a read-only install simply runs without one).
// RUNBOOK_CODE_CACHE=0 turns the cache off.
'use strict';
const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const Module = require('node:module');
const { dirname } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

const MAGIC = 'runbook-code-cache-2';
/** A cache larger than this is not one of ours (the real one is a few hundred KiB): it is not read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Where the cache of `file` lives: one per V8 version and CPU architecture. */
function cachePath(file) {
  return `${file}.${process.versions.v8}-${process.arch}.cache`;
}

/** The first line of a cache: what it was made from. */
function header(bundle) {
  return `${MAGIC} sha256:${createHash('sha256').update(bundle).digest('hex')}\n`;
}

/** The cached data, when there is a cache made for this very bundle (the header is read first, alone). */
function readCache(cacheFile, expected) {
  let fd;
  try {
    fd = openSync(cacheFile, 'r');
    const size = fstatSync(fd).size;
    const want = Buffer.from(expected, 'latin1');
    if (size <= want.length || size > MAX_CACHE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let got = readSync(fd, bytes, 0, want.length, 0);
    if (got !== want.length || !bytes.subarray(0, want.length).equals(want)) return undefined;
    while (got < size) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return bytes.subarray(want.length, got);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function runWithCodeCache(file) {
  // The bundle runs without V8's optimising compiler (src/cli/commands/validate.ts says why). Flags are part
  // of a cache's identity, so this is set before compiling: caches are always made and used under the same flags.
  setFlagsFromString('--no-opt');
  const useCache = process.env.RUNBOOK_CODE_CACHE !== '0';
  const cacheFile = cachePath(file);
  const bundle = readFileSync(file);
  const made = useCache ? header(bundle) : '';
  const cachedData = useCache ? readCache(cacheFile, made) : undefined;
  const script = new Script(Module.wrap(bundle.toString('utf8')), { filename: file, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => writeCache(script, cacheFile, made));
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
}

/** Writes the cache beside the bundle, atomically; any failure (read-only install, full disk) is ignored. */
function writeCache(script, cacheFile, made) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(made, 'latin1'), script.createCachedData()]));
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}

module.exports = { cachePath, runWithCodeCache };
