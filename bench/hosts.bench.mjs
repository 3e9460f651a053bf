// Benchmark: `runbook play` of a playbook with `targets` against real sshds (test/helpers/sshd.ts), in the same run as
// the baselines (issue 16):
//
// 1. Fleet: H hosts × S trivial steps (`run: "true"`), `serial: 100%`, through the whole CLI (inventory, compile,
//    a master and a lock per host, journal, NDJSON output) vs `ansible-playbook` (Debian ansible-core: ssh
//    connection, pipelining on, `serial: 100%`, forks = H, no fact gathering) running S `command: /bin/true` tasks on
//    the same hosts. Goal: runbook ≥ 5× faster (runbook / ansible ≤ 0.2). Ansible is skipped with --quick and when
//    it is not installed.
// 2. Per-step cost on one host over the run's multiplexed connection: (time of N steps − time of 1 step) / (N − 1)
//    through `runbook play`, vs a raw `ssh -S <socket> host true` loop over a master. Goal: ≤ 1.5×.
//
// Run: `npm run bench -- --only hosts`. HOSTS_BENCH_HOSTS, HOSTS_BENCH_STEPS, HOSTS_BENCH_N change the sizes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib/measure.mjs';
import { loadModules, which } from './lib/ssh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/runbook.js');

export const name = 'hosts';



/** The test hosts and the transport's session (for the raw baseline's master), bundled from TypeScript. */
const load = (dir) => loadModules(dir, { remote: 'src/remote/session.ts', sshd: 'test/helpers/sshd.ts' });

/** inventory.yaml of the fleet (its key and known_hosts as ssh options), and a playbook of `steps` trivial steps. */
function writeFiles(dir, fleet, hosts, steps, tag) {
  const inventory = {
    defaults: { user: fleet.user, connect_timeout: 10, ssh_options: fleet.sshOptions },
    hosts: Object.fromEntries(hosts.map((h) => [h.name, { address: h.address, port: h.port, lock_dir: h.lockDir }])),
  };
  const inv = join(dir, `inventory-${tag}.yaml`);
  writeFileSync(inv, JSON.stringify(inventory));
  const play = join(dir, `play-${tag}.yaml`);
  const list = Array.from({ length: steps }, (_, i) => `  - id: s${i + 1}\n    run: "true"\n`).join('');
  writeFileSync(play, `name: bench-${tag}\ntargets: all\nserial: 100%\nsteps:\n${list}`);
  return { inv, play };
}

function playOnce(files, home) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, 'play', files.play, '--inventory', files.inv, '--home', home, '--output', 'json'], { encoding: 'utf8', env: { ...process.env, RUNBOOK_HOME: home } });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`runbook play exited ${result.status}:\n${(result.stdout + result.stderr).slice(-2000)}`);
  return ms;
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

async function rawPerStep(lib, fleet, n) {
  const host = fleet.hosts[0];
  const session = lib.SshSession.create({ configFile: '/dev/null', options: fleet.sshOptions });
  try {
    const master = await session.connect({ name: host.name, address: host.address, port: host.port, user: fleet.user, sshOptions: {}, hostKeyChecking: 'strict', connectTimeout: 5 });
    await rawTrue(master);
    const started = performance.now();
    for (let i = 0; i < n; i++) await rawTrue(master);
    return (performance.now() - started) / n;
  } finally {
    await session.close();
  }
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
  const started = performance.now();
  const result = spawnSync('ansible-playbook', ['-i', inventory, playbook], { env: { ...process.env, HOME: join(dir, 'home'), ANSIBLE_CONFIG: config, ANSIBLE_LOCAL_TEMP: join(dir, 'tmp') }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`ansible-playbook exited ${result.status}:\n${(result.stdout + result.stderr).slice(-2000)}`);
  return ms;
}

/** Runs the benchmark; resolves to metrics and the goals checked. */
export async function run(options = {}) {
  if (!which('sshd') && !which('/usr/sbin/sshd')) return { name, metrics: { skipped: 'sshd (openssh-server) is not installed' }, checks: [], ok: true };
  const quick = options.quick === true;
  const hostCount = Number(process.env.HOSTS_BENCH_HOSTS ?? (quick ? 3 : 20));
  const steps = Number(process.env.HOSTS_BENCH_STEPS ?? 10);
  // Fewer steps make the difference of two runs noise on a loaded machine: 100 even with --quick.
  const n = Number(process.env.HOSTS_BENCH_N ?? 100);
  const rounds = 3;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-hosts-bench-'));
  let fleet;
  try {
    const lib = await load(dir);
    fleet = await lib.startSshFleet(hostCount);
    const home = join(dir, 'home');
    mkdirSync(home);
    const fleetFiles = writeFiles(dir, fleet, fleet.hosts, steps, 'fleet');
    const one = writeFiles(dir, fleet, [fleet.hosts[0]], 1, 'one');
    const many = writeFiles(dir, fleet, [fleet.hosts[0]], n, 'many');
    playOnce(one, home);
    const fleetRuns = [];
    const perStep = [];
    const raw = [];
    for (let r = 0; r < rounds; r++) {
      fleetRuns.push(playOnce(fleetFiles, home));
      perStep.push((playOnce(many, home) - playOnce(one, home)) / (n - 1));
      raw.push(await rawPerStep(lib, fleet, n));
    }
    const fleetMs = median(fleetRuns);
    const stepMs = median(perStep);
    const rawMs = median(raw);
    const metrics = {
      hosts: `${hostCount} (${fleet.mode === 'netns' ? 'network namespaces' : 'loopback ports'})`,
      [`runbook play ${hostCount}×${steps}, serial 100% (ms)`]: fleetMs,
      'runbook play per step on one host (ms)': stepMs,
      'raw ssh -S host true (ms/step)': rawMs,
      'per step / raw': stepMs / rawMs,
    };
    const checks = [{ name: 'hosts/per-step runbook play / raw mux', value: stepMs / rawMs, max: 1.5, ok: stepMs / rawMs <= 1.5 }];
    if (quick) metrics.ansible = 'skipped in --quick';
    else if (!which('ansible-playbook')) metrics.ansible = 'skipped: ansible-playbook is not installed (Debian: apt-get install ansible-core)';
    else {
      const ansibleMs = median([ansibleRun(fleet, steps, dir), ansibleRun(fleet, steps, dir)]);
      metrics[`ansible-playbook ${hostCount}×${steps} (ms)`] = ansibleMs;
      metrics['ansible / runbook'] = ansibleMs / fleetMs;
      checks.push({ name: 'hosts/runbook play / ansible-playbook (≥ 5× faster)', value: fleetMs / ansibleMs, max: 0.2, ok: fleetMs / ansibleMs <= 0.2 });
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
