// The `ssh` command lines of a master connection and of the sessions multiplexed over it.
import type { HostKeyChecking } from '../inventory/model.js';

/** What the transport needs to know of a host (an InventoryHost is one). */
export interface SshTarget {
  /** The inventory name: messages say it. */
  name: string;
  address: string;
  user?: string;
  port?: number;
  sshOptions: Readonly<Record<string, string>>;
  hostKeyChecking: HostKeyChecking;
  /** Seconds. */
  connectTimeout: number;
}

/** Settings of the transport for a whole run. */
export interface SshSettings {
  /** The ssh client (default `ssh` on PATH). */
  ssh?: string;
  /** `ssh -F <file>`; default: the user's ~/.ssh/config and /etc/ssh/ssh_config, as ssh reads them. */
  configFile?: string;
  /** `-o` options for every host, after the inventory's own (e.g. a known_hosts file of the team). */
  options?: Readonly<Record<string, string>>;
  /** Seconds between keep-alive probes of a master (default 15); after `serverAliveCountMax` (default 3) unanswered, the host counts as dropped. */
  serverAliveInterval?: number;
  serverAliveCountMax?: number;
  /** The environment ssh runs with (default: runbook's). */
  env?: NodeJS.ProcessEnv;
}

/** What the master's own session runs: says it is ready, then holds the connection until its stdin closes (runbook ends or dies). */
export const MASTER_READY = 'runbook-master-ready';
const MASTER_COMMAND = `echo ${MASTER_READY}; exec cat >/dev/null`;

/** What every multiplexed session runs: a bash reading the wrapper, then the data, from stdin (docs/remote.md). */
export const REMOTE_SHELL = 'bash --noprofile --norc -s';

function pairs(options: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(options ?? {}).flatMap(([key, value]) => ['-o', `${key}=${value}`]);
}

/**
 * ssh takes the first value it reads for an option: the options runbook's safety rests on come first, then the
 * inventory's per host, then the run's settings, then defaults either may change.
 */
function common(target: SshTarget, socket: string, settings: SshSettings): string[] {
  const args = settings.configFile ? ['-F', settings.configFile] : [];
  args.push(
    '-T',
    '-o', 'BatchMode=yes',
    '-o', `StrictHostKeyChecking=${target.hostKeyChecking === 'accept-new' ? 'accept-new' : 'yes'}`,
    '-o', `ControlPath=${socket}`,
    '-o', 'LogLevel=ERROR',
    '-o', 'RemoteCommand=none',
    '-o', 'RequestTTY=no',
    '-o', 'ClearAllForwardings=yes',
    '-o', 'PermitLocalCommand=no',
    '-o', `ConnectTimeout=${target.connectTimeout}`,
  );
  if (target.port !== undefined) args.push('-o', `Port=${target.port}`);
  if (target.user !== undefined) args.push('-o', `User=${target.user}`);
  return args;
}

function defaults(settings: SshSettings): string[] {
  return ['-o', `ServerAliveInterval=${settings.serverAliveInterval ?? 15}`, '-o', `ServerAliveCountMax=${settings.serverAliveCountMax ?? 3}`, '-o', 'ForwardAgent=no', '-o', 'ForwardX11=no'];
}

/** The master: the one TCP connection to the host, with a socket the sessions share. */
export function masterArgs(target: SshTarget, socket: string, settings: SshSettings): string[] {
  return [
    ...common(target, socket, settings),
    '-o', 'ControlMaster=yes',
    '-o', 'ControlPersist=no',
    ...pairs(target.sshOptions),
    ...pairs(settings.options),
    ...defaults(settings),
    '--', target.address, MASTER_COMMAND,
  ];
}

/**
 * A session over the master's socket. `ProxyCommand=false` comes before any proxy setting: were the master gone,
 * ssh would otherwise open a connection of its own; with it, it fails (exit 255) and the host counts as dropped.
 */
export function sessionArgs(target: SshTarget, socket: string, settings: SshSettings, remote: string = REMOTE_SHELL): string[] {
  return [...common(target, socket, settings), '-o', 'ControlMaster=no', '-o', 'ProxyCommand=false', ...pairs(target.sshOptions), ...pairs(settings.options), ...defaults(settings), '--', target.address, remote];
}
