// --check's "unknown" (a step whose check reads outputs of steps --check did not run), in the plain, JSON and Ink reporters.
import './ink/no-color.js';
import { PassThrough } from 'node:stream';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { App } from '../../src/ui/ink/App.js';
import { createJsonReporter } from '../../src/ui/json.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { applyEvent, createRunView } from '../../src/ui/run-view.js';
import { describeEvent } from '../../src/cli/commands/logs.js';
import { plan, runStep } from '../helpers/plan-builder.js';

const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
const counts = { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
const events: RunEvent[] = [
  { ...base, type: 'step.would_run', id: 'build', name: 'build', reason: 'no check probe' },
  { ...base, type: 'step.would_run', id: 'publish', name: 'publish', reason: 'its check reads outputs of earlier steps (build)', unknown: true },
  { ...base, type: 'run.finished', status: 'ok', exitCode: 0, durationMs: 10, counts, journalDir: 'j' },
];

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('--check: unknown', () => {
  it('plain: an "unknown" row, counted apart from "would run"', () => {
    const out = collect();
    const reporter = createPlainReporter({ lang: 'en', stdout: out.stream, stderr: collect().stream });
    for (const event of events) reporter.onEvent(event);
    expect(out.text()).toContain('  ? publish  unknown · its check reads outputs of earlier steps (build)\n');
    expect(out.text()).toContain('  ▷ build  would run');
    expect(out.text()).toContain('0 ok · 1 would run (--check) · 1 unknown until the run (--check)\n');
  });

  it('json: the event carries unknown: true, and stays a step.would_run for older readers', () => {
    const out = collect();
    const reporter = createJsonReporter({ stdout: out.stream });
    for (const event of events) reporter.onEvent(event);
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    expect(lines[1]).toMatchObject({ type: 'step.would_run', id: 'publish', unknown: true });
    expect(lines[0]).not.toHaveProperty('unknown');
  });

  it('Ink: the row shows unknown, and the summary counts it', () => {
    const view = createRunView(plan({ steps: [runStep('build', 'make'), runStep('publish', 'make publish')] }), 'zh-CN');
    for (const event of events) applyEvent(view, event, 'zh-CN');
    expect(view.rows.find((r) => r.id === 'publish')?.status).toBe('unknown');
    const { lastFrame, unmount } = render(<App view={view} lang="zh-CN" now={Date.parse(base.time)} columns={100} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} />);
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toContain('未知');
    expect(frame).toContain('运行时才能确定 1（--check）');
  });

  it('logs: says unknown until the run', () => {
    expect(describeEvent(events[1]!)).toContain('publish: unknown until the run: its check reads outputs of earlier steps (build)');
  });
});
