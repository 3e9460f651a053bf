// Running a command as another user (`become`): `setpriv` when runbook is root, else `sudo -n -u`; the
// environment (values, secrets) reaches the command without ever standing on a command line.
//
// setpriv changes the user and execs: the environment passes as it is, and the command stays the same
// process (the same process group: stopping it stops everything). sudo resets the environment, so the
// variables go through the command's stdin instead, NUL-separated, to a small bash reader that exports
// them, closes stdin and execs the real shell: a value is never in an argv that `ps` shows.
import { execFileSync } from 'node:child_process';

/** Who a command runs as, resolved before the run starts. */
export interface BecomeTarget {
  user: string;
  via: 'setpriv' | 'sudo';
  /** setpriv: the user's ids, home and shell (from `getent passwd`). */
  uid?: number;
  gid?: number;
  home?: string;
}

/** How to spawn a shell command as the target: the program, its arguments, its environment and what to write to its stdin. */
export interface BecomeSpawn {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** sudo: the environment, `NAME=value\0` each, for the reader; stdin is closed after it. */
  stdin?: string;
}

/** The variables that describe the user: set for the target, never carried over from runbook's own. */
const USER_VARIABLES = new Set(['HOME', 'USER', 'LOGNAME', 'SHELL', 'MAIL']);

/** Reads `NAME=value\0` pairs from stdin, exports them, then runs the command (in RUNBOOK_BECOME_COMMAND) with stdin closed. */
const READER = `while IFS= read -r -d '' kv; do export "$kv" || exit 126; done; exec </dev/null; c=$RUNBOOK_BECOME_COMMAND; unset RUNBOOK_BECOME_COMMAND; exec "$RUNBOOK_BECOME_SHELL" --noprofile --norc -eo pipefail -c "$c"`;

/** A user name as `useradd` accepts it (a template rendering something else is refused at compile time). */
export const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}\$?$/i;

/**
 * Why a user cannot be become, as data (said in the run's language by the engine): not a user name, no such
 * user, a program missing, or what sudo or getent said (`out`, their own words).
 */
export type BecomeWhy = { key: 'notUserName' } | { key: 'noUser' } | { key: 'notInstalled'; file: string } | { key: 'tool'; out: string };

/** The reason in English (the error's message). */
function englishOf(user: string, why: BecomeWhy): string {
  if (why.key === 'notUserName') return `not a user name: ${JSON.stringify(user)}`;
  if (why.key === 'noUser') return 'no such user';
  if (why.key === 'notInstalled') return `${why.file} is not installed`;
  return why.out;
}

/** Why a user cannot be become: said before the run starts. */
export class BecomeRefused extends Error {
  constructor(
    readonly user: string,
    readonly why: BecomeWhy,
  ) {
    super(englishOf(user, why));
    this.name = 'BecomeRefused';
  }
}

/** `sudo` unless runbook runs as root (`setpriv`); RUNBOOK_BECOME=sudo forces sudo (root may use it too). */
export function becomeVia(env: NodeJS.ProcessEnv): BecomeTarget['via'] {
  if (env.RUNBOOK_BECOME === 'sudo') return 'sudo';
  return process.getuid?.() === 0 ? 'setpriv' : 'sudo';
}

const run = (file: string, args: string[]): { ok: true; out: string } | { ok: false; why: BecomeWhy; out: string } => {
  try {
    return { ok: true, out: execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000, env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' } }) };
  } catch (error) {
    const e = error as { stderr?: string; code?: string; message: string };
    if (e.code === 'ENOENT') return { ok: false, why: { key: 'notInstalled', file }, out: '' };
    const out = (e.stderr ?? '').trim() || e.message;
    return { ok: false, why: { key: 'tool', out }, out };
  }
};

/**
 * Checks that a command may run as `user` and how: as root, that the user exists (its ids and home);
 * else that sudo lets this user run bash as `user` without a password (`sudo -n -l -u user bash`:
 * nothing runs). Throws BecomeRefused saying why not.
 */
export function resolveBecome(user: string, shell: string, env: NodeJS.ProcessEnv): BecomeTarget {
  if (!USER_NAME.test(user)) throw new BecomeRefused(user, { key: 'notUserName' });
  const via = becomeVia(env);
  if (via === 'sudo') {
    const check = run('sudo', ['-n', '-l', '-u', user, '--', shell]);
    if (!check.ok) throw new BecomeRefused(user, check.why);
    return { user, via };
  }
  const entry = run('getent', ['passwd', user]);
  // getent says nothing and exits 2 for an unknown user.
  if (!entry.ok) throw new BecomeRefused(user, entry.out.startsWith('Command failed') ? { key: 'noUser' } : entry.why);
  // name:password:uid:gid:gecos:home:shell — getent's own output, one line.
  const fields = entry.out.trim().split('\n')[0]!.split(':');
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new BecomeRefused(user, { key: 'noUser' });
  return { user, via, uid, gid, home: fields[5] ?? '/' };
}

/** How to spawn `shell -c command` as the target with `env`. */
export function becomeSpawn(target: BecomeTarget, shell: string, shellArgs: string[], command: string, env: Record<string, string>): BecomeSpawn {
  const own = Object.fromEntries(Object.entries(env).filter(([name]) => !USER_VARIABLES.has(name)));
  if (target.via === 'setpriv') {
    const who = { HOME: target.home ?? '/', USER: target.user, LOGNAME: target.user };
    return { file: 'setpriv', args: [`--reuid=${target.uid}`, `--regid=${target.gid}`, '--init-groups', '--', shell, ...shellArgs], env: { ...own, ...who } };
  }
  const pairs = { ...own, RUNBOOK_BECOME_COMMAND: command, RUNBOOK_BECOME_SHELL: shell };
  const stdin = Object.entries(pairs).map(([name, value]) => `${name}=${value}\0`).join('');
  // -H: HOME of the target user; sudo sets USER and LOGNAME to it.
  return { file: 'sudo', args: ['-n', '-H', '-u', target.user, '--', shell, '--noprofile', '--norc', '-c', READER], env: { PATH: env.PATH ?? '/usr/bin:/bin', LANG: env.LANG ?? 'C' }, stdin };
}
