// The runbook home: one per host for journals and locks (RUNBOOK_HOME, /var/lib/runbook as root, else the
// XDG state folder), with sandbox runs kept apart inside it, and the folders made so every operator can share it.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { shellQuote } from '../template.js';
import { makeDirs } from './fs-errors.js';

/** Where root keeps journals and locks when nothing else is said: every operator of the host sees them. */
export const ROOT_HOME = '/var/lib/runbook';

/** The home when neither --home nor RUNBOOK_HOME says: /var/lib/runbook as root, else $XDG_STATE_HOME/runbook (~/.local/state/runbook). */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): string {
  if (uid === 0) return ROOT_HOME;
  // The XDG base directory spec: an empty or relative value is ignored.
  const state = env.XDG_STATE_HOME;
  if (state && isAbsolute(state)) return join(state, 'runbook');
  return join(env.HOME || homedir(), '.local', 'state', 'runbook');
}

/** Sandbox runs keep their journals and locks apart: they never hold (or wait for) the real lock. */
export const sandboxHome = (home: string): string => join(home, 'sandbox');

/** The home a journal directory (`<home>/runs/<id>` or `<home>/sandbox/runs/<id>`) belongs to. */
export function homeOfJournal(journalDir: string): string {
  const runs = dirname(journalDir);
  const home = dirname(runs);
  return basename(home) === 'sandbox' ? dirname(home) : home;
}

/**
 * What a hint needs to reach this home from any directory and shell: nothing for the default home,
 * else ` --home '<absolute path>'`.
 */
export function homeArg(home: string, env: NodeJS.ProcessEnv = process.env): string {
  // A relative home (runPlan called with one) cannot be named from elsewhere: left as it is.
  return home === defaultHome(env) || !isAbsolute(home) ? '' : ` --home ${shellQuote(home)}`;
}

/**
 * Creates `<home>/<sub>` (and the home). When the home is shared — group-writable (`install -d -m 2775
 * -g ops`) or world-writable and sticky like /tmp — the folders made inside get the same permission
 * bits, whatever the umask, so that every operator can take and clear locks and write journals.
 */
export function prepareHomeDir(home: string, sub: string): string {
  const dir = join(home, sub);
  if (existsSync(dir)) return dir;
  makeDirs(home);
  const mode = statSync(home).mode & 0o7777;
  const shared = (mode & 0o020) !== 0 || (mode & 0o1002) === 0o1002;
  let parent = home;
  for (const part of sub.split('/')) {
    parent = join(parent, part);
    if (existsSync(parent)) continue;
    try {
      mkdirSync(parent);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // another run made it first
      throw error;
    }
    if (shared) chmodSync(parent, mode);
  }
  return dir;
}
