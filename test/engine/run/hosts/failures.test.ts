// What goes wrong on the way to many hosts: an unreachable host, a changed host key, a lock held by another run, Ctrl-C mid-batch, hostile host values.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../../src/engine/compile.js';
import { loadPlaybookText } from '../../../../src/engine/load.js';
import { runPlan } from '../../../../src/engine/run/runner.js';
import { RemoteLockedError } from '../../../../src/remote/errors.js';
import { Targets } from '../../../../src/engine/run/targets.js';
import { selectHosts } from '../../../../src/inventory/patterns.js';
import { settingsOf, until, useFleet } from '../../../remote/fleet.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { collector } from '../plan-builder.js';
import { fleetInventory, runOnFleet, trail } from './setup.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

const simple = `
name: failures
targets: app
serial: 1
max_fail: 1
steps:
  - id: one
    run: echo one-{{host.name}} >> {{host.vars.dir}}/trail
`;

describe('hosts that cannot be reached', () => {
  it('a stopped host is unreachable (shown as such, counted against max_fail); the others run', async () => {
    const [h1, h2, h3] = fleet().hosts;
    h2!.stop();
    try {
      const { result, reporter } = await runOnFleet(fleet(), simple);
      const outcome = Object.fromEntries(reporter.of('host.finished').map((e) => [e.host, e.status]));
      expect(outcome).toEqual({ [h1!.name]: 'ok', [h2!.name]: 'unreachable', [h3!.name]: 'ok' });
      expect(reporter.of('host.finished').find((e) => e.host === h2!.name)!.reason).toContain(h2!.name);
      // Never connected: nothing ran there (the views say "not reached", not "outcome unknown"); the others were reached.
      expect(reporter.of('host.finished').map((e) => [e.host, e.reached])).toEqual([
        [h1!.name, undefined],
        [h2!.name, false],
        [h3!.name, undefined],
      ]);
      expect(result.status).toBe('failed');
      expect(trail(h3!.dir)).toEqual([`one-${h3!.name}`]);
    } finally {
      await h2!.start();
    }
  });
});

describe('locks on the targets', () => {
  it('a second run on a locked target fails before anything runs, naming the host and the holder', async () => {
    const inventory = fleetInventory(fleet());
    const held = await Targets.open({ hosts: selectHosts(inventory, fleet().hosts[1]!.name), pattern: 'x', ssh: settingsOf(fleet()) }, 'failures', 'other-run-1', 'en');
    try {
      const error = await runOnFleet(fleet(), simple).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteLockedError);
      expect((error as Error).message).toContain(fleet().hosts[1]!.name);
      expect((error as Error).message).toContain('other-run-1');
      for (const h of fleet().hosts) expect(trail(h.dir)).toEqual([]);
    } finally {
      await held.close();
    }
    // Released: the next run goes.
    expect((await runOnFleet(fleet(), simple)).result.status).toBe('ok');
  });
});

describe('Ctrl-C during a batch', () => {
  it('stops the step on every host of the batch (no process left), rolls the hosts back, starts no new batch', async () => {
    const token = `ctrlc-${Math.random().toString(36).slice(2)}`;
    const yaml = `
name: ctrlc
targets: app
serial: 2
steps:
  - id: one
    run: echo one >> {{host.vars.dir}}/trail
    rollback: echo undo-one >> {{host.vars.dir}}/trail
  - id: long
    env: { TOKEN: ${token} }
    run: sleep 301 & (sleep 302 & sleep 303; true) & echo started >> {{host.vars.dir}}/trail; wait
`;
    const plan = await compilePlaybook(loadPlaybookText('play.yaml', yaml), { env: {} });
    const inventory = fleetInventory(fleet());
    let send: ((s: 'SIGINT' | 'SIGTERM') => void) | undefined;
    const reporter = collector();
    const running = runPlan(plan, {
      home: tempDir(),
      reporter,
      killGraceMs: 2000,
      interrupts: { subscribe: (fn) => ((send = fn), () => {}) },
      targets: { hosts: inventory.hosts, pattern: 'app', ssh: settingsOf(fleet()) },
    });
    const [h1, h2, h3] = fleet().hosts;
    await until(() => trail(h1!.dir).includes('started') && trail(h2!.dir).includes('started'), 'both hosts of the batch run the long step');
    send!('SIGINT');
    const result = await running;
    expect(result.status).toBe('interrupted');
    for (const h of [h1!, h2!]) {
      expect(trail(h.dir)).toEqual(['one', 'started', 'undo-one']);
      await until(() => h.processesWith(token).length === 0, `no process of the step left on ${h.name}`);
    }
    expect(trail(h3!.dir)).toEqual([]);
    expect(reporter.of('host.finished').map((e) => e.status).sort()).toEqual(['interrupted', 'interrupted', 'not_started']);
  });
});

describe('a step timeout on a host', () => {
  it('stops the whole remote process group (grandchildren too), and the host fails and rolls back', async () => {
    const token = `timeout-${Math.random().toString(36).slice(2)}`;
    const [h1] = fleet().hosts;
    const yaml = `
name: timeouts
targets: ${h1!.name}
steps:
  - id: one
    run: echo one >> {{host.vars.dir}}/trail
    rollback: echo undo-one >> {{host.vars.dir}}/trail
  - id: long
    timeout: 1s
    env: { TOKEN: ${token} }
    run: sleep 301 & (sleep 302 & sleep 303; true) & wait
`;
    const { result, reporter } = await runOnFleet(fleet(), yaml, { killGraceMs: 1000 });
    expect(result.status).toBe('failed');
    expect(reporter.of('step.finished').find((e) => e.id === 'long')!.reason).toContain('timed out');
    expect(trail(h1!.dir)).toEqual(['one', 'undo-one']);
    await until(() => h1!.processesWith(token).length === 0, 'no process of the step left on the host');
  });
});

describe('secrets on the hosts', () => {
  it('reach the remote command through its environment, never a command line (ps during the step), and are masked in events', async () => {
    const secret = `s3cr3t-${Math.random().toString(36).slice(2)}`;
    const [h1] = fleet().hosts;
    const yaml = `
name: secrets
targets: ${h1!.name}
params:
  token: { secret: true }
steps:
  - id: use
    run: echo started >> {{host.vars.dir}}/trail; printf '%s' {{token}} > {{host.vars.dir}}/seen; sleep 2; echo {{token}}
`;
    const plan = await compilePlaybook(loadPlaybookText('play.yaml', yaml), { env: {}, params: { token: secret } });
    const reporter = collector();
    const running = runPlan(plan, { home: tempDir(), reporter, targets: { hosts: fleetInventory(fleet()).hosts.filter((h) => h.name === h1!.name), pattern: h1!.name, ssh: settingsOf(fleet()) } });
    await until(() => trail(h1!.dir).includes('started'), 'the step runs');
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).not.toContain(secret);
    const result = await running;
    expect(result.status).toBe('ok');
    expect(readFileSync(join(h1!.dir, 'seen'), 'utf8')).toBe(secret);
    expect(JSON.stringify(reporter.events)).not.toContain(secret);
    rmSync(join(h1!.dir, 'seen'), { force: true });
  });
});

describe('host values are data on the host too', () => {
  it('hostile host vars reach the remote command as values, never as shell code', async () => {
    const hostile = '$(touch pwned); `touch pwned2`; \' " ; echo injected > pwned3 #\n*';
    const extra = Object.fromEntries(fleet().hosts.map((h) => [h.name, { note: hostile }]));
    const yaml = `
name: hostile
targets: app
steps:
  - id: one
    cwd: "{{host.vars.dir}}"
    run: printf '%s' {{host.vars.note}} > {{host.vars.dir}}/note
`;
    const { result } = await runOnFleet(fleet(), yaml, { inventory: fleetInventory(fleet(), extra) });
    expect(result.status).toBe('ok');
    for (const h of fleet().hosts) {
      expect(readFileSync(join(h.dir, 'note'), 'utf8')).toBe(hostile);
      for (const f of ['pwned', 'pwned2', 'pwned3']) expect(() => readFileSync(join(h.dir, f))).toThrow();
      rmSync(join(h.dir, 'note'), { force: true });
    }
  });
});

// Last: the host keeps its new key (known_hosts holds the old one) for the rest of the file.
describe('a changed host key', () => {
  it('a changed host key is never accepted: the host is unreachable, the message names it and says the key changed', async () => {
    const [, h2] = fleet().hosts;
    h2!.stop();
    await h2!.start({ newHostKey: true });
    {
      const { reporter } = await runOnFleet(fleet(), simple);
      const finished = reporter.of('host.finished').find((e) => e.host === h2!.name)!;
      expect(finished.status).toBe('unreachable');
      expect(finished.reason).toMatch(new RegExp(`${h2!.name}.*(changed|CHANGED)`));
      expect(trail(h2!.dir)).toEqual([]);
    }
  });
});
