// `plan`, `play`, `logs` and `history` of a playbook with `targets`, through the built CLI against real sshds.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { useFleet } from '../remote/fleet.js';
import { trail } from '../engine/run/hosts/setup.js';
import { writeFleetFiles } from './hosts-helpers.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

const playbook = (failOn = 'none') => `name: deploy
targets: app
serial: 2
steps:
  - id: announce
    on: local
    run: echo starting
  - id: restart
    run: echo restart-{{host.name}} | tee -a {{host.vars.dir}}/trail; test {{host.name}} != ${failOn}
    rollback: echo undo-{{host.name}} >> {{host.vars.dir}}/trail
`;

describe('runbook with targets', () => {
  it('plan --inventory shows the hosts, the batches and each host its own command', async () => {
    const files = writeFleetFiles(fleet(), playbook());
    const [h1, , h3] = fleet().hosts;
    const result = await runbook(['plan', files.playbook, '--inventory', files.inventory]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hosts (app, 3): serial 2 (2), max_fail 0 (0), on_max_fail keep');
    expect(result.stdout).toContain(`batch 1: ${h1!.name}, ${fleet().hosts[1]!.name}`);
    expect(result.stdout).toContain(`batch 2: ${h3!.name}`);
    expect(result.stdout).toContain(`restart: echo restart-${h3!.name} | tee -a ${h3!.dir}/trail`);
    const md = await runbook(['plan', files.playbook, '--format', 'markdown', '--hosts', h3!.name], { env: { RUNBOOK_INVENTORY: files.inventory } });
    expect(md.stdout).toContain(`**On ${h3!.name} (${h3!.address}):**`);
    expect(md.stdout).not.toContain(`On ${h1!.name}`);
    const json = JSON.parse((await runbook(['plan', files.playbook, '--format', 'json', '--inventory', files.inventory])).stdout) as { rollout: { batches: string[][]; hosts: { name: string; steps: { id: string; action: string }[] }[] } };
    expect(json.rollout.batches).toEqual([[h1!.name, fleet().hosts[1]!.name], [h3!.name]]);
    expect(json.rollout.hosts[2]!.steps).toEqual([{ id: 'restart', action: expect.stringContaining(`restart-${h3!.name}`) as string }]);
  });

  it('play without an inventory is refused (exit 2) and says how to give one', async () => {
    const files = writeFleetFiles(fleet(), playbook());
    const result = await runbook(['play', files.playbook, '--home', files.home]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--inventory FILE or RUNBOOK_INVENTORY');
  });

  it('play runs on every host; plain lines and NDJSON events name the host; logs --host shows one host', async () => {
    const files = writeFleetFiles(fleet(), playbook());
    const [h1, h2] = fleet().hosts;
    const plain = await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home, '--output', 'plain']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`restart@${h2!.name}`);
    expect(plain.stdout).toMatch(new RegExp(`✓ ${h1!.name}\\s+ok`));
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual([`restart-${h.name}`]);
    const json = await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home, '--output', 'json']);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; host?: string });
    const restarts = events.filter((e) => e.type === 'step.finished' && e.id === 'restart');
    expect(restarts.map((e) => e.host).sort()).toEqual(fleet().hosts.map((h) => h.name));
    expect(events.find((e) => e.type === 'step.finished' && e.id === 'announce')!.host).toBeUndefined();
    const logs = await runbook(['logs', 'last', '--host', h2!.name, '--step', 'restart', '--home', files.home]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain(`restart-${h2!.name}`);
    expect(logs.stdout).not.toContain(`restart-${h1!.name}`);
  });
});

describe('resume with targets', () => {
  it('retries only the host that failed; the finished hosts are not touched; the journal says so', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const files = writeFleetFiles(
      fleet(),
      `name: deploy
targets: app
serial: 100%
steps:
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail; test ! -e {{host.vars.dir}}/broken
    rollback: echo undo >> {{host.vars.dir}}/trail
`,
    );
    writeFileSync(join(h2!.dir, 'broken'), '');
    const first = await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home, '--output', 'plain']);
    expect(first.code).toBe(1);
    expect(trail(h2!.dir)).toEqual(['restart']);
    rmSync(join(h2!.dir, 'broken'));
    const history = await runbook(['history', '--home', files.home]);
    expect(history.stdout).toMatch(/hosts 2 ok · 1 failed/);
    const second = await runbook(['resume', 'last', '--home', files.home, '--output', 'json']);
    expect(second.code).toBe(0);
    expect(trail(h1!.dir)).toEqual(['restart']);
    expect(trail(h3!.dir)).toEqual(['restart']);
    expect(trail(h2!.dir)).toEqual(['restart', 'restart']);
    const events = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; host?: string; id?: string });
    expect(events.filter((e) => e.type === 'step.started').map((e) => e.host)).toEqual([h2!.name]);
    // Nothing left: a second resume has no host to retry.
    const third = await runbook(['resume', 'last', '--home', files.home]);
    expect(third.code).toBe(0);
    expect(trail(h2!.dir)).toEqual(['restart', 'restart']);
  });
});

describe('resume --hosts', () => {
  it('narrows the retry to the hosts named; the others stay to retry later', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const files = writeFleetFiles(fleet(), `name: deploy
targets: app
serial: 100%
max_fail: 2
steps:
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail; test ! -e {{host.vars.dir}}/broken
`);
    for (const h of [h2!, h3!]) writeFileSync(join(h.dir, 'broken'), '');
    expect((await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home])).code).toBe(1);
    for (const h of [h2!, h3!]) rmSync(join(h.dir, 'broken'));
    const narrowed = await runbook(['resume', 'last', '--hosts', h2!.name, '--home', files.home]);
    expect(narrowed.code).toBe(0);
    expect(trail(h2!.dir)).toEqual(['restart', 'restart']);
    expect(trail(h3!.dir)).toEqual(['restart']);
    expect(trail(h1!.dir)).toEqual(['restart']);
    // The next resume goes back to the run's pattern: only host 3 is left.
    expect((await runbook(['resume', 'last', '--home', files.home])).code).toBe(0);
    expect(trail(h3!.dir)).toEqual(['restart', 'restart']);
    expect(trail(h2!.dir)).toEqual(['restart', 'restart']);
    expect(trail(h1!.dir)).toEqual(['restart']);
  });
});

describe('resume with no host left', () => {
  it('says there is nothing to resume (exit 0) and starts no run, when the hosts named all finished', async () => {
    const [h1, h2] = fleet().hosts;
    const files = writeFleetFiles(fleet(), playbook(h1!.name));
    expect((await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home])).code).toBe(1);
    const before = readdirSync(join(files.home, 'runs')).length;
    const result = await runbook(['resume', 'last', '--hosts', h2!.name, '--home', files.home]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`every host selected (${h2!.name}) and every step finished there: nothing to resume`);
    expect(readdirSync(join(files.home, 'runs')).length).toBe(before);
    expect(trail(h2!.dir)).toEqual([`restart-${h2!.name}`]);
    const zh = await runbook(['resume', 'last', '--hosts', h2!.name, '--home', files.home, '--lang', 'zh-CN']);
    expect(zh.stderr).toContain('无需继续');
  });
});

describe('validate with an inventory', () => {
  it('a playbook whose targets select nothing of the inventory given is an error at `targets`', async () => {
    const files = writeFleetFiles(fleet(), 'name: deploy\ntargets: ap\nsteps:\n  - { id: a, run: "true" }\n');
    const result = await runbook(['validate', files.playbook, files.inventory]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/play\.yaml:2:10/);
    expect(result.stdout + result.stderr).toContain('did you mean `app`?');
  });
});

describe('--check and resume --rollback with targets', () => {
  it('play --check of a playbook with targets says per host what would run (plain and NDJSON); nothing runs', async () => {
    const files = writeFleetFiles(fleet(), playbook());
    const plain = await runbook(['play', files.playbook, '--check', '--inventory', files.inventory, '--home', files.home, '--output', 'plain']);
    expect(plain.code).toBe(0);
    for (const h of fleet().hosts) expect(plain.stdout).toMatch(new RegExp(`▷ restart@${h.name}\\b`));
    const json = await runbook(['play', files.playbook, '--check', '--inventory', files.inventory, '--home', files.home, '--output', 'json']);
    expect(json.code).toBe(0);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; host?: string });
    const would = events.filter((e) => e.type === 'step.would_run');
    expect(would.filter((e) => e.id === 'restart').map((e) => e.host).sort()).toEqual(fleet().hosts.map((h) => h.name).sort());
    expect(would.find((e) => e.id === 'announce')!.host).toBeUndefined();
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual([]);
  });

  it('resume --rollback leaves a host that finished and kept its steps (on_max_fail keep) as it is: nothing is left (exit 0)', async () => {
    const [h1, h2] = fleet().hosts;
    const files = writeFleetFiles(fleet(), playbook(h1!.name));
    expect((await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home])).code).toBe(1);
    const before = readdirSync(join(files.home, 'runs')).length;
    const result = await runbook(['resume', 'last', '--rollback', '--home', files.home]);
    // Host 2 finished `restart` in the first batch and kept it, as the playbook says; host 1's failed step never completed.
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no rollback is left to run');
    expect(readdirSync(join(files.home, 'runs')).length).toBe(before);
    expect(trail(h2!.dir)).toEqual([`restart-${h2!.name}`]);
  });

  it('resume --rollback with no rollback left on any host continues this host\'s rollback', async () => {
    const [h1] = fleet().hosts;
    const here = tempDir();
    const files = writeFleetFiles(
      fleet(),
      `name: deploy
targets: app
serial: 1
steps:
  - id: prepare
    on: local
    run: "true"
    rollback: test -e ${join(here, 'mark')} && touch ${join(here, 'undone')}
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail; test {{host.name}} != ${h1!.name}
    rollback: echo undo >> {{host.vars.dir}}/trail
`,
    );
    expect((await runbook(['play', files.playbook, '--inventory', files.inventory, '--home', files.home])).code).toBe(4);
    expect(existsSync(join(here, 'undone'))).toBe(false);
    writeFileSync(join(here, 'mark'), '');
    const result = await runbook(['resume', 'last', '--rollback', '--home', files.home]);
    expect(result.stderr).not.toContain('target hosts');
    // As on one host: the rollback continued to its end, the run stays failed (exit 1, test/cli/resume-rollback.test.ts).
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('rollback of run');
    expect(existsSync(join(here, 'undone'))).toBe(true);
    expect(trail(h1!.dir)).toEqual(['restart']);
  });
});
