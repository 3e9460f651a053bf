// A V8 code cache for one CommonJS bundle, for Node 20, which has no module.enableCompileCache() (Node ≥ 22.1
// caches every module itself, and bin/runbook.js uses that where it exists). Used for `runbook validate`'s bundle
// and for the live view's libraries (dist/fast/ink.cjs: Ink, React, Yoga; scripts/build.mjs).
//
// The cache is V8's serialised bytecode of the bundle, written after a run (so it also holds the functions
// that ran). V8 itself rejects a cache made by another V8 version or under other V8 flags, but it only
// compares the source's length: so the cache starts with the bundle's build id (the SHA-256 of its content,
// which the build appends as a last line), size and modification time, and is ignored for any other bundle.
// (Hashing the bundle here would cost more than a millisecond of node:crypto start-up on every run.)
// A missing or rejected cache means an ordinary compile, and a fresh cache is written at exit. It goes beside the
// bundle; where that folder is not the user's to write (a system-wide install run by another user), or its cache
// does not fit (`npm pack` gives every file of a package one old time stamp, so a cache made before packing never
// matches), the user's own cache folder holds it instead: $XDG_CACHE_HOME/runbook/code, else ~/.cache/runbook/code.
// A cache is compiled code: one there is read only from a real folder and file of this user that no one else can
// write to. Failing to read or write either is never an error, only a slower start. NODE_DISABLE_COMPILE_CACHE
// (set to anything) turns it off, as it does Node's own cache.
//
// V8 rejects a cache made under any other value of any of its flags (from the command line, NODE_OPTIONS, or set at
// run time) or on a CPU with other features; its own tag for that, v8.cachedDataVersionTag(), names the cache file, so
// that runs under different flags keep different caches instead of replacing each other's. runbook also sets flags
// as it goes (`play` three at start, the live view two while Yoga's WebAssembly compiles, the run two more once
// output comes in bulk). So every flag runbook sets goes through setV8Flags, which keeps the last value of each in
// one record for the process (bin/runbook.js and the CLI's bundles each have their own copy of this file): at exit
// the values of the bundle's compile are set again before its cache is made, so that the cache carries the flags it
// will be checked against — and when the tag still differs from the compile's (a flag first set after the compile
// has no value of the compile to go back to), no cache is written.
'use strict';
const { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { basename, dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { makeFolders, ownedHere, trustedFolder, userCacheFolder } = require('./user-cache.js');

const MAGIC = 'runbook-code-cache-3';
const BUILD_LINE = '//# runbook-build=';
/** A cache larger than this is not one of ours (the real one is a few hundred KiB): it is not read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Caches kept in the user's folder (the newest): a few builds of the two bundles, under a few sets of flags. */
const KEEP_OWN_CACHES = 8;
/** Caches kept beside a bundle (the newest): one per set of flags and V8 version it ran under, of those used lately. */
const KEEP_BESIDE = 4;

/** The last value of each V8 flag set through setV8Flags, by flag name, in the order first set: one record per process. */
const FLAGS = Symbol.for('runbook.v8Flags');
function flagRecord() {
  globalThis[FLAGS] ??= new Map();
  return globalThis[FLAGS];
}

/** A flag's name without its value or negation: `--no-wasm-tier-up` and `--wasm-tier-up=true` are `wasm-tier-up`. */
function flagName(flag) {
  return flag.replace(/^--?(no-)?/, '').replace(/=.*$/s, '').replace(/_/g, '-');
}

/** Flags set while a compile on another thread waits for them not to change (holdV8Flags): one state per thread. */
const HELD = Symbol.for('runbook.v8FlagsHeld');

/** Sets V8 flags for the rest of the process (each a single `--flag` or `--flag=value`), and records them. */
function setV8Flags(...flags) {
  const held = globalThis[HELD];
  if (held && held.holds > 0) {
    held.waiting.push(...flags);
    return;
  }
  const v8 = require('node:v8');
  for (const flag of flags) {
    v8.setFlagsFromString(flag);
    flagRecord().set(flagName(flag), flag);
  }
}

/**
 * Until the returned function is called, flags this thread sets through setV8Flags wait, and are then set in order.
 * V8's flags are the process's: the live view's thread (src/ui/ink/view-thread.ts) compiles its libraries with their
 * cache meanwhile, which V8 checks against the flags of the moment; a flag the run sets then (output in bulk) would make
 * it reject the cache, and make one of its own under that flag.
 */
function holdV8Flags() {
  const held = (globalThis[HELD] ??= { holds: 0, waiting: [] });
  held.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--held.holds > 0) return;
    const waiting = held.waiting;
    held.waiting = [];
    if (waiting.length > 0) setV8Flags(...waiting);
  };
}

/**
 * Starts a worker thread (`start` makes it) without losing a young generation held at its first size. V8 configures a
 * new thread's heap with a young-generation growth factor of at least 2, in the flag, which is the process's: a
 * `--semi-space-growth-factor=1` set here (bin/runbook.js) is undone for this thread too — a run's young generation
 * grew to 8 MB while the view's thread started. The change comes as the thread makes its heap (< 1 ms after `start`
 * returns on an idle machine): waited for, in 50 µs sleeps, at most `timeoutMs`, then the recorded factor is set again.
 */
function startKeepingYoungGeneration(start, timeoutMs = 20) {
  const factor = flagRecord().get('semi-space-growth-factor');
  const v8 = require('node:v8');
  const before = v8.cachedDataVersionTag();
  const started = start();
  if (factor === undefined || !(Number(factor.split('=')[1]) < 2)) return started;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const deadline = performance.now() + timeoutMs;
  while (v8.cachedDataVersionTag() === before && performance.now() < deadline) Atomics.wait(cell, 0, 0, 0.05);
  v8.setFlagsFromString(factor);
  return started;
}

/** The flags set through setV8Flags so far (for another thread: adoptV8Flags), in the order first set. */
function v8FlagsSet() {
  return [...flagRecord().values()];
}

/**
 * A new thread takes the record of the flags the thread that started it set (its first code has set them again: a
 * worker does not start under them all, its cached-data tag differs from its starter's until then), so that a cache
 * it makes is made and checked under them.
 */
function adoptV8Flags(flags) {
  for (const flag of flags) flagRecord().set(flagName(flag), flag);
}

/**
 * Whether Node was started with a flag of its own about V8's compilers (`node --jitless …`, `--no-opt`,
 * `--max-opt=2`): runbook then leaves those alone instead of switching its optimising compiler off and on.
 */
function ownCompilerFlags(execArgv = process.execArgv) {
  return execArgv.some((arg) => /^--(no-)?(opt|turbofan|jitless|max-opt|always-opt|sparkplug|always-sparkplug|maglev)(=|$)/.test(arg.replace(/_/g, '-')));
}

/**
 * Where the cache of `file` lives: one per V8 version, CPU architecture and V8's tag for cached data (`tag`, by
 * default the tag of the moment), which changes with the value of any V8 flag and with the CPU's features.
 */
function cachePath(file, tag = require('node:v8').cachedDataVersionTag()) {
  return `${file}.${process.versions.v8}-${process.arch}-${(tag >>> 0).toString(16).padStart(8, '0')}.cache`;
}

/** The first line of a cache: what it was made from (build id, size, modification time of the bundle). */
function header(bundle, info) {
  const at = bundle.lastIndexOf(BUILD_LINE);
  const end = at === -1 ? -1 : bundle.indexOf(10, at);
  const id = at === -1 ? 'none' : bundle.toString('latin1', at + BUILD_LINE.length, end === -1 ? bundle.length : end);
  return `${MAGIC} ${id} ${info.size} ${Math.trunc(info.mtimeMs)}\n`;
}

/** The place of a cache in the user's folder: named by the bundle's build id too, so that two installs never share one. */
function userCachePath(cacheFile, made) {
  const id = made.split(' ')[1] ?? 'none';
  return join(userCacheFolder(process.env, 'code'), `${basename(cacheFile).replace(/\.cache$/, '')}-${id.slice(0, 16)}.cache`);
}

/**
 * The cached data, when there is a cache made for this very bundle (the header is read first, alone). `own`: the
 * file must also be a regular file (not a link) of this user that no one else can write (the user's folder).
 */
function readCache(cacheFile, expected, own = false) {
  let fd;
  try {
    fd = openSync(cacheFile, own ? constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK : 'r');
    const info = fstatSync(fd);
    if (own && !(info.isFile() && ownedHere(info))) return undefined;
    const size = info.size;
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

/**
 * Runs `file` (CommonJS) as require() would, compiled with this file's code cache, on any Node: the caller has chosen
 * it over Node's own cache (bin/runbook.js, where Node has none). The caller sets V8's flags first.
 */
function runWithCodeCache(file) {
  loadWithCodeCache(file);
}

/** The exports of each bundle loaded: a bundle runs once per process, as with require(). */
const loaded = new Map();

/**
 * Loads `file` (CommonJS) as require() would, compiled with its code cache, and returns its exports. V8's flags
 * are as they will be for this bundle's every load (bin/runbook.js sets them first; see above for flags set later).
 * Where Node caches compiled code itself (≥ 22.1, module.enableCompileCache, switched on by bin/runbook.js): require().
 */
function requireWithCodeCache(file) {
  return typeof Module.enableCompileCache === 'function' ? require(file) : loadWithCodeCache(file);
}

/** requireWithCodeCache's own way, through vm.Script and the cache beside the bundle. */
function loadWithCodeCache(file) {
  if (loaded.has(file)) return loaded.get(file);
  const useCache = process.env.NODE_DISABLE_COMPILE_CACHE === undefined;
  const compiledUnder = new Map(flagRecord());
  const v8 = require('node:v8');
  const tag = v8.cachedDataVersionTag();
  const cacheFile = cachePath(file, tag);
  const { bundle, info } = readBundle(file);
  const made = useCache ? header(bundle, info) : '';
  // The user's own copy first: it exists only where the bundle's folder could not take one, and is then the one
  // made on this machine (the one beside the bundle may have come in the package, made elsewhere).
  const ownFile = useCache ? userCachePath(cacheFile, made) : '';
  let cachedData = useCache && trustedFolder(dirname(ownFile)) ? readCache(ownFile, made, true) : undefined;
  if (useCache && cachedData === undefined) cachedData = readCache(cacheFile, made);
  const script = new Script(Module.wrap(bundle.toString('utf8')), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  loaded.set(file, module.exports);
  try {
    script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  } catch (error) {
    // As require(): a bundle that threw is not loaded, and runs again when asked for again (not its half-made exports).
    loaded.delete(file);
    throw error;
  }
  // Only a bundle that loaded is worth a cache (one that threw, e.g. Yoga under --jitless, would replace a good one).
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => {
      // The process is ending: flags set again here change nothing but the identity of the cache, made to match.
      if (compiledUnder.size > 0) v8.setFlagsFromString([...compiledUnder.values()].join(' '));
      if (v8.cachedDataVersionTag() !== tag) return;
      if (writeCache(script, cacheFile, made)) keepNewest(dirname(cacheFile), `${basename(file)}.`, KEEP_BESIDE);
      else writeOwnCache(script, ownFile, made);
    });
  }
  module.loaded = true;
  loaded.set(file, module.exports);
  return module.exports;
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

/** Writes a cache, atomically (mode 0600 in the user's folder); whether it could (a read-only install, a full disk: not). */
function writeCache(script, cacheFile, made, mode) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(made, 'latin1'), script.createCachedData()]), mode === undefined ? {} : { mode });
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** Writes the cache in the user's folder (made private, levels 0700), when that folder may be believed. */
function writeOwnCache(script, ownFile, made) {
  const folder = dirname(ownFile);
  try {
    makeFolders(folder, 8);
  } catch {
    return;
  }
  if (!trustedFolder(folder) || !writeCache(script, ownFile, made, 0o600)) return;
  // Each install (build) and V8 has its own: keep the newest few, so that upgrades leave nothing behind for ever.
  keepNewest(folder, '', KEEP_OWN_CACHES);
}

/** Removes all but the newest `keep` caches whose names start with `prefix` in `folder` (never an error). */
function keepNewest(folder, prefix, keep) {
  try {
    const caches = readdirSync(folder)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.cache'))
      .map((name) => ({ path: join(folder, name), time: lstatSync(join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of caches.slice(keep)) unlinkSync(old.path);
  } catch {
    // another run is tidying too
  }
}

module.exports = { adoptV8Flags, cachePath, holdV8Flags, ownCompilerFlags, requireWithCodeCache, runWithCodeCache, setV8Flags, startKeepingYoungGeneration, v8FlagsSet };
