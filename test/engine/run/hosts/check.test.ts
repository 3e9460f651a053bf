// `--check` of a playbook with `targets`: each target step's check probe runs on each host (read-only, no lock taken), per host.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Targets } from '../../../../src/engine/run/targets.js';
import { selectHosts } from '../../../../src/inventory/patterns.js';
import { settingsOf, until, useFleet } from '../../../remote/fleet.js';
import { fleetInventory, runOnFleet, trail } from './setup.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) {
    rmSync(join(h.dir, 'trail'), { force: true });
    rmSync(join(h.dir, 'installed'), { force: true });
  }
});

const playbook = `
name: checked
targets: app
serial: 1
steps:
  - id: announce
    on: local
    run: echo starting
  - id: install
    run: echo install >> {{host.vars.dir}}/trail && touch {{host.vars.dir}}/installed
    check: test -f {{host.vars.dir}}/installed
  - id: only_first
    when: "{{host.vars.first}}"
    run: echo first >> {{host.vars.dir}}/trail
  - id: later
    run: echo later >> {{host.vars.dir}}/trail
    check: test -f {{steps.install.stdout}}
`;

const yaml = () => playbook;
// Only the first host's `first` is true: the step's `when` is decided per host.
const inventory = () => fleetInventory(fleet(), Object.fromEntries(fleet().hosts.map((h, i) => [h.name, { first: i === 0 ? 'yes' : '' }])));

describe('--check on target hosts', () => {
  it('runs each check on each host and says per host what would run; nothing changes on any host', async () => {
    const [h1, h2, h3] = fleet().hosts;
    writeFileSync(join(h1!.dir, 'installed'), '');
    const { result, reporter } = await runOnFleet(fleet(), yaml(), { checkOnly: true, inventory: inventory() });
    expect(result.status).toBe('ok');
    const would = reporter.of('step.would_run').filter((e) => !e.unknown).map((e) => `${e.id}@${e.host ?? 'local'}`);
    expect(would).toEqual(expect.arrayContaining([`announce@local`, `install@${h2!.name}`, `install@${h3!.name}`, `only_first@${h1!.name}`]));
    expect(would).not.toContain(`install@${h1!.name}`);
    expect(reporter.of('step.skipped').map((e) => `${e.id}@${e.host ?? ''}:${e.status}`)).toEqual(
      expect.arrayContaining([`install@${h1!.name}:already_done`, `only_first@${h2!.name}:skipped`, `only_first@${h3!.name}:skipped`]),
    );
    // A probe that reads a step output is undecided, on every host.
    const unknown = reporter.of('step.would_run').filter((e) => e.unknown);
    expect(unknown.map((e) => e.host).sort()).toEqual(fleet().hosts.map((h) => h.name).sort());
    expect(unknown.every((e) => e.id === 'later')).toBe(true);
    expect(reporter.of('hosts.planned')[0]!.hosts).toEqual(fleet().hosts.map((h) => h.name));
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual([]);
  });

  it('does not take the hosts\' lock: it works while another run holds it', async () => {
    const held = await Targets.open({ hosts: selectHosts(inventory(), fleet().hosts[1]!.name), pattern: 'x', ssh: settingsOf(fleet()) }, 'checked', 'other-run-1', 'en');
    try {
      const { result, reporter } = await runOnFleet(fleet(), yaml(), { checkOnly: true, inventory: inventory() });
      expect(result.status).toBe('ok');
      expect(reporter.of('step.would_run').filter((e) => e.id === 'install').map((e) => e.host).sort()).toEqual(fleet().hosts.map((h) => h.name).sort());
    } finally {
      await held.close();
    }
  });

  it('an unreachable host is told as such, and what would run there is unknown; the others are checked', async () => {
    const [h1, h2, h3] = fleet().hosts;
    h2!.stop();
    try {
      const { result, reporter } = await runOnFleet(fleet(), yaml(), { checkOnly: true, inventory: inventory() });
      expect(result.status).toBe('ok');
      expect(reporter.of('host.finished')).toEqual([expect.objectContaining({ host: h2!.name, status: 'unreachable', reached: false })]);
      const onH2 = reporter.of('step.would_run').filter((e) => e.host === h2!.name);
      expect(onH2.map((e) => e.id)).toEqual(['install', 'only_first', 'later']);
      expect(onH2.every((e) => e.unknown && e.reason.includes('could not be checked'))).toBe(true);
      expect(reporter.of('step.would_run').filter((e) => e.id === 'install' && !e.unknown).map((e) => e.host).sort()).toEqual([h1!.name, h3!.name].sort());
    } finally {
      await h2!.start();
    }
  });

  it('a host lost during a check probe is marked unreachable (event, journal), what is left there is unknown; the check ends 0', async () => {
    const [h1, h2, h3] = fleet().hosts;
    // The install probe waits on the second host until the test stops that host (connections drop mid-probe).
    const slow = `
name: lost-mid-check
targets: app
steps:
  - id: install
    run: touch {{host.vars.dir}}/installed
    check: echo checking >> {{host.vars.dir}}/trail; sleep {{host.vars.wait}}; test -f {{host.vars.dir}}/installed
  - id: after
    run: echo after >> {{host.vars.dir}}/trail
    check: test -f {{host.vars.dir}}/after
`;
    const waits = fleetInventory(fleet(), Object.fromEntries(fleet().hosts.map((h) => [h.name, { wait: h === h2 ? '300' : '0' }])));
    const running = runOnFleet(fleet(), slow, { checkOnly: true, inventory: waits });
    await until(() => trail(h2!.dir).includes('checking'), 'the probe runs on the second host');
    h2!.stop();
    try {
      const { result, reporter } = await running;
      expect(result.status).toBe('ok');
      expect(result.exitCode).toBe(0);
      const finished = reporter.of('host.finished');
      expect(finished).toEqual([expect.objectContaining({ host: h2!.name, status: 'unreachable' })]);
      expect(finished[0]!.reason).toContain(h2!.name);
      // Connected, then lost during a probe: not "never reached".
      expect(finished[0]!.reached).toBeUndefined();
      const onH2 = reporter.of('step.would_run').filter((e) => e.host === h2!.name);
      expect(onH2.map((e) => e.id)).toEqual(['install', 'after']);
      expect(onH2.every((e) => e.unknown && e.reason.includes('could not be checked'))).toBe(true);
      // The others were checked as usual.
      expect(reporter.of('step.would_run').filter((e) => !e.unknown).map((e) => `${e.id}@${e.host}`).sort()).toEqual(
        [`install@${h1!.name}`, `after@${h1!.name}`, `install@${h3!.name}`, `after@${h3!.name}`].sort(),
      );
      // The journal keeps the host's outcome, as in a run.
      const journal = readFileSync(join(result.journalDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; host?: string; status?: string });
      expect(journal.filter((e) => e.type === 'host.finished')).toEqual([expect.objectContaining({ host: h2!.name, status: 'unreachable' })]);
    } finally {
      await h2!.start();
    }
  });
});
