// A `for_each` over a step output in a step on the targets: expanded per host, over that host's own output.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useFleet } from '../../../remote/fleet.js';
import { runOnFleet, trail } from './setup.js';

const { fleet } = useFleet(3);
afterEach(() => {
  for (const h of fleet().hosts) rmSync(join(h.dir, 'trail'), { force: true });
});

const playbook = (failOn: string) => `
name: looped
targets: app
serial: 100%
max_fail: 1
steps:
  - id: ls
    run: printf '["a","%s"]' {{host.name}}
    parse: json
  - id: touch
    for_each: "{{steps.ls.json}}"
    run: echo {{item}} >> {{host.vars.dir}}/trail
    rollback: echo undo-{{item}} >> {{host.vars.dir}}/trail
  - id: after
    run: test {{host.name}} != ${failOn}
`;

describe('for_each over a step output on target hosts', () => {
  it('each host loops over its own list; a host that fails later undoes its own iterations', async () => {
    const [h1, h2, h3] = fleet().hosts;
    const { result, reporter } = await runOnFleet(fleet(), playbook(h2!.name));
    expect(result.status).toBe('failed');
    const expanded = Object.fromEntries(reporter.of('step.expanded').map((e) => [e.host, e.iterations]));
    for (const h of fleet().hosts) expect(expanded[h.name]).toEqual(['touch[a]', `touch[${h.name}]`]);
    expect(trail(h1!.dir)).toEqual(['a', h1!.name]);
    expect(trail(h3!.dir)).toEqual(['a', h3!.name]);
    expect(trail(h2!.dir)).toEqual(['a', h2!.name, `undo-${h2!.name}`, 'undo-a']);
    const outcome = Object.fromEntries(reporter.of('host.finished').map((e) => [e.host, e.status]));
    expect(outcome).toEqual({ [h1!.name]: 'ok', [h2!.name]: 'failed', [h3!.name]: 'ok' });
  });

  it('a host whose output is not a list fails that loop (and rolls back); the others go on', async () => {
    const [h1, h2] = fleet().hosts;
    const yaml = playbook('none').replace(`run: printf '["a","%s"]' {{host.name}}`, `run: test {{host.name}} = ${h2!.name} && echo '{}' || printf '["a"]'`);
    const { result, reporter } = await runOnFleet(fleet(), yaml);
    expect(result.status).toBe('failed');
    const failed = reporter.of('host.finished').find((e) => e.host === h2!.name)!;
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('touch');
    expect(trail(h2!.dir)).toEqual([]);
    expect(trail(h1!.dir)).toEqual(['a']);
  });
});
