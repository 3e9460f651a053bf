// The user's own cache folder, shared by the compiled code cache (bin/code-cache.js) and validate's parse cache
// (src/engine/parse-cache.ts): where it is, when what is in it may be believed, and how it is made (private).
// CommonJS without dependencies: bin/code-cache.js loads it before anything else of runbook.
'use strict';
const { lstatSync, mkdirSync } = require('node:fs');
const { dirname, isAbsolute, join } = require('node:path');

/** $XDG_CACHE_HOME/runbook/<part>, else ~/.cache/runbook/<part> (an XDG_CACHE_HOME that is not absolute is ignored). */
function userCacheFolder(env, part) {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || require('node:os').homedir(), '.cache');
  return join(base, 'runbook', part);
}

/** Whether `info` (an lstat or fstat) is this user's and no one else's to write. */
function ownedHere(info) {
  return (process.getuid === undefined || info.uid === process.getuid()) && (info.mode & 0o022) === 0;
}

/**
 * Whether a cache folder may be believed: a real folder (not a link) of this user that no one else can write to.
 * In a shared or loose folder another user could plant an entry that passes a bad file or runs their code.
 */
function trustedFolder(folder) {
  try {
    const info = lstatSync(folder);
    return info.isDirectory() && ownedHere(info);
  } catch {
    return false;
  }
}

/**
 * mkdir -p with each level made on its own (mode 0700), at most `depth` levels: Node 20's `recursive` mkdir can
 * loop for ever where mkdir answers ENOENT under a folder that exists (e.g. below /proc).
 */
function makeFolders(path, depth) {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    const code = error.code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || depth <= 0 || parent === path) throw error;
    makeFolders(parent, depth - 1);
    mkdirSync(path, { mode: 0o700 });
  }
}

module.exports = { makeFolders, ownedHere, trustedFolder, userCacheFolder };
