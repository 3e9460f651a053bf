// `play --check` through the built CLI when a target host is lost mid-check: shown unreachable (plain and NDJSON), exit 0.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { until, useFleet } from '../remote/fleet.js';
import { trail } from '../engine/run/hosts/setup.js';
import { writeFleetFiles } from './hosts-helpers.js';

const { fleet } = useFleet(2);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

// The probe waits on the second host (its folder holds `wait`) until the test stops that host.
const playbook = `name: deploy
targets: app
steps:
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail
    check: echo checking >> {{host.vars.dir}}/trail; if test -f {{host.vars.dir}}/wait; then sleep 300; fi; false
`;

describe('play --check with a host lost mid-check', () => {
  it('marks the host unreachable in the plain view and in NDJSON, lists its step as unknown, and exits 0', async () => {
    const [h1, h2] = fleet().hosts;
    const files = writeFleetFiles(fleet(), playbook);
    for (const output of ['plain', 'json'] as const) {
      rmSync(join(h2!.dir, 'trail'), { force: true });
      writeFileSync(join(h2!.dir, 'wait'), '');
      const running = runbook(['play', files.playbook, '--check', '--inventory', files.inventory, '--home', files.home, '--output', output]);
      await until(() => trail(h2!.dir).includes('checking'), 'the probe runs on the second host');
      h2!.stop();
      try {
        const result = await running;
        expect(result.code).toBe(0);
        if (output === 'plain') {
          expect(result.stdout + result.stderr).toMatch(new RegExp(`✗ ${h2!.name}\\s+unreachable \\(outcome unknown\\)`));
          expect(result.stdout).toMatch(new RegExp(`▷ restart@${h1!.name}\\b`));
        } else {
          const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; host?: string; status?: string; unknown?: boolean; id?: string });
          expect(events.filter((e) => e.type === 'host.finished')).toEqual([expect.objectContaining({ host: h2!.name, status: 'unreachable' })]);
          expect(events.find((e) => e.type === 'step.would_run' && e.host === h2!.name)).toMatchObject({ id: 'restart', unknown: true });
          expect(events.at(-1)).toMatchObject({ type: 'run.finished', exitCode: 0 });
        }
      } finally {
        rmSync(join(h2!.dir, 'wait'), { force: true });
        await h2!.start();
      }
    }
  });
});
