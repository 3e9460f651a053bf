// for_each through the engine API: iterations as steps, {{item}} in every template site (as data, never
// code), reverse rollback of finished iterations, resume at the first unfinished one, the 1,000 bound.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/engine/compile.js';
import { InvalidPlaybookError } from '../../../src/engine/errors.js';
import { loadPlaybookText } from '../../../src/engine/load.js';
import type { CompiledPlan } from '../../../src/engine/plan.js';
import { decideResume } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { collector } from './plan-builder.js';
import { diagnosticsFrom } from '../../helpers/diagnostics.js';

function compile(yaml: string, params: Record<string, string> = {}): Promise<CompiledPlan> {
  return compilePlaybook(loadPlaybookText('loop.yaml', yaml), { params, env: {}, lang: 'en' });
}

const diagnosticsOf = (yaml: string, params: Record<string, string> = {}) => diagnosticsFrom(compile(yaml, params));

function setup() {
  const home = tempDir();
  const work = tempDir();
  const trail = join(work, 'trail');
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  return { home, work, trail, read };
}

const hostile = ['$(touch PWNED)', '`touch PWNED`', "'; touch PWNED; '", '"; touch PWNED; "', 'x\ntouch PWNED'];

describe('for_each over a list known at plan time', () => {
  it('runs each iteration as its own step, with the item reaching every template site as data', async () => {
    const { home, work } = setup();
    const items = JSON.stringify(hostile);
    const yaml = `name: loop
title: loop
params:
  services: { type: array }
steps:
  - id: each
    for_each: "{{services}}"
    cwd: ${work}
    env: { ITEM: "{{item}}" }
    when: "{{item}}"
    check: { run: "test -e never-{{item}}" }
    run: |
      n=$(ls | grep -c '^run-' || true)
      printf '%s' {{item}} > "run-$n"
      printf '%s' "$ITEM" > "env-$n"
    verify: { run: "printf '%s' {{item}} > \\"verify-$(ls | grep -c '^verify-' || true)\\"" }
`;
    const plan = await compile(yaml, { services: items });
    expect(plan.steps.map((s) => s.id)).toEqual(['each[1]', 'each[2]', 'each[3]', 'each[4]', 'each[5]']);
    expect(plan.steps.every((s) => s.forEach?.step === 'each')).toBe(true);
    const result = await runPlan(plan, { home, cwd: work });
    expect(result.status).toBe('ok');
    hostile.forEach((value, i) => {
      for (const site of ['run', 'env', 'verify']) expect(readFileSync(join(work, `${site}-${i}`), 'utf8')).toBe(value);
    });
    expect(existsSync(join(work, 'PWNED'))).toBe(false);
  });

  it('labels iterations by their items when they read plainly, and {{item.key}} reads objects', async () => {
    const plain = await compile(`name: loop\ntitle: loop\nparams:\n  services: { type: array, default: [api, mlflow] }\nsteps:\n  - id: restart\n    name: "restart {{item}}"\n    for_each: "{{services}}"\n    run: echo {{item}}\n`);
    expect(plain.steps.map((s) => [s.id, s.name])).toEqual([
      ['restart[api]', 'restart api'],
      ['restart[mlflow]', 'restart mlflow'],
    ]);
    const objects = await compile(`name: loop\ntitle: loop\nsteps:\n  - id: ping\n    for_each: [{ host: a, port: 1 }, { host: b, port: 2 }]\n    run: echo {{item.host}}:{{item.port}}\n`);
    expect(objects.steps.map((s) => s.id)).toEqual(['ping[1]', 'ping[2]']);
    const action = objects.steps[1]!.action;
    expect(action.kind === 'run' && action.command.text).toBe('echo b:2');
    // The same item twice: positions, so no two iterations share an id.
    const none = await compile(`name: loop\ntitle: loop\nparams:\n  services: { type: array, default: [] }\nsteps:\n  - id: restart\n    for_each: "{{services}}"\n    run: echo {{item}}\n`);
    expect(none.steps).toEqual([]);
    expect(none.warnings).toMatchObject([{ code: 'for_each.empty', message: 'step `restart` loops over an empty list: it does not run', location: { line: 7, col: 16 } }]);
    const twice = await compile(`name: loop\ntitle: loop\nsteps:\n  - id: s\n    for_each: [a, a]\n    run: echo {{item}}\n`);
    expect(twice.steps.map((s) => s.id)).toEqual(['s[1]', 's[2]']);
  });

  it('an item in an http URL is percent-encoded for its part, and a JSON body gets it as a JSON string', async () => {
    const plan = await compile(`name: loop\ntitle: loop\nsteps:\n  - id: get\n    for_each: ['a b', 'c/d?"x"']\n    http:\n      url: 'http://127.0.0.1:1/svc/{{item}}?q={{item}}'\n      body: { name: '{{item}}' }\n`);
    const shown = plan.steps.map((s) => (s.action.kind === 'http' ? [s.action.request.url.text, s.action.request.body?.text] : []));
    expect(shown).toEqual([
      ['http://127.0.0.1:1/svc/a%20b?q=a%20b', '{"name":"a b"}'],
      ['http://127.0.0.1:1/svc/c%2Fd%3F%22x%22?q=c%2Fd%3F%22x%22', '{"name":"c/d?\\"x\\""}'],
    ]);
  });

  it('a failure rolls back the finished iterations in reverse, then the earlier steps', async () => {
    const { home, trail, read } = setup();
    const plan = await compile(`name: loop
title: loop
steps:
  - id: first
    run: echo first >> ${trail}
    rollback: { run: echo undo-first >> ${trail} }
  - id: restart
    for_each: [a, b, c]
    run: test {{item}} != c && echo {{item}} >> ${trail}
    rollback:
      run: echo undo-{{item}} >> ${trail}
`);
    const reporter = collector();
    const result = await runPlan(plan, { home, reporter });
    expect(result.status).toBe('failed');
    expect(read()).toEqual(['first', 'a', 'b', 'undo-b', 'undo-a', 'undo-first']);
    expect(reporter.of('step.finished').map((e) => [e.id, e.status])).toEqual([
      ['first', 'ok'],
      ['restart[a]', 'ok'],
      ['restart[b]', 'ok'],
      ['restart[c]', 'failed'],
    ]);
  });

  it('resume continues at the first unfinished iteration; finished ones are not run again', async () => {
    const { home, work, trail, read } = setup();
    const flag = join(work, 'fixed');
    const yaml = `name: loop
title: loop
steps:
  - id: restart
    for_each: [a, b, c]
    run: (test {{item}} != b || test -e ${flag}) && echo {{item}} >> ${trail}
`;
    const first = await runPlan(await compile(yaml), { home });
    expect(first.status).toBe('failed');
    writeFileSync(flag, '');
    const plan = await compile(yaml);
    const decision = decideResume(home, first.runId, plan);
    expect(decision).toMatchObject({ kind: 'resume', startAt: 'restart[b]' });
    if (decision.kind !== 'resume') return;
    const second = await runPlan(plan, { home, resume: decision.state });
    expect(second.status).toBe('ok');
    expect(read()).toEqual(['a', 'b', 'c']);
  });

  it('later steps read the outputs gathered from every iteration: the first failing exit code, stdout in order', async () => {
    const { home } = setup();
    const plan = await compile(`name: loop
title: loop
steps:
  - id: probe
    for_each: [a, b, c]
    continue_on_error: true
    run: echo {{item}}; test {{item}} != b
  - id: report
    run: echo {{steps.probe.exit_code}} {{steps.probe.stdout}}
`);
    const reporter = collector();
    const result = await runPlan(plan, { home, reporter });
    expect(result.status).toBe('ok');
    expect(reporter.of('step.output').filter((e) => e.id === 'report').map((e) => e.text).join('')).toBe('1 a\nb\nc\n');
  });

  it('more than 1,000 items is an error unless the step sets max_items', async () => {
    const many = JSON.stringify(Array.from({ length: 1001 }, (_, i) => `s${i}`));
    const yaml = (extra: string) => `name: loop\ntitle: loop\nparams:\n  services: { type: array }\nsteps:\n  - id: each\n    for_each: "{{services}}"${extra}\n    run: echo {{item}}\n`;
    const diagnostics = await diagnosticsOf(yaml(''), { services: many });
    expect(diagnostics).toMatchObject([{ code: 'for_each.too-many', message: 'step `each`: for_each over 1001 items, more than the 1000 allowed', location: { line: 7, col: 16 } }]);
    expect(diagnostics[0]!.hint).toContain('max_items');
    const zh = await compilePlaybook(loadPlaybookText('loop.yaml', yaml('')), { params: { services: many }, env: {}, lang: 'zh-CN' }).catch((error: InvalidPlaybookError) => error.diagnostics);
    expect(zh).toMatchObject([{ message: '步骤 `each`：for_each 共有 1001 项，超过允许的 1000 项', hint: '如果确实需要这么长的循环，请在步骤上设置 `max_items:`' }]);
    const allowed = await compile(yaml('\n    max_items: 2000'), { services: many });
    expect(allowed.steps).toHaveLength(1001);
  });

  it('{{item}} outside a loop, a loop over a scalar parameter, and a loop reading its own gathered outputs are errors', async () => {
    const outside = await diagnosticsOf('name: x\ntitle: x\nsteps:\n  - id: a\n    run: echo {{item}}\n');
    expect(outside).toMatchObject([{ code: 'template.item-outside' }]);
    const scalar = await diagnosticsOf('name: x\ntitle: x\nparams:\n  s: { default: a }\nsteps:\n  - id: a\n    for_each: "{{s}}"\n    run: echo {{item}}\n');
    expect(scalar).toMatchObject([{ code: 'for_each.not-list', message: 'step `a`: for_each reads parameter `s`, which is not a list' }]);
    const outputs = await diagnosticsOf('name: x\ntitle: x\nsteps:\n  - id: a\n    for_each: [x]\n    run: echo {{item}}\n    verify:\n      run: test {{steps.a.stdout}} = x\n');
    expect(outputs).toMatchObject([{ code: 'template.loop-outputs' }]);
    const text = await diagnosticsOf('name: x\ntitle: x\nsteps:\n  - id: a\n    for_each: "list: {{x}}"\n    run: echo {{item}}\n');
    expect(text).toMatchObject([{ code: 'for_each.source' }]);
    const dir = tempDir();
    writeFileSync(join(dir, 'child.yaml'), 'name: child\ntitle: child\nsteps:\n  - id: c\n    run: "true"\n');
    const parent = 'name: x\ntitle: x\nsteps:\n  - id: ls\n    run: echo []\n    parse: json\n  - id: a\n    for_each: "{{steps.ls.json}}"\n    playbook: { path: child.yaml }\n';
    const include = await compilePlaybook(loadPlaybookText(join(dir, 'p.yaml'), parent), { env: {}, lang: 'en' }).then(
      () => [],
      (error: InvalidPlaybookError) => error.diagnostics,
    );
    expect(include).toMatchObject([{ code: 'for_each.source', message: 'step `a` includes a playbook for each item of `steps.ls.json`, a step output known only during the run' }]);
  });
});

describe('for_each over a step output', () => {
  const yaml = (trail: string, flag: string) => `name: loop
title: loop
steps:
  - id: ls
    run: printf '%s' '{"items":[{"name":"a"},{"name":"$(touch PWNED)"},{"name":"c"}]}'
    parse: json
  - id: restart
    for_each: "{{steps.ls.json.items}}"
    run: (test {{item.name}} != c || test -e ${flag}) && printf '%s\\n' {{item.name}} >> ${trail}
`;

  it('plans the loop once, then expands it when the run reaches it; resume continues at the first unfinished iteration', async () => {
    const { home, work, trail, read } = setup();
    const flag = join(work, 'fixed');
    const plan = await compile(yaml(trail, flag));
    expect(plan.steps.map((s) => s.id)).toEqual(['ls', 'restart']);
    expect(plan.steps[1]!.forEach).toEqual({ step: 'restart', over: 'steps.ls.json.items', maxItems: 1000 });
    const action = plan.steps[1]!.action;
    expect(action.kind === 'run' && action.command.text).toContain('⟨item.name⟩');
    const reporter = collector();
    const first = await runPlan(plan, { home, cwd: work, reporter });
    expect(first.status).toBe('failed');
    expect(reporter.of('step.expanded')).toMatchObject([{ id: 'restart', iterations: ['restart[1]', 'restart[2]', 'restart[3]'] }]);
    expect(read()).toEqual(['a', '$(touch PWNED)']);
    expect(existsSync(join(work, 'PWNED'))).toBe(false);

    writeFileSync(flag, '');
    // --from names an iteration the old run expanded, or the loop (its first iteration).
    expect(decideResume(home, first.runId, plan, 'restart[2]')).toMatchObject({ kind: 'resume', startAt: 'restart[2]' });
    expect(decideResume(home, first.runId, plan, 'restart')).toMatchObject({ kind: 'resume', startAt: 'restart[1]' });
    const decision = decideResume(home, first.runId, plan);
    expect(decision).toMatchObject({ kind: 'resume', startAt: 'restart[3]' });
    if (decision.kind !== 'resume') return;
    const second = await runPlan(plan, { home, cwd: work, resume: decision.state });
    expect(second.status).toBe('ok');
    expect(read()).toEqual(['a', '$(touch PWNED)', 'c']);
  });

  it('--check says the loop is unknown: its iterations are known only during the run', async () => {
    const { home, work, trail } = setup();
    const reporter = collector();
    await runPlan(await compile(yaml(trail, join(work, 'fixed'))), { home, cwd: work, reporter, checkOnly: true });
    expect(reporter.of('step.would_run').at(-1)).toMatchObject({ id: 'restart', unknown: true, reason: expect.stringContaining('steps.ls.json.items') });
    expect(existsSync(trail)).toBe(false);
  });

  it('an item holding a secret never becomes an iteration id: the iterations are numbered', async () => {
    const { home } = setup();
    const plan = await compilePlaybook(
      loadPlaybookText('loop.yaml', `name: loop\ntitle: loop\nparams:\n  token: { secret: true }\nsteps:\n  - id: ls\n    run: printf '["%s","b"]' {{token}}\n    parse: json\n  - id: each\n    for_each: "{{steps.ls.json}}"\n    run: "true"\n`),
      { params: { token: 'hunter22' }, env: {}, lang: 'en' },
    );
    const reporter = collector();
    await runPlan(plan, { home, reporter });
    expect(reporter.of('step.expanded')).toMatchObject([{ iterations: ['each[1]', 'each[2]'] }]);
    expect(JSON.stringify(reporter.events)).not.toContain('hunter22');
  });

  it('a list longer than max_items, or no list at all, fails the step at run time', async () => {
    const { home } = setup();
    const build = (json: string, extra = '') =>
      compile(`name: loop\ntitle: loop\nsteps:\n  - id: ls\n    run: printf '%s' '${json}'\n    parse: json\n  - id: each\n    for_each: "{{steps.ls.json.items}}"${extra}\n    run: echo {{item}}\n`);
    const reporter = collector();
    const tooMany = await runPlan(await build('{"items":[1,2,3]}', '\n    max_items: 2'), { home, reporter });
    expect(tooMany.status).toBe('failed');
    expect(reporter.of('step.finished').at(-1)).toMatchObject({ id: 'each', status: 'failed', reason: expect.stringContaining('has 3 items, more than the 2 allowed') });
    const notList = collector();
    await runPlan(await build('{"items":"x"}'), { home, reporter: notList });
    expect(notList.of('step.finished').at(-1)).toMatchObject({ id: 'each', status: 'failed', reason: 'for_each: `steps.ls.json.items` is not a list (string)' });
  });
});
