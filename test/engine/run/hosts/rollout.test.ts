// A playbook on three real sshd hosts: batches of `serial`, a failure that stops the rollout and rolls the host back, unreachable hosts, max_fail.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useFleet } from '../../../remote/fleet.js';
import { runOnFleet, trail } from './setup.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

const playbook = (extra: string, stepTwo = 'echo two-{{host.name}} >> {{host.vars.dir}}/trail') => `
name: rollout
targets: app
${extra}
steps:
  - id: before
    on: local
    run: "true"
  - id: one
    run: echo one-{{host.name}} >> {{host.vars.dir}}/trail
    rollback: echo undo-one-{{host.name}} >> {{host.vars.dir}}/trail
  - id: two
    run: ${JSON.stringify(stepTwo)}
  - id: after
    on: local
    run: "true"
`;

describe('a rollout over three hosts', () => {
  it('serial: 1 runs one host after the other, each host its own commands with its own values', async () => {
    const { result, reporter } = await runOnFleet(fleet(), playbook('serial: 1'));
    expect(result.status).toBe('ok');
    const names = fleet().hosts.map((h) => h.name);
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual([`one-${h.name}`, `two-${h.name}`]);
    expect(reporter.of('hosts.planned')[0]!.batches).toEqual(names.map((n) => [n]));
    expect(reporter.of('batch.started').map((e) => e.hosts)).toEqual(names.map((n) => [n]));
    // One batch is done before the next starts: host 1 finished before host 2's first step started.
    const order = reporter.events.filter((e) => e.type === 'host.finished' || (e.type === 'step.started' && e.id === 'one')).map((e) => `${e.type}:${e.host}`);
    expect(order).toEqual(names.flatMap((n) => [`step.started:${n}`, `host.finished:${n}`]));
    // Local steps once, without a host; every host step event names its host.
    expect(reporter.of('step.finished').filter((e) => e.id === 'before' || e.id === 'after').map((e) => e.host)).toEqual([undefined, undefined]);
    expect(reporter.of('step.finished').filter((e) => e.id === 'one').map((e) => e.host)).toEqual(names);
  });

  it('a failure on host 2 stops the rollout: host 2 rolls back, host 3 never starts, host 1 keeps its changes (exit 1)', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const { result, reporter } = await runOnFleet(fleet(), playbook('serial: 1', `test {{host.name}} != ${h2!.name} && echo two-{{host.name}} >> {{host.vars.dir}}/trail`));
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(trail(h1!.dir)).toEqual([`one-${h1!.name}`, `two-${h1!.name}`]);
    expect(trail(h2!.dir)).toEqual([`one-${h2!.name}`, `undo-one-${h2!.name}`]);
    expect(trail(h3!.dir)).toEqual([]);
    const outcome = Object.fromEntries(reporter.of('host.finished').map((e) => [e.host, e.status]));
    expect(outcome).toEqual({ [h1!.name]: 'ok', [h2!.name]: 'failed', [h3!.name]: 'not_started' });
    expect(reporter.of('step.finished').some((e) => e.id === 'after')).toBe(false);
  });

  it('on_max_fail: rollback also undoes the hosts that had finished', async () => {
    const [h1, h2] = fleet().hosts;
    const { result, reporter } = await runOnFleet(fleet(), playbook('serial: 1\non_max_fail: rollback', `test {{host.name}} != ${h2!.name} && echo two-{{host.name}} >> {{host.vars.dir}}/trail`));
    expect(result.status).toBe('failed');
    expect(trail(h1!.dir)).toEqual([`one-${h1!.name}`, `two-${h1!.name}`, `undo-one-${h1!.name}`]);
    expect(reporter.of('host.finished').filter((e) => e.host === h1!.name).map((e) => e.status)).toEqual(['ok', 'rolled_back']);
  });

  it('max_fail: 1 lets the rollout go on past one failed host; the run still ends failed, naming it', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const { result } = await runOnFleet(fleet(), playbook('serial: 1\nmax_fail: 1', `test {{host.name}} != ${h2!.name} && echo two-{{host.name}} >> {{host.vars.dir}}/trail`));
    expect(result.status).toBe('failed');
    expect(result.reason).toContain(h2!.name);
    expect(trail(h3!.dir)).toEqual([`one-${h3!.name}`, `two-${h3!.name}`]);
    expect(trail(h1!.dir)).toEqual([`one-${h1!.name}`, `two-${h1!.name}`]);
  });

  it('serial: 100% runs every host in one batch, in parallel', async () => {
    const { result, reporter } = await runOnFleet(fleet(), playbook('serial: 100%'));
    expect(result.status).toBe('ok');
    expect(reporter.of('batch.started')).toHaveLength(1);
    expect(reporter.of('host.finished').map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
  });
});
