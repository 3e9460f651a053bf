// Real sshd test hosts: each in a network namespace of its own behind a veth pair (as root), else on a loopback port.
//
// Namespace mode (CI runs as root): host i gets the namespace `rbt-<pid>-<tag>-<i>`, a veth pair with a /30 of a
// private 10.x.y.0/24 the fleet picks (checked unused), and an sshd listening on <address>:22 inside. The sshd runs
// in a private mount namespace too, where an empty folder of the test is bind-mounted over /root (so the login shell
// reads no rc file of the machine's root) and another over /run/lock (so remote locks never touch the machine's).
// Host and user keys are generated with ssh-keygen in the fleet's temp folder, which also holds the known_hosts the
// tests use. Nothing listens outside this machine. stop() kills every process of every namespace and deletes the
// namespaces (their veth pairs go with them); it also runs at process exit, and a fleet left behind by a test process
// that died is removed by the next fleet that starts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';

export interface TestHost {
  name: string;
  /** Where ssh connects. */
  address: string;
  port: number;
  /** The namespace (namespace mode). */
  netns?: string;
  dir: string;
  /** A lock folder for the remote lock tests: /run/lock/runbook (a folder of the test, mounted there) in namespace mode, else in `dir`. */
  lockDir: string;
  /** `address keytype key`, a known_hosts line. */
  knownHostsLine(): string;
  /** The log of this host's sshd (LogLevel VERBOSE). */
  log(): string;
  /** How many logins this sshd accepted (one per TCP connection that authenticated). */
  logins(): number;
  /** Established TCP connections to this sshd (namespace mode: `ss` inside the namespace). */
  connections(): number;
  /** Pids of the processes on this host whose command line or environment holds `token`. */
  processesWith(token: string): number[];
  /** Pids of the per-connection sshd processes (killing them drops the connections). */
  sessionPids(): number[];
  /** Stops this sshd and every process of the host (connections drop, new ones are refused). */
  stop(): void;
  /** Starts the sshd again (with a new host key when asked: known_hosts then holds a changed key). */
  start(options?: { newHostKey?: boolean }): Promise<void>;
  /** Namespace mode: takes the link down (packets vanish: no refusal, no reset) or up again. */
  link(up: boolean): void;
}

export interface SshFleet {
  hosts: TestHost[];
  mode: 'netns' | 'loopback';
  dir: string;
  /** The user key (private) the hosts accept. */
  identityFile: string;
  /** A known_hosts with every host's key. */
  knownHosts: string;
  /** The remote user. */
  user: string;
  /** Client options of the tests: this fleet's key and known_hosts only, nothing of the machine's ssh setup. */
  sshOptions: Record<string, string>;
  stop(): void;
}

const fleets = new Set<SshFleet>();
process.on('exit', () => {
  for (const fleet of fleets) fleet.stop();
});

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryRun(file: string, args: string[]): boolean {
  try {
    run(file, args);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function namespacesAvailable(): boolean {
  if (process.getuid?.() !== 0 || !['/usr/sbin/ip', '/sbin/ip', '/bin/ip'].some((p) => existsSync(p))) return false;
  const probe = `rbt-probe-${process.pid}`;
  if (!tryRun('ip', ['netns', 'add', probe])) return false;
  tryRun('ip', ['netns', 'del', probe]);
  return true;
}

/** Removes the namespaces of fleets whose test process died without cleaning up. */
function removeStaleNamespaces(): void {
  let names: string[];
  try {
    names = run('ip', ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = /^rbt-(\d+)-/.exec(name);
    if (owner && !alive(Number(owner[1]))) deleteNamespace(name);
  }
}

function namespacePids(netns: string): number[] {
  try {
    return run('ip', ['netns', 'pids', netns]).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function deleteNamespace(netns: string): void {
  for (const pid of namespacePids(netns)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  tryRun('ip', ['netns', 'del', netns]);
}

/** A 10.x.y.0/24 that no address or route of this machine uses. */
function freeSubnet(): string {
  const used = run('ip', ['-4', 'route', 'show', 'table', 'all']) + run('ip', ['-4', 'addr']);
  for (let attempt = 0; attempt < 200; attempt++) {
    const prefix = `10.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}`;
    if (!used.includes(`${prefix}.`)) return prefix;
  }
  throw new Error('no free 10.x.y.0/24 for the test hosts');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`test sshd: ${what} not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function procText(pid: number, file: 'cmdline' | 'environ'): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return '';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

interface HostSetup {
  fleetDir: string;
  index: number;
  mode: SshFleet['mode'];
  subnet: string;
  tag: string;
  user: string;
  authorizedKeys: string;
}

function sshdConfig(dir: string, listen: string, setup: HostSetup, name: string): string {
  return [
    `ListenAddress ${listen}`,
    `HostKey ${join(dir, 'host_ed25519_key')}`,
    `AuthorizedKeysFile ${setup.authorizedKeys}`,
    'PidFile none',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The keys live in a temp folder (world-writable /tmp above it): sshd's ownership checks would refuse them.
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    'LogLevel VERBOSE',
    'MaxSessions 64',
    'MaxStartups 200',
    // Every process of this host inherits the variable: processesWith() finds them in loopback mode too.
    `SetEnv RUNBOOK_TEST_HOST=${setup.tag}-${name}`,
    '',
  ].join('\n');
}

/** A namespace with a veth pair: `<base+1>/30` on this side, `<base+2>/30` (returned) inside, links up. */
function addNamespace(netns: string, vethRoot: string, vethHost: string, base: string): string {
  const [prefix, last] = [base.slice(0, base.lastIndexOf('.')), Number(base.slice(base.lastIndexOf('.') + 1))];
  const address = `${prefix}.${last + 2}`;
  run('ip', ['netns', 'add', netns]);
  run('ip', ['link', 'add', vethRoot, 'type', 'veth', 'peer', 'name', vethHost]);
  run('ip', ['link', 'set', vethHost, 'netns', netns]);
  run('ip', ['addr', 'add', `${prefix}.${last + 1}/30`, 'dev', vethRoot]);
  run('ip', ['link', 'set', vethRoot, 'up']);
  run('ip', ['netns', 'exec', netns, 'ip', 'addr', 'add', `${address}/30`, 'dev', vethHost]);
  run('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', vethHost, 'up']);
  run('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
  return address;
}

/** Starts sshd (in the namespace, with /root and /run/lock replaced by the host's own folders) and waits until it listens. */
async function startSshd(dir: string, netns: string | undefined, logFile: string, log: () => string): Promise<ChildProcess> {
  const before = log().length;
  const args = [SSHD, '-D', '-f', join(dir, 'sshd_config'), '-E', logFile];
  const script = `mkdir -p /run/lock && mount --bind "$1" /root && mount --bind "$2" /run/lock && shift 2 && exec "$@"`;
  const child = netns
    ? spawn('ip', ['netns', 'exec', netns, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', join(dir, 'home'), join(dir, 'lock'), ...args], { stdio: 'ignore' })
    : spawn(args[0]!, args.slice(1), { stdio: 'ignore' });
  await waitFor(() => log().slice(before).includes('Server listening on') || child.exitCode !== null, `${dir}: sshd listening`);
  if (child.exitCode !== null) throw new Error(`test sshd in ${dir} exited ${child.exitCode}:\n${log().slice(before)}`);
  return child;
}

async function makeHost(setup: HostSetup): Promise<TestHost> {
  const name = `host-${setup.index + 1}`;
  const dir = join(setup.fleetDir, name);
  mkdirSync(join(dir, 'home'), { recursive: true });
  mkdirSync(join(dir, 'lock'), { recursive: true });
  const netns = setup.mode === 'netns' ? `rbt-${process.pid}-${setup.tag}-${setup.index}` : undefined;
  let address = '127.0.0.1';
  const vethRoot = `${setup.tag}a${setup.index}`;
  const vethHost = `${setup.tag}b${setup.index}`;
  if (netns) address = addNamespace(netns, vethRoot, vethHost, `${setup.subnet}.${setup.index * 4}`);
  const logFile = join(dir, 'sshd.log');
  let child: ChildProcess | undefined;
  const newKey = () => {
    rmSync(join(dir, 'host_ed25519_key'), { force: true });
    rmSync(join(dir, 'host_ed25519_key.pub'), { force: true });
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(dir, 'host_ed25519_key')]);
  };
  newKey();

  const host: TestHost = {
    name,
    address,
    port: 22,
    ...(netns ? { netns } : {}),
    dir,
    lockDir: netns ? '/run/lock/runbook' : join(dir, 'lock', 'runbook'),
    knownHostsLine: () => {
      const key = readFileSync(join(dir, 'host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      return `${host.port === 22 ? host.address : `[${host.address}]:${host.port}`} ${key}`;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    logins: () => (host.log().match(/^Accepted publickey/gm) ?? []).length,
    connections: () => {
      const out = netns ? run('ip', ['netns', 'exec', netns, 'ss', '-Htn', 'state', 'established', `( sport = :${host.port} )`]) : run('ss', ['-Htn', 'state', 'established', `( sport = :${host.port} )`]);
      return out.split('\n').filter((l) => l.trim() !== '').length;
    },
    processesWith: (token) => {
      const mark = `RUNBOOK_TEST_HOST=${setup.tag}-${name}`;
      const pids = netns ? namespacePids(netns) : allPids().filter((pid) => procText(pid, 'environ').includes(mark));
      return pids.filter((pid) => pid !== process.pid && (procText(pid, 'cmdline').includes(token) || procText(pid, 'environ').includes(token)));
    },
    sessionPids: () => {
      // One sshd per connection, forked by the listener: killing it drops that connection.
      const listener = child?.pid;
      return listener === undefined ? [] : allPids().filter((pid) => parentOf(pid) === listener);
    },
    stop: () => {
      if (child?.pid && alive(child.pid)) process.kill(child.pid, 'SIGKILL');
      child = undefined;
      if (netns) {
        for (const pid of namespacePids(netns)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
      } else {
        for (const pid of host.sessionPids()) process.kill(pid, 'SIGKILL');
      }
    },
    start: async (options = {}) => {
      if (options.newHostKey) newKey();
      // Loopback mode: a free port on first start, the same one after (known_hosts names it).
      if (!netns && host.port === 22) host.port = await freePort();
      writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, `${address}:${host.port}`, setup, name));
      child = await startSshd(dir, netns, logFile, host.log);
    },
    link: (up) => {
      if (!netns) throw new Error('link() needs namespace mode');
      run('ip', ['link', 'set', vethRoot, up ? 'up' : 'down']);
    },
  };
  await host.start();
  return host;
}

/** Starts `count` sshd hosts (namespace mode when possible, else loopback). */
export async function startSshFleet(count: number, options: { mode?: SshFleet['mode'] } = {}): Promise<SshFleet> {
  const forced = process.env.RUNBOOK_TEST_SSHD_MODE;
  const mode = options.mode ?? (forced === 'netns' || forced === 'loopback' ? forced : namespacesAvailable() ? 'netns' : 'loopback');
  if (mode === 'netns') removeStaleNamespaces();
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'runbook-sshd-'));
  const identityFile = join(dir, 'user_ed25519_key');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'runbook-test', '-f', identityFile]);
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${identityFile}.pub`));
  const user = run('id', ['-un']).trim();
  const knownHosts = join(dir, 'known_hosts');
  const tag = `r${process.pid.toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`;
  const hosts: TestHost[] = [];
  const fleet: SshFleet = {
    hosts,
    mode,
    dir,
    identityFile,
    knownHosts,
    user,
    sshOptions: {
      IdentityFile: identityFile,
      IdentitiesOnly: 'yes',
      IdentityAgent: 'none',
      UserKnownHostsFile: knownHosts,
      GlobalKnownHostsFile: '/dev/null',
    },
    stop: () => {
      fleets.delete(fleet);
      for (const host of hosts) {
        host.stop();
        if (host.netns) deleteNamespace(host.netns);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  fleets.add(fleet);
  try {
    const subnet = mode === 'netns' ? freeSubnet() : '';
    for (let index = 0; index < count; index++) hosts.push(await makeHost({ fleetDir: dir, index, mode, subnet, tag, user, authorizedKeys }));
  } catch (error) {
    fleet.stop();
    throw error;
  }
  writeFileSync(knownHosts, hosts.map((h) => h.knownHostsLine()).join('\n') + '\n');
  return fleet;
}
