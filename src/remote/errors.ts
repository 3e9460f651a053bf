// Errors of the transport: a host that cannot be reached (naming it and why), a target locked by another run.
import { ExitCode, UserError } from '../engine/errors.js';
import { detectLang, type Lang } from '../i18n/index.js';
import { remoteText } from '../i18n/remote.js';
import type { Unreachable } from './classify.js';
import type { SshTarget } from './ssh-args.js';

/** `api-2 (deploy@10.0.0.12:2222)`: the inventory name and where ssh went. */
export function describeTarget(target: Pick<SshTarget, 'name' | 'address' | 'user' | 'port'>): string {
  const where = `${target.user ? `${target.user}@` : ''}${target.address}${target.port ? `:${target.port}` : ''}`;
  return where === target.name ? target.name : `${target.name} (${where})`;
}

/** The message and hint for an unreachable host, in `lang`. */
export function unreachableText(target: Pick<SshTarget, 'name' | 'address' | 'user' | 'port'>, u: Unreachable, lang: Lang): { message: string; hint: string } {
  const t = remoteText(lang);
  const host = describeTarget(target);
  const known = `[${target.address}]:${target.port ?? 22}`;
  const address = target.port && target.port !== 22 ? known : target.address;
  const detail = u.detail ? t('ssh.detail', { detail: u.detail }) : '';
  const outcome = u.started ? t('ssh.outcomeUnknown') : '';
  const message = t(`ssh.${u.reason}`, { host }) + outcome + detail;
  const hint = t(`ssh.${u.reason}.hint`, { address, port: String(target.port ?? 22), name: target.name });
  return { message, hint };
}

/** A host that could not be reached, refused the key, had an unknown or changed host key, or was lost. */
export class HostUnreachableError extends UserError {
  readonly host: string;
  readonly unreachable: Unreachable;
  constructor(target: Pick<SshTarget, 'name' | 'address' | 'user' | 'port'>, unreachable: Unreachable, lang: Lang = detectLang()) {
    const { message, hint } = unreachableText(target, unreachable, lang);
    super(message, { hint, exitCode: ExitCode.failed });
    this.name = 'HostUnreachableError';
    this.host = target.name;
    this.unreachable = unreachable;
  }
}

/** Who holds a remote lock, as its holder wrote it on the host (read back as untrusted text). */
export interface LockHolder {
  /** `user@opshost`. */
  who: string;
  runId: string;
  since: string;
  pid: string;
}

/** Another run (from this or another ops host) holds the lock on the target: exit 5, naming the holder. */
export class RemoteLockedError extends UserError {
  readonly host: string;
  readonly key: string;
  readonly holder: LockHolder | undefined;
  constructor(target: Pick<SshTarget, 'name' | 'address' | 'user' | 'port'>, key: string, holder: LockHolder | undefined, lang: Lang = detectLang()) {
    const t = remoteText(lang);
    const host = describeTarget(target);
    const message = holder ? t('lock.held', { host, key, who: holder.who, run: holder.runId, since: holder.since }) : t('lock.heldUnknown', { host, key });
    super(message, { exitCode: ExitCode.locked, hint: t('lock.heldHint', { host: target.name }) });
    this.name = 'RemoteLockedError';
    this.host = target.name;
    this.key = key;
    this.holder = holder;
  }
}

/** The lock could not be taken for another reason than a holder (no flock, a folder others can write …). */
export class RemoteLockError extends UserError {
  constructor(message: string, hint: string) {
    super(message, { exitCode: ExitCode.failed, hint });
    this.name = 'RemoteLockError';
  }
}
