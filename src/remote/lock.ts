// A lock file on a target host, taken over the host's master and held by a remote `flock` for as long as the run goes on.
//
// The holder is a bash on the host that took `flock -n` on <lock_dir>/<key>.lock and waits on its stdin, a pipe
// from runbook: it lets go when runbook releases the lock, ends, dies, or loses the connection (end of file).
// The holder writes who it is (user@opshost, run id, since) to <key>.lock.holder, which a second run reads back
// to name it. The data reaches the host on stdin, as for commands (wrapper.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { detectLang, type Lang } from '../i18n/index.js';
import { remoteText } from '../i18n/remote.js';
import { classifySshError, sshDetail } from './classify.js';
import { HostUnreachableError, RemoteLockError, RemoteLockedError, describeTarget, type LockHolder } from './errors.js';
import type { SshMaster } from './master.js';
import { MarkerFilter } from './markers.js';
import { sessionArgs } from './ssh-args.js';

const LOCK_SCRIPT = String.raw`__rb() {
  local IFS= n d k h f
  read -r -d '' n && read -r -d '' d && read -r -d '' k && read -r -d '' h || exit 96
  f=$d/$k.lock
  if ! command -v flock >/dev/null; then printf '\036%s e flock\n' "$n"; exit 0; fi
  if [[ -L $d || -L $f || -L $f.holder ]]; then printf '\036%s e symlink\n' "$n"; exit 0; fi
  if [[ ! -d $d ]] && ! mkdir -p -m 0755 -- "$d" 2>/dev/null; then printf '\036%s e mkdir\n' "$n"; exit 0; fi
  if [[ -n $(find "$d" -maxdepth 0 -perm -0002 2>/dev/null) ]]; then printf '\036%s e shared\n' "$n"; exit 0; fi
  if ! exec 9>>"$f"; then printf '\036%s e open\n' "$n"; exit 0; fi
  if ! flock -n 9; then
    printf '\036%s b ' "$n"; head -c 512 -- "$f.holder" 2>/dev/null | tr -d '\n\036'; printf '\n'; exit 0
  fi
  printf '%s\n' "$h" >"$f.holder"
  printf '\036%s l\n' "$n"
  read -r _
  rm -f -- "$f.holder"
  exit 0
}
__rb; exit 97
`;

/** The same names the playbook's `lock:` key allows: a file name, never a path. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export interface RemoteLockRequest {
  /** The playbook's lock key. */
  key: string;
  /** Folder on the host (the inventory's `lock_dir`). */
  dir: string;
  holder: LockHolder;
  lang?: Lang;
}

export interface RemoteLock {
  host: string;
  key: string;
  /** Lets go of the lock and waits until the holder on the host is gone. */
  release(): Promise<void>;
  /** Resolves if the holder ends without release() (the connection dropped): the lock is no longer held. */
  lost: Promise<void>;
}

/** This process as a lock holder: user@opshost, the run, now. */
export function currentHolder(runId: string): LockHolder {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): keep $USER
  }
  return { who: `${user}@${hostname()}`, runId, since: new Date().toISOString(), pid: String(process.pid) };
}

/** One field of the holder line: no tab, newline or control character, bounded. */
function field(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

/** Reads back a holder line (untrusted text from the host). */
export function parseHolder(line: string): LockHolder | undefined {
  const [who, runId, since, pid] = line.split('\t').map((s) => field(s.trim()));
  if (!who || !runId) return undefined;
  return { who, runId, since: since ?? '', pid: pid ?? '' };
}

/** Takes the lock on the master's host; throws RemoteLockedError naming the holder, or RemoteLockError / HostUnreachableError. */
export async function takeRemoteLock(master: SshMaster, request: RemoteLockRequest): Promise<RemoteLock> {
  const lang = request.lang ?? detectLang();
  const t = remoteText(lang);
  const target = master.target;
  if (!KEY.test(request.key)) throw new RemoteLockError(t('lock.badKey', { key: request.key }), t('lock.failedHint'));
  if (!master.alive) throw new HostUnreachableError(target, { ...(master.lost ?? { reason: 'dropped', detail: '' }), started: false }, lang);
  const nonce = randomBytes(8).toString('hex');
  const holderLine = [request.holder.who, request.holder.runId, request.holder.since, request.holder.pid].map(field).join('\t');
  const data = [nonce, request.dir, request.key, holderLine].map((f) => `${f}\0`).join('');
  const child = spawn(master.settings.ssh ?? 'ssh', sessionArgs(target, master.socket, master.settings), {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: master.settings.env ?? process.env,
  });
  child.stdin.on('error', () => {});
  child.stdin.write(LOCK_SCRIPT + data);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(255));
  });
  const answer = await new Promise<{ kind: string; value: string } | undefined>((resolve) => {
    const filter = new MarkerFilter(nonce, () => {}, (kind, value) => resolve({ kind, value }));
    child.stdout.on('data', (chunk: Buffer) => filter.push(chunk));
    void exited.then(() => resolve(undefined));
  });
  if (answer?.kind === 'l') {
    const lost = exited.then(() => undefined);
    let released = false;
    return {
      host: target.name,
      key: request.key,
      lost,
      async release() {
        if (released) return lost;
        released = true;
        child.stdin.end('release\n');
        await lost;
      },
    };
  }
  await exited;
  if (answer?.kind === 'b') throw new RemoteLockedError(target, request.key, parseHolder(answer.value), lang);
  if (answer?.kind === 'e') {
    const reason = ['mkdir', 'open', 'symlink', 'shared', 'flock'].includes(answer.value) ? answer.value : 'other';
    const text = t(`lock.reason.${reason as 'other'}`);
    throw new RemoteLockError(t('lock.failed', { host: describeTarget(target), dir: request.dir, reason: text }), t('lock.failedHint'));
  }
  if (!master.alive || (await exited) === 255) throw new HostUnreachableError(target, { reason: classifySshError(stderr), started: false, detail: sshDetail(stderr) }, lang);
  throw new RemoteLockError(t('lock.failed', { host: describeTarget(target), dir: request.dir, reason: t('lock.reason.other') }), t('lock.failedHint'));
}
