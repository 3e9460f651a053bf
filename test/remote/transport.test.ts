// The OpenSSH transport against real sshds: output, exit codes, values as data, secrets out of `ps`, one connection per host.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tryLoadInventoryText } from '../../src/inventory/load.js';
import { selectHosts } from '../../src/inventory/patterns.js';
import { capture, targetOf, until, useFleet, useSessions } from './fleet.js';

const { fleet } = useFleet(3);
const session = useSessions(fleet);

describe('commands on a host', () => {
  it('streams stdout and stderr apart and returns the exit code; a command exiting 255 is a command result, not a lost host', async () => {
    const s = session();
    const host = fleet().hosts[0]!;
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet()), { command: 'echo out; echo err >&2; echo "$RUNBOOK_TEST_HOST" | cut -d- -f2-; exit 3', env: {}, ...out.options });
    expect(await group.done).toEqual({ exitCode: 3, signal: null });
    expect(out.stdout()).toBe(`out\n${host.name}\n`);
    expect(out.stderr()).toBe('err\n');
    const e255 = capture();
    const g255 = await s.spawn(targetOf(host, fleet()), { command: 'echo bye >&2; exit 255', env: {}, ...e255.options });
    expect(await g255.done).toEqual({ exitCode: 255, signal: null });
    expect(e255.stderr()).toBe('bye\n');
  });

  it('runs with bash -eo pipefail, in the folder asked for, stdin empty', async () => {
    const s = session();
    const host = fleet().hosts[1]!;
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet()), { command: 'pwd; cat; false | true; echo not reached', env: {}, cwd: host.dir, ...out.options });
    expect(await group.done).toEqual({ exitCode: 1, signal: null });
    expect(out.stdout()).toBe(`${host.dir}\n`);
    const missing = capture();
    expect(await (await s.spawn(targetOf(host, fleet()), { command: 'true', env: {}, cwd: join(host.dir, 'nope'), ...missing.options })).done).toEqual({ exitCode: 127, signal: null });
    expect(missing.stderr()).toContain('No such file or directory');
  });

  it('passes hostile values as data: they reach the command whole and never run', async () => {
    const s = session();
    const host = fleet().hosts[0]!;
    const sentinel = join(host.dir, 'pwned');
    const values = [
      `$(touch ${sentinel})`,
      `\`touch ${sentinel}\``,
      `"; touch ${sentinel}; echo "`,
      `'; touch ${sentinel}; echo '`,
      `line one\ntouch ${sentinel}\n`,
      `\\"$HOME\\" \x1e${'0'.repeat(16)} x 0`,
      '-n -e',
      'emoji ✓ 中文',
    ];
    const env = Object.fromEntries(values.map((v, i) => [`RUNBOOK_V_${i + 1}`, v]));
    const command = values.map((_, i) => `printf '%s\\0' "\${RUNBOOK_V_${i + 1}}"`).join('; ');
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet()), { command, env, ...out.options });
    expect(await group.done).toEqual({ exitCode: 0, signal: null });
    expect(out.stdout().split('\0').slice(0, -1)).toEqual(values);
    expect(existsSync(sentinel)).toBe(false);
  });

  it('keeps values and secrets out of every command line on the host (ps) and on the ops side while the step runs', async () => {
    const s = session();
    const host = fleet().hosts[2]!;
    const secret = `s3cr3t-${Math.random().toString(36).slice(2)}`;
    const value = `value-${Math.random().toString(36).slice(2)}`;
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet()), {
      command: 'echo started; read -r _ < <(tail -f /dev/null) || true; echo "${RUNBOOK_V_1}" >/dev/null',
      env: { RUNBOOK_SECRET_TOKEN: secret, RUNBOOK_V_1: value },
      ...out.options,
    });
    await until(() => out.stdout().includes('started'), 'the step started');
    // ps on the host, for the processes of this host (its namespace), and on the ops side for everything.
    const remote = host.processesWith(secret);
    expect(remote.length).toBeGreaterThan(0); // the command has the secret, in its environment
    const remoteArgs = execFileSync('ps', ['-o', 'args=', '-p', host.processesWith('').join(',')], { encoding: 'utf8' });
    expect(remoteArgs).toContain('bash --noprofile --norc -s');
    expect(remoteArgs).not.toContain(secret);
    expect(remoteArgs).not.toContain(value);
    const everywhere = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
    expect(everywhere).not.toContain(secret);
    expect(everywhere).not.toContain(value);
    for (const pid of remote) expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).not.toContain(secret);
    await group.stop(1000);
  });

  it('multiplexes: one master, so one TCP connection and one login per host, however many commands', async () => {
    const s = session();
    const host = fleet().hosts[1]!;
    const before = host.logins();
    const target = targetOf(host, fleet());
    for (let i = 0; i < 5; i++) expect(await (await s.spawn(target, { command: `exit ${i}`, env: {}, onStdout() {}, onStderr() {} })).done).toEqual({ exitCode: i, signal: null });
    const parallel = await Promise.all([1, 2, 3].map(async () => (await s.spawn(target, { command: 'true', env: {}, onStdout() {}, onStderr() {} })).done));
    expect(parallel.every((r) => r.exitCode === 0)).toBe(true);
    expect(host.logins() - before).toBe(1);
    expect(host.connections()).toBe(1);
    await s.close();
    await until(() => host.connections() === 0, 'the master closed');
  });

  it('runs on the hosts a pattern selects from an inventory, with their address, port, user and ssh options', async () => {
    const f = fleet();
    const [a, b, c] = f.hosts;
    const text = `hosts:
  api-1: { address: ${a!.address}, port: ${a!.port}, vars: { role: api } }
  api-2: { address: ${b!.address}, port: ${b!.port} }
  db-1: { address: ${c!.address}, port: ${c!.port} }
groups:
  api: { hosts: [api-1, api-2], user: ${f.user}, ssh_options: { IdentityFile: ${f.identityFile}, IdentitiesOnly: true } }
`;
    const inventory = tryLoadInventoryText('inventory.yaml', text, { lang: 'en' }).inventory!;
    // The run's settings give the known_hosts only: the key comes from the inventory.
    const s = session({}, { configFile: '/dev/null', options: { UserKnownHostsFile: f.knownHosts, GlobalKnownHostsFile: '/dev/null', IdentityAgent: 'none' } });
    const hosts = selectHosts(inventory, 'api', 'en');
    const outputs = await Promise.all(
      hosts.map(async (host) => {
        const out = capture();
        const group = await s.spawn(host, { command: 'echo "$RUNBOOK_TEST_HOST" | cut -d- -f2- && echo "${RUNBOOK_V_1}"', env: { RUNBOOK_V_1: host.name }, ...out.options });
        expect(await group.done).toEqual({ exitCode: 0, signal: null });
        return out.stdout();
      }),
    );
    expect(outputs).toEqual([`${a!.name}\napi-1\n`, `${b!.name}\napi-2\n`]);
  });
});
