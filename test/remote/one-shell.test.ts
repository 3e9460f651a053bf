// A remote command runs in a subshell of the wrapper (one bash start per step, not two), yet as a local `bash -c` runs it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellArgs } from '../../src/process/shell.js';
import { capture, targetOf, until, useFleet, useSessions } from './fleet.js';

const { fleet } = useFleet(1);
const session = useSessions(fleet);

/** What a command can see of the shell it runs in (not `$$`: the wrapper's pid on a host, see docs/remote.md). */
const PROBE = [
  `printf '0=%s line=%s\\n' "$0" "$LINENO"`,
  `printf 'ifs=%q\\n' "$IFS"`,
  `printf 'exec=%s\\n' "$BASH_EXECUTION_STRING" | head -c 40; echo`,
  `set -o | grep -E '^(errexit|pipefail|monitor|nounset)\\b' | tr -s ' \\t' ' '`,
  // The wrapper's own variables are not there.
  `for v in n d c k v i g w r t; do declare -p "$v" 2>/dev/null || true; done; echo vars-checked`,
  `printf 'value=%s\\n' "$RUNBOOK_V_1"`,
  `echo 'quotes '"'"' " \\ $(not run) \`not run\` ;|&'`,
  'f() { echo "in f line $LINENO ${FUNCNAME[*]}"; }; f',
  'nosuch-command-here || echo "status $?"',
  'false | true',
  'echo never',
].join('\n');

describe('one bash per remote step', () => {
  it('the command sees what a local `bash --noprofile --norc -eo pipefail -c` sees: options, IFS, $0, line numbers, no wrapper variables; same output and exit code', async () => {
    const host = fleet().hosts[0]!;
    // IFS from the environment: bash starts with its own (a playbook's `env: { IFS: ',' }` splits nothing differently).
    const env = { RUNBOOK_V_1: `a value with 'quotes' and $(x) and\nnewline`, IFS: ',' };
    const out = capture();
    const group = await session().spawn(targetOf(host, fleet()), { command: PROBE, env, ...out.options });
    const remote = await group.done;
    let local: { code: number; stdout: string; stderr: string };
    try {
      local = { code: 0, stdout: execFileSync('bash', shellArgs(PROBE), { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      local = { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
    expect(local.code).toBe(1);
    expect(remote).toEqual({ exitCode: local.code, signal: null });
    expect(out.stdout()).toBe(local.stdout);
    expect(out.stdout()).toContain('vars-checked\n');
    expect(out.stdout()).not.toContain('never');
    expect(out.stderr()).toBe(local.stderr);
  });

  it('on the host (ps during the step): the command is the leader of its own group, a fork of the wrapper, with no second bash -c; a stop leaves nothing', async () => {
    const host = fleet().hosts[0]!;
    const token = `one-${Math.random().toString(36).slice(2)}`;
    const out = capture();
    const group = await session().spawn(targetOf(host, fleet()), { command: 'echo "pid $BASHPID"; sleep 307 & (sleep 308; true) & wait', env: { TOKEN: token }, ...out.options });
    await until(() => out.stdout().includes('pid ') && host.processesWith(token).length >= 2, 'the step runs');
    expect(out.stdout()).toBe(`pid ${group.remotePgid}\n`);
    const pids = host.processesWith('');
    const ps = execFileSync('ps', ['-o', 'pid=,pgid=,args=', '-p', pids.join(',')], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
    const leader = ps.find(([pid]) => Number(pid) === group.remotePgid)!;
    expect(leader.slice(2).join(' ')).toBe('bash --noprofile --norc -s');
    expect(ps.filter((p) => p.slice(2).join(' ').includes('pipefail -c'))).toEqual([]);
    // The wrapper (and its watcher) are outside the command's group: a stop signals the command's processes only.
    expect(ps.filter(([, pgid, ...args]) => Number(pgid) === group.remotePgid && args[0] === 'bash').length).toBe(2);
    await group.stop(5_000);
    expect(await group.done).toEqual({ exitCode: null, signal: 'SIGTERM' });
    await until(() => host.processesWith(token).length === 0, 'no process of the step on the host');
  });

  it('variables named like the wrapper\'s own (c, d, n, k, v, i, e, BASH_EXECUTION_STRING) are data: they never replace the command, its folder or the records', async () => {
    const host = fleet().hosts[0]!;
    const sentinel = join(host.dir, `pwned-${Math.random().toString(36).slice(2)}`);
    const names = ['c', 'd', 'n', 'k', 'v', 'i', 'e', 'BASH_EXECUTION_STRING'];
    const env = Object.fromEntries(names.map((name) => [name, `touch ${sentinel}; echo ${name}`]));
    const out = capture();
    const command = `for x in ${names.join(' ')}; do printf '%s=%s\\n' "$x" "\${!x}"; done; pwd`;
    const group = await session().spawn(targetOf(host, fleet()), { command, env, cwd: host.dir, ...out.options });
    expect(await group.done).toEqual({ exitCode: 0, signal: null });
    expect(out.stdout()).toBe(names.map((name) => `${name}=${name === 'BASH_EXECUTION_STRING' ? command : env[name]}\n`).join('') + `${host.dir}\n`);
    expect(existsSync(sentinel)).toBe(false);
  });
});
