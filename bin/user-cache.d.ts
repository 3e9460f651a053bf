// Types of bin/user-cache.js, for the CLI's own code (validate's parse cache) and the tests.
import type { Stats } from 'node:fs';
/** $XDG_CACHE_HOME/runbook/<part>, else ~/.cache/runbook/<part>. */
export function userCacheFolder(env: NodeJS.ProcessEnv, part: string): string;
/** Whether an lstat or fstat is this user's and no one else's to write. */
export function ownedHere(info: Stats): boolean;
/** Whether a cache folder may be believed: a real folder (not a link) of this user that no one else can write to. */
export function trustedFolder(folder: string): boolean;
/** mkdir -p, each level made private (0700), at most `depth` levels up. */
export function makeFolders(path: string, depth: number): void;
