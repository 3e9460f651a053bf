// `targets`, `on:` and `{{host.*}}` at compile time: where steps run, what they may read, the errors and their places.
import { describe, expect, it } from 'vitest';
import { compilePlaybook, checkTemplates } from '../../src/engine/compile.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import { hookSteps } from '../../src/engine/plan.js';
import { diagnosticsFrom } from '../helpers/diagnostics.js';

const compile = (yaml: string) => compilePlaybook(loadPlaybookText('hosts.yaml', yaml), { env: {} });

const diagnosticsOf = (yaml: string) => diagnosticsFrom(compile(yaml));

describe('targets and on:', () => {
  it('with targets, steps run on the targets unless they say on: local; gates and notifications stay local', async () => {
    const plan = await compile(`
name: t
targets: api
serial: 30%
max_fail: 1
steps:
  - { id: a, run: "true" }
  - { id: b, on: local, run: "true" }
  - { id: c, confirm: { message: go } }
  - { id: d, on: targets, http: { url: "http://{{host.address}}:8000/health" } }
`);
    expect(plan.steps.map((s) => s.on ?? 'local')).toEqual(['targets', 'local', 'local', 'targets']);
    expect(plan.targets).toEqual({ pattern: 'api', serial: '30%', maxFail: 1, onMaxFail: 'keep', order: 'inventory' });
  });

  it('without targets everything runs on the ops host, as before (no `on`, no `targets` in the plan)', async () => {
    const plan = await compile('name: t\nsteps:\n  - { id: a, run: "true" }\n');
    expect(plan.steps[0]!.on).toBeUndefined();
    expect(plan.targets).toBeUndefined();
  });

  it('become on a step that runs on the targets is refused (the transport logs in as the inventory user; it would be ignored)', async () => {
    const diags = await diagnosticsOf('name: t\ntargets: api\nsteps:\n  - id: a\n    become: root\n    run: "true"\n');
    expect(diags[0]).toMatchObject({ code: 'step.become-remote', location: { line: 5 } });
    expect(diags[0]!.message).toContain('become: root');
    // The playbook's own become reaches every target step too: refused there, at the step.
    const inherited = await diagnosticsOf('name: t\ntargets: api\nbecome: root\nsteps:\n  - id: a\n    run: "true"\n');
    expect(inherited[0]).toMatchObject({ code: 'step.become-remote' });
    // On the ops host, become stays allowed.
    const plan = await compile('name: t\ntargets: api\nsteps:\n  - id: a\n    on: local\n    become: root\n    run: "true"\n');
    expect(plan.steps[0]!.become).toBe('root');
  });

  it('on: targets without targets is an error at the step', async () => {
    const diags = await diagnosticsOf('name: t\nsteps:\n  - id: a\n    on: targets\n    run: "true"\n');
    expect(diags[0]).toMatchObject({ code: 'step.on', location: { line: 4 } });
    expect(diags[0]!.message).toContain('no `targets:`');
  });

  it('a hook step runs on the ops host: a run step there is local by default, and on: targets or {{host.*}} in a hook is an error', async () => {
    const plan = await compile('name: t\ntargets: api\nsteps:\n  - { id: a, run: "true" }\non_failure:\n  - { id: tell, run: "echo {{run.host}}" }\n');
    expect(hookSteps(plan).map((s) => [s.id, s.on ?? 'local'])).toEqual([['tell', 'local']]);
    const diags = await diagnosticsOf('name: t\ntargets: api\nsteps:\n  - { id: a, run: "true" }\non_success:\n  - id: b\n    on: targets\n    run: "true"\non_failure:\n  - { id: c, run: "echo {{host.name}}" }\n');
    expect(diags.map((d) => [d.code, d.location?.line])).toEqual([
      ['step.on', 7],
      ['template.host-only', 10],
    ]);
    expect(diags[0]!.message).toBe('step `b` of `on_success` runs `on: targets`: hooks run on the ops host, once, after the run');
  });

  it('{{host.*}} in a step on the ops host is an error; an unknown host field too', async () => {
    const diags = await diagnosticsOf('name: t\ntargets: all\nsteps:\n  - { id: a, on: local, run: "echo {{host.name}}" }\n  - { id: b, run: "echo {{host.port}}" }\n');
    expect(diags.map((d) => d.code)).toEqual(['template.host-only', 'template.host-field']);
  });

  it('the plan shows host values as placeholders; validate accepts them', async () => {
    const yaml = 'name: t\ntargets: all\nsteps:\n  - id: a\n    run: ls {{host.vars.dir}}\n    rollback: echo {{host.name}}\n';
    const plan = await compile(yaml);
    expect((plan.steps[0]!.action as { command: { text: string } }).command.text).toBe('ls ⟨host.vars.dir⟩');
    expect(checkTemplates(loadPlaybookText('hosts.yaml', yaml), 'en')).toEqual([]);
  });
});

describe('step outputs across hosts', () => {
  it('a step on the ops host cannot read the outputs of a step that runs on each target host; a target step can read both', async () => {
    const diags = await diagnosticsOf(`name: t
targets: all
steps:
  - { id: local_one, on: local, run: "echo hi" }
  - { id: remote, run: "echo {{steps.local_one.stdout}}" }
  - { id: remote_two, run: "echo {{steps.remote.stdout}}" }
  - { id: after, on: local, run: "echo {{steps.remote.stdout}}" }
`);
    expect(diags.map((d) => d.code)).toEqual(['template.host-output']);
    expect(diags[0]!.message).toContain('step `remote`');
    expect(diags[0]!.location?.line).toBe(7);
  });
});
