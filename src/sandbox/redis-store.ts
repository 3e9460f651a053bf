// How the simulated redis persists, as redis:7 with its default configuration does: an RDB file `dump.rdb` in its volume.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxPaths } from './paths.js';
import type { SandboxState } from './state.js';

/**
 * The configuration of the `redis:7.2` image without a config file: save points on (so SAVE on shutdown and on
 * FLUSHALL), no append-only file (so `dump.rdb` is the only thing loaded at start).
 */
export const REDIS_CONFIG: Readonly<Record<string, string>> = {
  dir: '/data',
  dbfilename: 'dump.rdb',
  save: '3600 1 300 100 60 10000',
  appendonly: 'no',
};

export function dumpFile(paths: SandboxPaths): string {
  return join(paths.redisVolume, REDIS_CONFIG.dbfilename!);
}

/** The RDB format of the sandbox: the keys as one JSON object of strings (what `--rdb`, SAVE and shutdown write). */
export function serializeRdb(db: Record<string, string>): string {
  return JSON.stringify(db);
}

/** The keys of an RDB file, or why redis would refuse to load it. */
export function parseRdb(text: string): Record<string, string> | Error {
  try {
    const db = JSON.parse(text) as unknown;
    if (db && typeof db === 'object' && !Array.isArray(db) && Object.values(db).every((v) => typeof v === 'string')) return db as Record<string, string>;
  } catch {
    // below
  }
  return new Error(text.length === 0 ? 'Short read or OOM loading DB. Unrecoverable error, aborting now.' : "Wrong signature trying to load DB from file");
}

/** SAVE / BGSAVE / shutdown: writes the data set to `dump.rdb` in the volume (created again if it was removed). */
export function saveRdb(state: SandboxState, paths: SandboxPaths, now = Date.now()): void {
  mkdirSync(paths.redisVolume, { recursive: true });
  writeFileSync(dumpFile(paths), serializeRdb(state.redis));
  state.redisLastSave = Math.floor(now / 1000);
}

/** What redis loads at start: `dump.rdb`, an empty data set when there is none, an error for a file it cannot read. */
export function loadRdb(paths: SandboxPaths): Record<string, string> | Error {
  const file = dumpFile(paths);
  return existsSync(file) ? parseRdb(readFileSync(file, 'utf8')) : {};
}
