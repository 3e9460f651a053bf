// The features of issues 15 and 16 together, as a hostile reviewer would try them: forged loop events in a
// journal, hooks reading steps a selection leaves out, selections and resumes of loops.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/engine/compile.js';
import { loadPlaybookText } from '../../../src/engine/load.js';
import type { CompiledPlan } from '../../../src/engine/plan.js';
import { readEvents } from '../../../src/engine/run/journal.js';
import { decideResume } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { tempDir } from '../../helpers/temp-dir.js';

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
