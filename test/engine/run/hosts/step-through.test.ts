// `play --step` of a playbook with `targets`: only the ops host's steps are asked about (a local step in the body once per batch).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepChoice } from '../../../../src/engine/events.js';
import { useFleet } from '../../../remote/fleet.js';
import { collector } from '../plan-builder.js';
import { runOnFleet, trail } from './setup.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

const playbook = `
name: stepped
targets: app
serial: 2
steps:
  - id: announce
    on: local
    run: "true"
  - id: restart
    run: echo restart >> {{host.vars.dir}}/trail
  - id: balance
    on: local
    run: "true"
  - id: warm
    run: echo warm >> {{host.vars.dir}}/trail
  - id: done
    on: local
    run: "true"
`;

describe('--step with targets', () => {
  it('asks before each local step (a local step between target steps once per batch), never before a host step', async () => {
    const asked: string[] = [];
    const reporter = Object.assign(collector(), {
      chooseStep: (request: { stepId: string }) => {
        asked.push(request.stepId);
        return Promise.resolve<StepChoice>('run');
      },
    });
    const { result } = await runOnFleet(fleet(), playbook, { reporter, stepThrough: true, interactive: true });
    expect(result.status).toBe('ok');
    expect(asked).toEqual(['announce', 'balance', 'balance', 'done']);
    for (const h of fleet().hosts) expect(trail(h.dir)).toEqual(['restart', 'warm']);
  });
});
