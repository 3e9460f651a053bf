// A V8 code cache for one CommonJS bundle, for Node 20, which has no module.enableCompileCache() (Node ≥ 22.1
// caches every module itself, and bin/runbook.js uses that where it exists). Used for `runbook validate`.
//
// The cache is V8's serialised bytecode of the bundle, written after a run (so it also holds the functions
// that ran). V8 itself rejects a cache made by another V8 version or under other V8 flags, but it only
// compares the source's length: so the cache starts with the bundle's build id (the SHA-256 of its content,
// which the build appends as a last line), size and modification time, and is ignored for any other bundle.
// (Hashing the bundle here would cost more than a millisecond of node:crypto start-up on every run.)
// A missing or rejected cache means an ordinary compile, and a fresh cache is written at exit when the
// folder is writable (a read-only install simply runs without one). NODE_DISABLE_COMPILE_CACHE (set to
// anything) turns it off, as it does Node's own cache.
'use strict';
const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const MAGIC = 'runbook-code-cache-3';
const BUILD_LINE = '//# runbook-build=';
/** A cache larger than this is not one of ours (the real one is a few hundred KiB): it is not read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Where the cache of `file` lives: one per V8 version and CPU architecture. */
function cachePath(file) {
  return `${file}.${process.versions.v8}-${process.arch}.cache`;
}

/** The first line of a cache: what it was made from (build id, size, modification time of the bundle). */
function header(bundle, info) {
  const at = bundle.lastIndexOf(BUILD_LINE);
  const end = at === -1 ? -1 : bundle.indexOf(10, at);
  const id = at === -1 ? 'none' : bundle.toString('latin1', at + BUILD_LINE.length, end === -1 ? bundle.length : end);
  return `${MAGIC} ${id} ${info.size} ${Math.trunc(info.mtimeMs)}\n`;
}

/** The cached data, when there is a cache made for this very bundle (the header is read first, alone). */
function readCache(cacheFile, expected) {
  let fd;
  try {
    fd = openSync(cacheFile, 'r');
    const size = fstatSync(fd).size;
    const want = Buffer.from(expected, 'latin1');
    if (size <= want.length || size > MAX_CACHE_BYTES) return undefined;
    const head = Buffer.allocUnsafe(want.length);
    if (readSync(fd, head, 0, want.length, 0) !== want.length || !head.equals(want)) return undefined;
    return readFileSync(fd).subarray(want.length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Runs `file` (CommonJS) as require() would, compiled with its code cache. The caller sets V8's flags first. */
function runWithCodeCache(file) {
  const useCache = process.env.NODE_DISABLE_COMPILE_CACHE === undefined;
  const cacheFile = cachePath(file);
  const { bundle, info } = readBundle(file);
  const made = useCache ? header(bundle, info) : '';
  const cachedData = useCache ? readCache(cacheFile, made) : undefined;
  const script = new Script(Module.wrap(bundle.toString('utf8')), { filename: file, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => writeCache(script, cacheFile, made));
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
}

/** The bundle's bytes and its stat, from one open file. */
function readBundle(file) {
  const fd = openSync(file, 'r');
  try {
    return { info: fstatSync(fd), bundle: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
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
