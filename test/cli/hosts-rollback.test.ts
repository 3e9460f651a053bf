// `resume --rollback` of a run with `targets`, through the built CLI against real sshds: each host's rollback continued
// where it stopped, over ssh under the host's lock; finished hosts untouched; `--hosts` narrows; unsafe cases refused.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { runsDir } from '../../src/engine/run/journal.js';
import { applyHostEvent, createHostsView, isHostEvent } from '../../src/ui/hosts-view.js';
import { runbook } from '../helpers/cli.js';
import type { SshFleet } from '../helpers/sshd.js';
import { tempDir } from '../helpers/temp-dir.js';
import { useFleet, until } from '../remote/fleet.js';
import { trail } from '../engine/run/hosts/setup.js';
import { start } from './play-helpers.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) for (const f of ['trail', 'broken', 'stuck', 'rolling', 'go']) rmSync(join(h.dir, f), { force: true });
});

/** The inventory (group `app`; vars `dir`, the host's folder, and `lock`, its lock folder) and the playbook, in a new folder. */
function files(f: SshFleet, playbook: string, hosts = f.hosts) {
  const dir = tempDir();
  const inventory = {
    defaults: { user: f.user, connect_timeout: 3, ssh_options: f.sshOptions },
    hosts: Object.fromEntries(hosts.map((h) => [h.name, { address: h.address, port: h.port, lock_dir: h.lockDir, vars: { dir: h.dir, lock: h.lockDir } }])),
    groups: { app: { hosts: hosts.map((h) => h.name) } },
  };
  writeFileSync(join(dir, 'inventory.yaml'), JSON.stringify(inventory, null, 2));
  writeFileSync(join(dir, 'play.yaml'), playbook);
  return { dir, inventory: join(dir, 'inventory.yaml'), playbook: join(dir, 'play.yaml'), home: join(dir, 'home'), local: join(dir, 'trail') };
}

/**
 * `prepare` runs here; `config` and `restart` on every host. `restart` fails on a host with `broken`; `config`'s rollback
 * fails while the host has `stuck` (and checks that the run's lock is held on the host while it runs).
 */
const playbook = (local: string, configRollback = 'test ! -e {{host.vars.dir}}/stuck', env = '') => `name: deploy
targets: app
serial: 100%
${env}steps:
  - id: prepare
    on: local
    run: echo prepare >> ${local}
    rollback: test ! -e ${local}.stuck && echo undo-prepare >> ${local}
  - id: config
    run: echo config >> {{host.vars.dir}}/trail
    rollback: ${configRollback} && test -s {{host.vars.lock}}/deploy.lock.holder && echo undo-config | tee -a {{host.vars.dir}}/trail
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail; test ! -e {{host.vars.dir}}/broken
    rollback: echo undo-restart >> {{host.vars.dir}}/trail
`;

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : []);
const events = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
const mark = (dir: string, name: string) => writeFileSync(join(dir, name), '');

describe('resume --rollback of a run with targets', () => {
  it('continues host 2\'s failed rollback over ssh and touches no other host; plain, NDJSON and the hosts panel say so per host', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    const first = await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home]);
    expect(first.code, first.stderr).toBe(4);
    expect(trail(h2!.dir)).toEqual(['config', 'restart']);
    expect(lines(f.local)).toEqual(['prepare', 'undo-prepare']);
    rmSync(join(h2!.dir, 'stuck'));

    const json = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--output', 'json']);
    expect(json.code, json.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
    // The hosts that finished keep their steps; this host's step was rolled back in the run: not again.
    expect(trail(h1!.dir)).toEqual(['config', 'restart']);
    expect(trail(h3!.dir)).toEqual(['config', 'restart']);
    expect(lines(f.local)).toEqual(['prepare', 'undo-prepare']);
    const all = events(json.stdout);
    const rollbacks = all.filter((e) => e.type === 'rollback.started' || e.type === 'rollback.finished');
    expect(rollbacks.map((e) => [e.type, e.id, e.host])).toEqual([['rollback.started', 'config', h2!.name], ['rollback.finished', 'config', h2!.name]]);
    expect(all.filter((e) => e.type === 'host.finished').map((e) => e.type === 'host.finished' && [e.host, e.status])).toEqual([[h2!.name, 'failed']]);
    const view = createHostsView();
    for (const e of all) if (isHostEvent(e)) applyHostEvent(view, e);
    expect([...view.hosts.values()].map((l) => [l.name, l.state])).toEqual([[h2!.name, 'failed']]);

    // Its log is the host's journal entry (`steps/config.rollback@<host>.log`); the rollback is done: nothing is left.
    const logs = await runbook(['logs', 'last', '--host', h2!.name, '--step', 'config.rollback', '--home', f.home]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('undo-config');
    const begun = all.find((e) => e.type === 'run.started');
    expect(begun?.type === 'run.started' && existsSync(join(begun.journalDir, 'steps', `config.rollback@${h2!.name}.log`))).toBe(true);
    const again = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--output', 'plain']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no rollback is left to run');
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
  });

  it('plain output names the host of each rollback and how it ended', async () => {
    const [, h2] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    const plain = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--output', 'plain']);
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stdout).toContain(`config@${h2!.name}`);
    expect(plain.stdout + plain.stderr).toMatch(new RegExp(`${h2!.name}\\s+failed, rolled back`));
  });

  it('after a SIGKILL during a host\'s rollback, runs that rollback again, then this host\'s', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), '');
    const waits = 'touch {{host.vars.dir}}/rolling; until test -e {{host.vars.dir}}/go; do sleep 0.05; done';
    // Every process of the run on a host has the token in its environment: the test waits until none is left there.
    const token = `rb16-${process.pid}-${Date.now()}`;
    writeFileSync(f.playbook, playbook(f.local, waits, `env:\n  RB_TEST_TOKEN: ${token}\n`));
    mark(h2!.dir, 'broken');
    const play = start(['play', f.playbook, '--inventory', f.inventory, '--home', f.home, '--output', 'json'], { cwd: f.dir, env: { RUNBOOK_HOME: f.home } });
    await until(() => existsSync(join(h2!.dir, 'rolling')), 'host 2 rolling back', 30_000);
    // The run holds its lock on the host (its folder is the host's `lock/runbook`, mounted at /run/lock/runbook in namespace mode).
    const holder = join(h2!.dir, 'lock', 'runbook', 'deploy.lock.holder');
    expect(existsSync(holder)).toBe(true);
    play.child.kill('SIGKILL');
    await play.done;
    // ssh's end of file stops the rollback and lets go of the host's lock (src/remote): no process of the run is left there.
    await until(() => h2!.processesWith(token).length === 0 && !existsSync(holder), 'the killed run gone from host 2', 30_000);
    rmSync(join(h2!.dir, 'rolling'));
    mark(h2!.dir, 'go');
    expect(trail(h2!.dir)).toEqual(['config', 'restart']);

    const resumed = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--output', 'json']);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
    // Hosts 1 and 3 had ended every step (the engine died before it said so): they are finished, not undone.
    expect(trail(h1!.dir)).toEqual(['config', 'restart']);
    expect(trail(h3!.dir)).toEqual(['config', 'restart']);
    // The engine died before this host's rollback: it runs now, once, after the hosts'.
    expect(lines(f.local)).toEqual(['prepare', 'undo-prepare']);
    const order = events(resumed.stdout).filter((e) => e.type === 'rollback.finished').map((e) => (e.host ? `${e.id}@${e.host}` : e.id));
    expect(order).toEqual([`config@${h2!.name}`, 'prepare']);
  });

  it('--hosts narrows it: the other hosts and this host\'s steps stay for a later resume --rollback', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const h of [h2!, h3!]) for (const name of ['broken', 'stuck']) mark(h.dir, name);
    mark(f.dir, 'trail.stuck');
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    expect(lines(f.local)).toEqual(['prepare']);
    for (const h of [h2!, h3!]) rmSync(join(h.dir, 'stuck'));
    rmSync(join(f.dir, 'trail.stuck'));

    const narrowed = await runbook(['resume', 'last', '--rollback', '--hosts', h2!.name, '--home', f.home]);
    expect(narrowed.code, narrowed.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
    expect(trail(h3!.dir)).toEqual(['config', 'restart']);
    expect(lines(f.local)).toEqual(['prepare']);
    expect(narrowed.stderr).toContain('1 host(s) not selected by --hosts still have rollbacks left');
    expect(narrowed.stderr).toContain(`  ${h3!.name}: config`);

    const rest = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(rest.code, rest.stderr).toBe(1);
    expect(trail(h3!.dir)).toEqual(['config', 'restart', 'undo-config']);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
    expect(trail(h1!.dir)).toEqual(['config', 'restart']);
    expect(lines(f.local)).toEqual(['prepare', 'undo-prepare']);
    expect((await runbook(['resume', 'last', '--rollback', '--home', f.home])).code).toBe(0);
  });

  it('a host unreachable during the resumed rollback is marked unreachable (exit 4) and stays resumable', async () => {
    const [, h2] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    h2!.stop();
    try {
      const lost = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--output', 'json']);
      expect(lost.code, lost.stderr).toBe(4);
      const finished = events(lost.stdout).filter((e) => e.type === 'host.finished');
      expect(finished.map((e) => e.type === 'host.finished' && [e.host, e.status])).toEqual([[h2!.name, 'unreachable']]);
      const end = events(lost.stdout).find((e) => e.type === 'run.finished');
      expect(end?.type === 'run.finished' && end.unrolled?.map((u) => u.id)).toEqual([`config@${h2!.name}`]);
    } finally {
      await h2!.start();
    }
    const back = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(back.code, back.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
  });

  it('a host lost during the resumed rollback (its connection dropped) is unreachable (exit 4); the next resume finishes it', async () => {
    const [h1, h2] = fleet().hosts;
    const f = files(fleet(), '');
    const token = `rb16-lost-${process.pid}-${Date.now()}`;
    const waits = 'test ! -e {{host.vars.dir}}/stuck && touch {{host.vars.dir}}/rolling && until test -e {{host.vars.dir}}/go; do sleep 0.05; done';
    writeFileSync(f.playbook, playbook(f.local, waits, `env:\n  RB_TEST_TOKEN: ${token}\n`));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    const resumed = start(['resume', 'last', '--rollback', '--home', f.home, '--output', 'json'], { cwd: f.dir, env: { RUNBOOK_HOME: f.home } });
    await until(() => existsSync(join(h2!.dir, 'rolling')), 'host 2 rolling back', 30_000);
    for (const pid of h2!.sessionPids()) process.kill(pid, 'SIGKILL');
    const lost = await resumed.done;
    expect(lost.code, lost.stderr).toBe(4);
    const finished = events(lost.stdout).filter((e) => e.type === 'host.finished');
    expect(finished.map((e) => e.type === 'host.finished' && [e.host, e.status])).toEqual([[h2!.name, 'unreachable']]);
    // The dropped connection stopped the rollback on the host: nothing of it is left there.
    await until(() => h2!.processesWith(token).length === 0, 'the rollback gone from host 2', 30_000);
    expect(trail(h2!.dir)).toEqual(['config', 'restart']);

    mark(h2!.dir, 'go');
    const back = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(back.code, back.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['config', 'restart', 'undo-config']);
    expect(trail(h1!.dir)).toEqual(['config', 'restart']);
  });

  it('refuses (exit 2, naming the host and what to do) when the inventory no longer has the host, or reaches it elsewhere', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    const full = readFileSync(f.inventory, 'utf8');
    writeFileSync(f.inventory, readFileSync(files(fleet(), '', [h1!, h3!]).inventory, 'utf8'));
    const gone = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`host \`${h2!.name}\` has rollbacks left from run`);
    expect(gone.stderr).toContain('no longer has it');
    expect(gone.stderr).toContain('--hosts');
    const zh = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--lang', 'zh-CN']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('清单');
    // Named in --hosts: still refused, not taken as "nothing selected".
    expect((await runbook(['resume', 'last', '--rollback', '--hosts', h2!.name, '--home', f.home])).code).toBe(2);

    const moved = JSON.parse(full) as { hosts: Record<string, { port: number }> };
    moved.hosts[h2!.name]!.port = h3!.port === h2!.port ? h2!.port + 1 : h3!.port;
    writeFileSync(f.inventory, JSON.stringify(moved));
    const elsewhere = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`not ${h2!.address}:${h2!.port} as in the run`);
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual(['config', 'restart']);
  });
});

describe('resume --rollback of a forged journal', () => {
  it('never reaches an inventory host the run never had: a damaged journal (exit 2) naming the file and the host', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), '');
    writeFileSync(f.playbook, playbook(f.local));
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    const run = await runbook(['play', f.playbook, '--inventory', f.inventory, '--hosts', `${h1!.name},${h2!.name}`, '--home', f.home]);
    expect(run.code, run.stderr).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    const [runId] = readdirSync(runsDir(f.home)).filter((name) => existsSync(join(runsDir(f.home), name, 'meta.json')));
    const journal = join(runsDir(f.home), runId!, 'events.jsonl');
    const time = new Date().toISOString();
    const forged = [
      { type: 'step.started', phase: 'steps', id: 'config', name: 'config', index: 2, total: 3, kind: 'run', host: h3!.name },
      { type: 'step.finished', phase: 'steps', id: 'config', status: 'ok', durationMs: 1, host: h3!.name },
      { type: 'host.finished', host: h3!.name, status: 'failed', batch: 1 },
    ];
    appendFileSync(journal, forged.map((e) => JSON.stringify({ runId, time, ...e }) + '\n').join(''));
    const refused = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(journal);
    expect(refused.stderr).toContain(`host \`${h3!.name}\`, which was not one of the run's hosts`);

    // An older journal (no addresses): the run's pattern (`--hosts`) does not select the host in the inventory.
    const metaPath = join(runsDir(f.home), runId!, 'meta.json');
    const { targetAddresses: _, ...older } = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(metaPath, JSON.stringify(older));
    const unselected = await runbook(['resume', 'last', '--rollback', '--home', f.home, '--lang', 'zh-CN']);
    expect(unselected.code).toBe(2);
    expect(unselected.stderr).toContain(journal);
    expect(unselected.stderr).toContain(`主机 \`${h3!.name}\` 不在该运行的主机模式`);
    expect(trail(h3!.dir)).toEqual([]);
    expect(trail(h2!.dir)).toEqual(['config', 'restart']);
  });
});

describe('resume --rollback of a loop over a host\'s own output', () => {
  it('rolls back the host\'s iterations left, each expanded again from that host\'s journaled output', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const f = files(fleet(), `name: looped
targets: app
serial: 100%
steps:
  - id: ls
    run: printf '["a","%s"]' {{host.name}}
    parse: json
  - id: touch
    for_each: "{{steps.ls.json}}"
    run: echo {{item}} >> {{host.vars.dir}}/trail
    rollback: test ! -e {{host.vars.dir}}/stuck && echo undo-{{item}} >> {{host.vars.dir}}/trail
  - id: after
    run: test ! -e {{host.vars.dir}}/broken
`);
    for (const name of ['broken', 'stuck']) mark(h2!.dir, name);
    expect((await runbook(['play', f.playbook, '--inventory', f.inventory, '--home', f.home])).code).toBe(4);
    rmSync(join(h2!.dir, 'stuck'));
    const resumed = await runbook(['resume', 'last', '--rollback', '--home', f.home]);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(trail(h2!.dir)).toEqual(['a', h2!.name, `undo-${h2!.name}`, 'undo-a']);
    expect(trail(h1!.dir)).toEqual(['a', h1!.name]);
    expect(trail(h3!.dir)).toEqual(['a', h3!.name]);
  });
});
