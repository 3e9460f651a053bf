// Benchmark: the OpenSSH transport (src/remote) against real sshds (test/helpers/sshd.ts: network namespaces as root,
// else loopback ports), in the same run:
//
// 1. Per-step cost over a multiplexed connection: N `true` commands through spawnRemote (wrapper on stdin, own
//    session, records, output capture) vs a raw `ssh -S <socket> host true` loop over the same master.
//    Goal (issue 16): ≤ 1.5×.
// 2. A fleet: H hosts × S trivial steps, hosts in parallel (one master each, connection included), steps in
//    sequence per host — what the engine will do once hosts are wired into it (issue 14 first): this drives the
//    transport directly with a small loop, not the engine. Compared with `ansible-playbook` (Debian ansible-core:
//    ssh connection, pipelining on, `serial: 100%`, forks = H, no fact gathering) running the same S `command: true`
//    tasks on the same hosts. Goal: runbook ≥ 5× faster, i.e. runbook/ansible ≤ 0.2. Skipped with --quick (ansible
//    takes tens of seconds) and when ansible-playbook is not installed.
//
// Run: `npm run bench -- --only ssh` or `node bench/run.mjs --only ssh`. SSH_BENCH_HOSTS, SSH_BENCH_STEPS,
// SSH_BENCH_N change the sizes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './lib/measure.mjs';
import { loadModules, which } from './lib/ssh.mjs';


export const name = 'ssh';



/** The transport and the test hosts, bundled from TypeScript into a temp folder and imported. */
const load = (dir) => loadModules(dir, { remote: 'src/remote/session.ts', spawn: 'src/remote/spawn.ts', sshd: 'test/helpers/sshd.ts' });

const ignore = () => {};

function targetOf(host, fleet) {
  return { name: host.name, address: host.address, port: host.port, user: fleet.user, sshOptions: {}, hostKeyChecking: 'strict', connectTimeout: 5 };
}

function rawTrue(master) {
  return new Promise((resolve, reject) => {
    const args = ['-F', '/dev/null', '-S', master.socket, '-o', 'ControlMaster=no', '-o', 'BatchMode=yes', master.target.address, 'true'];
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`raw ssh exited ${code}`))));
  });
}

async function viaTransport(spawnRemote, master) {
  const result = await spawnRemote(master, { command: 'true', env: {}, onStdout: ignore, onStderr: ignore }).done;
  if (result.exitCode !== 0) throw new Error(`transport step: ${JSON.stringify(result)}`);
}

async function timeLoop(n, once) {
  const started = performance.now();
  for (let i = 0; i < n; i++) await once();
  return performance.now() - started;
}

/** Per-step cost: transport vs raw mux loop, alternating rounds. */
async function perStep(lib, fleet, n, rounds) {
  const session = lib.SshSession.create({ configFile: '/dev/null', options: fleet.sshOptions });
  try {
    const master = await session.connect(targetOf(fleet.hosts[0], fleet));
    await viaTransport(lib.spawnRemote, master);
    await rawTrue(master);
    const raw = [];
    const ours = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await timeLoop(n, () => rawTrue(master)));
      ours.push(await timeLoop(n, () => viaTransport(lib.spawnRemote, master)));
    }
    return { raw: median(raw) / n, ours: median(ours) / n };
  } finally {
    await session.close();
  }
}

/** H hosts in parallel, S steps each, a fresh session (so connections are counted in). */
async function fleetRun(lib, fleet, steps) {
  const started = performance.now();
  const session = lib.SshSession.create({ configFile: '/dev/null', options: fleet.sshOptions });
  try {
    await Promise.all(
      fleet.hosts.map(async (host) => {
        const master = await session.connect(targetOf(host, fleet));
        for (let s = 0; s < steps; s++) await viaTransport(lib.spawnRemote, master);
      }),
    );
  } finally {
    await session.close();
  }
  return performance.now() - started;
}

function ansibleRun(fleet, steps, dir) {
  const inventory = join(dir, 'hosts.ini');
  const common = `-F /dev/null -o UserKnownHostsFile=${fleet.knownHosts} -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes`;
  writeFileSync(
    inventory,
    ['[fleet]', ...fleet.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`), '[fleet:vars]', `ansible_user=${fleet.user}`, `ansible_ssh_private_key_file=${fleet.identityFile}`, `ansible_ssh_common_args='${common}'`, 'ansible_python_interpreter=/usr/bin/python3', ''].join('\n'),
  );
  const playbook = join(dir, 'play.yml');
  const tasks = Array.from({ length: steps }, (_, i) => `    - name: step ${i + 1}\n      ansible.builtin.command: /bin/true\n`).join('');
  writeFileSync(playbook, `- hosts: fleet\n  gather_facts: false\n  serial: "100%"\n  tasks:\n${tasks}`);
  const config = join(dir, 'ansible.cfg');
  writeFileSync(config, `[defaults]\nforks = ${fleet.hosts.length}\nhost_key_checking = True\nstdout_callback = null\n\n[ssh_connection]\npipelining = True\n`);
  const home = join(dir, 'home');
  const started = performance.now();
  const result = spawnSync('ansible-playbook', ['-i', inventory, playbook], { env: { ...process.env, HOME: home, ANSIBLE_CONFIG: config, ANSIBLE_LOCAL_TEMP: join(dir, 'tmp') }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`ansible-playbook exited ${result.status}:\n${(result.stdout + result.stderr).slice(-2000)}`);
  return ms;
}

/** Runs the benchmark; resolves to metrics and the goals checked. */
export async function run(options = {}) {
  if (!which('sshd') && !which('/usr/sbin/sshd')) return { name, metrics: { skipped: 'sshd (openssh-server) is not installed' }, checks: [], ok: true };
  const quick = options.quick === true;
  const hostCount = Number(process.env.SSH_BENCH_HOSTS ?? (quick ? 3 : 20));
  const steps = Number(process.env.SSH_BENCH_STEPS ?? 10);
  const n = Number(process.env.SSH_BENCH_N ?? (quick ? 50 : 100));
  // Two short loops on a busy machine are noise: at least 5 rounds, even with --quick.
  const rounds = Math.max(5, Number(options.rounds ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ssh-bench-'));
  let fleet;
  try {
    const lib = await load(dir);
    fleet = await lib.startSshFleet(hostCount);
    const step = await perStep(lib, fleet, n, rounds);
    const metrics = {
      hosts: `${hostCount} (${fleet.mode === 'netns' ? 'network namespaces' : 'loopback ports'})`,
      'raw ssh -S host true (ms/step)': step.raw,
      'transport step (ms/step)': step.ours,
      'transport / raw': step.ours / step.raw,
    };
    const checks = [{ name: 'ssh/per-step transport / raw mux', value: step.ours / step.raw, max: 1.5, ok: step.ours / step.raw <= 1.5 }];
    const fleetMs = median(await Promise.all([fleetRun(lib, fleet, steps)]).then(async (first) => [...first, await fleetRun(lib, fleet, steps), await fleetRun(lib, fleet, steps)]));
    metrics[`fleet ${hostCount}×${steps} via transport (ms)`] = fleetMs;
    metrics['note'] = 'the fleet loop drives src/remote directly (one master per host, steps in sequence, hosts in parallel); the engine comes with the integration';
    if (quick) {
      metrics['ansible'] = 'skipped in --quick';
    } else if (!which('ansible-playbook')) {
      metrics['ansible'] = 'skipped: ansible-playbook is not installed (Debian: apt-get install ansible-core)';
    } else {
      const ansibleMs = ansibleRun(fleet, steps, dir);
      metrics[`fleet ${hostCount}×${steps} via ansible-playbook (ms)`] = ansibleMs;
      metrics['ansible / transport'] = ansibleMs / fleetMs;
      checks.push({ name: 'ssh/fleet transport / ansible (≥ 5× faster)', value: fleetMs / ansibleMs, max: 0.2, ok: fleetMs / ansibleMs <= 0.2 });
    }
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(result, null, 2));
}
