// A secret rendered into any text of a plan (step and probe names, gate messages, notify titles, …) is masked in every sink.
import './ink/no-color.js';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan, PlanStep } from '../../src/engine/plan.js';
import { maskPlan } from '../../src/engine/plan-mask.js';
import { MASK } from '../../src/engine/redact.js';
import { diffPlans } from '../../src/review/diff.js';
import { diffMarkdownBlocks } from '../../src/review/diff-markdown.js';
import { renderDiffText } from '../../src/review/diff-text.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { createReporter } from '../../src/ui/reporter.js';
import { param, plan, probe, rendered, rollback, runStep } from '../helpers/plan-builder.js';
import { asReadStream, asWriteStream, FakeStdin, FakeStdout } from './ink/streams.js';

const SECRET = 'Tok3n-9f8e7d';

/** A compiled plan as `{{token}}` in every text that can hold a template renders it. */
function secretPlan(): CompiledPlan {
  const step = (id: string, extra: Partial<PlanStep>): PlanStep => runStep(id, 'true', { name: `${id} for ${SECRET}`, ...extra });
  return plan({
    params: [param('token', SECRET, { secret: true, source: 'given' })],
    preconditions: [probe('true', { name: `probe ${SECRET}` })],
    steps: [
      step('one', { rollback: rollback('true', { name: `undo ${SECRET}` }), description: `about ${SECRET}` }),
      step('gate', { action: { kind: 'confirm', message: `Really ${SECRET}?`, typeWord: rendered(SECRET, 'text') } }),
      step('tell', { action: { kind: 'notify', via: 'webhook', url: rendered(`http://127.0.0.1:9/hook?t=${SECRET}`, 'url'), title: rendered(`Done ${SECRET}`, 'text'), message: rendered(`msg ${SECRET}`, 'text') } }),
      step('two', { when: rendered(`${SECRET} == x`, 'text'), cwd: rendered(`/srv/${SECRET}`, 'text') }),
    ],
    postconditions: [probe('true', { name: { en: `post ${SECRET}`, 'zh-CN': `后置 ${SECRET}` } })],
    finally: [step('last', {})],
  });
}

const base = { runId: 'r1', time: '2026-11-28T01:00:00.000Z' } as const;

/** What `resume` emits for steps done in an earlier run: names come from the plan only. */
const resumedEvents: RunEvent[] = [
  { ...base, type: 'phase.started', phase: 'steps' },
  ...['one', 'gate', 'tell'].map((id): RunEvent => ({ ...base, type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: 'done in run r0', fromRun: 'r0', previous: 'ok' })),
];

describe('a secret in the texts of a plan', () => {
  it('is masked in the plan as text, Markdown and JSON', () => {
    const p = secretPlan();
    for (const out of [renderPlanText(p, { lang: 'en' }), renderPlanMarkdown(p, { lang: 'en' }), renderPlanMarkdown(p, { lang: 'zh-CN' }), JSON.stringify(maskPlan(p))]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(encodeURIComponent(SECRET));
      expect(out).toContain(MASK);
    }
    expect(renderPlanMarkdown(p, { lang: 'en' })).toContain(`one for ${MASK}`);
  });

  it("keeps the plan's vocabulary when a secret happens to be one of its words", () => {
    const p = secretPlan();
    p.params.push(param('kind', 'run', { secret: true, source: 'given' }));
    const masked = maskPlan(p);
    expect(masked.steps[0]!.action.kind).toBe('run');
    expect(masked.params[0]!.source).toBe('given');
    expect(() => renderPlanText(p, { lang: 'en' })).not.toThrow();
  });

  it('is masked in the review diff of two versions', () => {
    const before = secretPlan();
    const after = secretPlan();
    after.steps[0] = { ...after.steps[0]!, name: `renamed ${SECRET}` };
    const diff = diffPlans(before, after, { lang: 'en' });
    const out = [JSON.stringify(diff), renderDiffText(diff, { lang: 'en', before: 'a', after: 'b' }), diffMarkdownBlocks(diff, { lang: 'en', before: 'a', after: 'b' }).join('\n')].join('\n');
    expect(out).toContain('renamed');
    expect(out).not.toContain(SECRET);
  });

  it('is masked in the plain reporter, also for the skipped rows of a resumed run', () => {
    const chunks: string[] = [];
    const stream = { write: (s: string) => chunks.push(String(s)), on: () => undefined } as unknown as NodeJS.WritableStream;
    const reporter = createPlainReporter({ lang: 'en', stdout: stream, stderr: stream, plan: secretPlan() });
    for (const event of resumedEvents) reporter.onEvent(event);
    const out = chunks.join('');
    expect(out).toContain(`one (one for ${MASK})`);
    expect(out).not.toContain(SECRET);
  });

  it('is masked in the live view, also for the skipped rows of a resumed run', async () => {
    const stdout = new FakeStdout(120, 40);
    const reporter = await createReporter({
      lang: 'en',
      output: 'ink',
      stdout: asWriteStream(stdout),
      stderr: asWriteStream(new FakeStdout()),
      stdin: asReadStream(new FakeStdin(false)),
      env: {},
      plan: secretPlan(),
    });
    for (const event of resumedEvents) reporter.onEvent(event);
    await reporter.close?.();
    expect(stdout.all).toContain(`one for ${MASK}`);
    expect(stdout.all).not.toContain(SECRET);
  });
});
