// The features of issues 15 and 16 together, as a hostile reviewer would try them: forged loop events in a
// journal, hooks reading steps a selection leaves out, selections and resumes of loops.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/engine/compile.js';
import { InvalidPlaybookError } from '../../../src/engine/errors.js';
import { loadPlaybookText } from '../../../src/engine/load.js';
import type { CompiledPlan } from '../../../src/engine/plan.js';
import { readEvents } from '../../../src/engine/run/journal.js';
import { decideResume } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { applySelection } from '../../../src/engine/select.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { collector } from './plan-builder.js';

function compile(yaml: string): Promise<CompiledPlan> {
  return compilePlaybook(loadPlaybookText('loop.yaml', yaml), { params: {}, env: {}, lang: 'en' });
}

const overOutput = `name: loop
title: loop
steps:
  - id: ls
    run: printf '%s' '["a","b"]'
    parse: json
  - id: each
    for_each: "{{steps.ls.json}}"
    run: echo {{item}}
  - id: after
    run: echo {{steps.each.stdout}}; false
`;

/** Replaces the `step.expanded` event of a finished run's journal with one listing `iterations`. */
function forgeExpanded(journalDir: string, iterations: unknown): void {
  const path = join(journalDir, 'events.jsonl');
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const forged = lines.map((line) => {
    const event = JSON.parse(line) as { type: string };
    return event.type === 'step.expanded' ? JSON.stringify({ ...event, iterations }) : line;
  });
  writeFileSync(path, forged.join('\n') + '\n');
}

describe('a forged step.expanded event', () => {
  it('iterations that are not ids of the loop (numbers, objects, `../` paths) are refused by resume (exit 2), never read as files', async () => {
    const home = tempDir();
    const plan = await compile(overOutput);
    const first = await runPlan(plan, { home });
    expect(first.status).toBe('failed');
    expect(readEvents(first.journalDir).find((e) => e.type === 'step.expanded')).toMatchObject({ iterations: ['each[a]', 'each[b]'] });
    // A file outside the run's folder that a `../` id would reach.
    const outside = join(home, 'runs', 'evil');
    writeFileSync(`${outside}.outputs.json`, JSON.stringify({ stdout: 'from outside', stderr: '', exit_code: 0 }));
    for (const iterations of [[7, {}], ['../evil'], ['each[../../evil]'], ['other[a]'], ['each[a]\n']]) {
      forgeExpanded(first.journalDir, iterations);
      expect(() => decideResume(home, first.runId, plan, 'after')).toThrow(/events\.jsonl:\d+ cannot be used: step\.expanded: iterations/);
    }
  });
});

describe('a loop expanded on a target host', () => {
  it('is not taken for the expansion of the run on this host by resume (its iterations are that host\'s)', async () => {
    const home = tempDir();
    const plan = await compile(overOutput);
    const first = await runPlan(plan, { home });
    expect(decideResume(home, first.runId, plan, 'each[b]')).toMatchObject({ kind: 'resume', startAt: 'each[b]' });
    // The same events, as a target host's: this host never expanded the loop.
    const path = join(first.journalDir, 'events.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; id?: string });
    const onHost = (e: { type: string; id?: string }) => e.type === 'step.expanded' || (e.id?.startsWith('each[') ?? false);
    writeFileSync(path, lines.map((e) => JSON.stringify(onHost(e) ? { ...e, host: 'web-1' } : e)).join('\n') + '\n');
    expect(decideResume(home, first.runId, plan, 'each[b]')).toEqual({ kind: 'bad-from', step: 'each[b]' });
    expect(decideResume(home, first.runId, plan)).toMatchObject({ kind: 'resume', startAt: 'each' });
  });
});

describe('hooks and step selection', () => {
  const yaml = `name: sel
title: sel
on_failure:
  - id: tell
    run: echo failed {{run.failed_step}} {{steps.emit.stdout}}
steps:
  - id: emit
    run: echo hello
  - id: restart
    for_each: [a, b]
    run: test {{item}} != b
`;

  it('a hook step reading the outputs of a step the selection leaves out is an error before anything runs, naming both', async () => {
    const plan = await compile(yaml);
    const diagnostics = (selection: Parameters<typeof applySelection>[1]) => {
      try {
        applySelection(plan, selection);
      } catch (error) {
        if (error instanceof InvalidPlaybookError) return error.diagnostics;
        throw error;
      }
      throw new Error('expected the selection to be refused');
    };
    expect(diagnostics({ only: ['restart'], skip: [] })).toMatchObject([
      { code: 'select.reads-deselected', message: 'on_failure step `tell` reads the outputs of step `emit`, which this run leaves out (not selected by --only restart)', location: { line: 4, col: 5 } },
    ]);
    expect(diagnostics({ from: 'restart', only: [], skip: [] })).toMatchObject([{ message: expect.stringContaining('on_failure step `tell` reads the outputs of step `emit`') }]);
    // Selected, the hook reads them; the failed step it is told is the iteration.
    const home = tempDir();
    const reporter = collector();
    const result = await runPlan(applySelection(plan, { only: ['restart', 'emit'], skip: [] }), { home, reporter });
    expect(result.status).toBe('failed');
    expect(reporter.of('step.output').filter((e) => e.id === 'tell').map((e) => e.text).join('')).toBe('failed restart[b] hello\n');
  });
});

describe('a list known at plan time holding a secret', () => {
  it('numbers its iterations: the secret is in no id, no event and no file name of the journal', async () => {
    const plan = await compilePlaybook(
      loadPlaybookText('loop.yaml', `name: loop\ntitle: loop\nparams:\n  token: { secret: true }\nsteps:\n  - id: each\n    for_each: [api, hunter22xyz]\n    run: echo {{item}}\n`),
      { params: { token: 'hunter22xyz' }, env: {}, lang: 'en' },
    );
    expect(plan.steps.map((s) => s.id)).toEqual(['each[1]', 'each[2]']);
    const home = tempDir();
    const reporter = collector();
    const result = await runPlan(plan, { home, reporter });
    expect(result.status).toBe('ok');
    expect(JSON.stringify(reporter.events)).not.toContain('hunter22xyz');
    expect(readdirSync(join(result.journalDir, 'steps')).join(' ')).not.toContain('hunter22xyz');
  });
});

describe('become inside a loop', () => {
  const yaml = (forEach: string) => `name: loop
title: loop
params:
  users: { type: array, default: [nobody, "root; touch PWNED"] }
steps:
  - id: ls
    run: echo '["nobody"]'
    parse: json
  - id: each
    for_each: "${forEach}"
    become: "{{item}}"
    run: id -un
`;
  async function diagnostics(source: string) {
    try {
      await compile(source);
    } catch (error) {
      if (error instanceof InvalidPlaybookError) return error.diagnostics;
      throw error;
    }
    throw new Error('expected the compile to fail');
  }

  it('a step the selection leaves out does not need its user: the run starts without asking for it', async () => {
    const plan = await compile(`name: b\ntitle: b\nsteps:\n  - id: chown\n    become: no_such_user_rv\n    run: echo chown\n  - id: other\n    run: echo other\n`);
    expect((await runPlan(plan, { home: tempDir() })).status).toBe('precondition_failed');
    const reporter = collector();
    expect((await runPlan(applySelection(plan, { only: [], skip: ['chown'] }), { home: tempDir(), reporter })).status).toBe('ok');
    expect(reporter.of('step.output').map((e) => e.text)).toEqual(['other\n']);
  });

  it('an item known at plan time is checked as a user name; one known only at run time is refused, saying why', async () => {
    expect(await diagnostics(yaml('{{users}}'))).toMatchObject([{ code: 'become.user', message: 'become: "root; touch PWNED" is not a user name' }]);
    expect(await diagnostics(yaml('{{steps.ls.json}}'))).toMatchObject([
      { code: 'become.item-at-run', message: expect.stringContaining('reads {{item}} of a list known only when the run reaches the step'), location: { line: 11, col: 14 } },
    ]);
  });
});

describe('--from an iteration of a loop known at plan time', () => {
  it('starts at that iteration; a later step reading the loop\'s gathered outputs is refused (they would lack the iterations left out)', async () => {
    const source = (reader: string) => `name: loop
title: loop
steps:
  - id: restart
    for_each: [a, b, c]
    run: echo {{item}}
  - id: after
    run: ${reader}
`;
    const plan = applySelection(await compile(source('echo done')), { from: 'restart[b]', only: [], skip: [] });
    expect(plan.steps.map((s) => [s.id, s.deselected?.by])).toEqual([
      ['restart[a]', 'from'],
      ['restart[b]', undefined],
      ['restart[c]', undefined],
      ['after', undefined],
    ]);
    const reporter = collector();
    expect((await runPlan(plan, { home: tempDir(), reporter })).status).toBe('ok');
    expect(reporter.of('step.output').map((e) => e.text)).toEqual(['b\n', 'c\n', 'done\n']);
    const reads = await compile(source('echo {{steps.restart.stdout}}'));
    expect(() => applySelection(reads, { from: 'restart[b]', only: [], skip: [] })).toThrow(InvalidPlaybookError);
  });
});

describe('a hook looping over a step output', () => {
  const yaml = (boom: string) => `name: hk
title: hk
on_failure:
  - id: tell
    for_each: "{{steps.emit.json}}"
    run: echo tell {{item}}
  - id: sum
    run: echo {{steps.tell.stdout}}
steps:
  - id: ${boom}
    run: exit 1
  - id: emit
    run: echo '["x", "$(touch PWNED)"]'
    parse: json
  - id: fail
    run: exit 1
`;

  it('expands when the hook runs (each item data, never code); its gathered outputs are read by the next hook step', async () => {
    const work = tempDir();
    const reporter = collector();
    const result = await runPlan(await compile(yaml('first\n    continue_on_error: true')), { home: tempDir(), cwd: work, reporter });
    expect(result.status).toBe('failed');
    expect(reporter.of('step.expanded')).toMatchObject([{ phase: 'hooks', id: 'tell', iterations: ['tell[1]', 'tell[2]'] }]);
    const said = (id: string) => reporter.of('step.output').filter((e) => e.id === id).map((e) => e.text).join('');
    expect([said('tell[1]'), said('tell[2]'), said('sum')]).toEqual(['tell x\n', 'tell $(touch PWNED)\n', 'tell x\ntell $(touch PWNED)\n']);
    expect(readdirSync(work)).toEqual([]);
  });

  it('a list that cannot be read (the step never ran) fails that hook step, reported, without changing the exit', async () => {
    const reporter = collector();
    const result = await runPlan(await compile(yaml('first')), { home: tempDir(), reporter });
    expect(result).toMatchObject({ status: 'failed', exitCode: 1, hooksFailed: ['tell', 'sum'] });
    expect(reporter.of('step.finished').find((e) => e.id === 'tell')).toMatchObject({ phase: 'hooks', status: 'failed', reason: expect.stringContaining('steps.emit.json') });
  });
});

describe('hooks of a playbook with targets', () => {
  const yaml = (on: string) => `name: th
title: th
targets: all
on_failure:
  - id: tell
    run: echo {{run.failed_step}}
  - id: tell_host
${on}    run: echo {{host.name}}
steps:
  - id: a
    run: echo hi
`;

  it('run on this host: `on: targets` on a hook step is an error at its line, and so is reading {{host.*}} there', async () => {
    const explicit = await compile(yaml('    on: targets\n')).then(
      () => [],
      (error: unknown) => (error instanceof InvalidPlaybookError ? error.diagnostics : [error]),
    );
    expect(explicit[0]).toMatchObject({ code: 'step.on', message: 'step `tell_host` of `on_failure` runs `on: targets`: hooks run on the ops host, once, after the run', location: { line: 8, col: 9 } });
    const implicit = await compile(yaml('')).then(
      () => [],
      (error: unknown) => (error instanceof InvalidPlaybookError ? error.diagnostics : [error]),
    );
    expect(implicit).toMatchObject([{ code: 'template.host-only' }]);
  });
});
