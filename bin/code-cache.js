// Runs a CommonJS bundle compiled with a V8 code cache, as Node 22's module.enableCompileCache() does for
// every module (Node 20 has no such switch). Used by bin/runbook.js for `runbook validate`.
//
// The cache is V8's serialised bytecode of the bundle, written after a run (so it also holds the functions
// that ran). V8 itself rejects a cache made by another V8 version or under other V8 flags; V8 only checks
// the source's length, so the cache also records the bundle's size and modification time and is ignored
// when they differ. A missing or rejected cache means an ordinary compile, and a fresh cache is written at
// exit when the folder is writable (a read-only install simply runs without one). RUNBOOK_CODE_CACHE=0
// turns the cache off.
'use strict';
const { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

const MAGIC = 'runbook-code-cache-1';

/** Where the cache of `file` lives: one per V8 version and CPU architecture. */
function cachePath(file) {
  return `${file}.${process.versions.v8}-${process.arch}.cache`;
}

/** Identifies the bundle's current content (V8 would accept a cache for any source of the same length). */
function stamp(file) {
  const info = statSync(file);
  return `${MAGIC} ${info.size} ${Math.trunc(info.mtimeMs)}\n`;
}

/** The cached data, when there is a cache made for this very bundle. */
function readCache(cacheFile, expected) {
  let bytes;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = Buffer.from(expected, 'latin1');
  if (bytes.length <= header.length || !bytes.subarray(0, header.length).equals(header)) return undefined;
  return bytes.subarray(header.length);
}

function runWithCodeCache(file) {
  // The bundle runs without V8's optimising compiler (src/cli/commands/validate.ts says why). Flags are part
  // of a cache's identity, so this is set before compiling: caches are always made and used under the same flags.
  setFlagsFromString('--no-opt');
  const useCache = process.env.RUNBOOK_CODE_CACHE !== '0';
  const cacheFile = cachePath(file);
  const header = stamp(file);
  const cachedData = useCache ? readCache(cacheFile, header) : undefined;
  const source = readFileSync(file, 'utf8');
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => writeCache(script, cacheFile, header));
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
}

/** Writes the cache beside the bundle, atomically; any failure (read-only install, full disk) is ignored. */
function writeCache(script, cacheFile, header) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]));
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
