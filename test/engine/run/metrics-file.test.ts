// The metrics file (src/engine/run/metrics-file.ts): updates under a lock lose nothing, the state beside it is read as untrusted input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statePath, updateMetricsFile, type RunSample } from '../../../src/engine/run/metrics-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const run = (over: Partial<RunSample> = {}): RunSample => ({ playbook: 'fix', status: 'ok', durationMs: 2_500, rolledBack: 0, rollbackFailed: 0, finishedAt: 1_700_000_000_000, ...over });

const valueOf = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));

describe('updateMetricsFile', () => {
  it('twenty updates at once all count (the file is locked while it is read and written)', async () => {
    const file = join(tempDir(), 'runbook.prom');
    await Promise.all(Array.from({ length: 20 }, (_, i) => updateMetricsFile(file, run({ status: i % 2 ? 'ok' : 'failed' }))));
    const text = readFileSync(file, 'utf8');
    expect(valueOf(text, 'runbook_runs_total{playbook="fix",status="ok"}')).toBe(10);
    expect(valueOf(text, 'runbook_runs_total{playbook="fix",status="failed"}')).toBe(10);
    expect(valueOf(text, 'runbook_run_duration_seconds_sum{playbook="fix"}')).toBe(50);
  });

  it('the last success keeps the latest time; rollbacks count by result', async () => {
    const file = join(tempDir(), 'runbook.prom');
    await updateMetricsFile(file, run({ finishedAt: 2_000_000_000_000 }));
    await updateMetricsFile(file, run({ finishedAt: 1_000_000_000_000 }));
    await updateMetricsFile(file, run({ status: 'rollback_failed', rolledBack: 1, rollbackFailed: 1, finishedAt: 3_000_000_000_000 }));
    const text = readFileSync(file, 'utf8');
    expect(valueOf(text, 'runbook_last_success_timestamp_seconds{playbook="fix"}')).toBe(2_000_000_000);
    expect(valueOf(text, 'runbook_rollbacks_total{playbook="fix",result="ok"}')).toBe(1);
    expect(valueOf(text, 'runbook_rollbacks_total{playbook="fix",result="failed"}')).toBe(1);
  });

  it('keeps only well-formed values of its own metrics from the state file', async () => {
    const file = join(tempDir(), 'runbook.prom');
    writeFileSync(
      statePath(file),
      JSON.stringify([
        { name: 'runbook_runs_total', aggregator: 'constructor', values: [{ value: 4, labels: { playbook: 'fix', status: 'ok' } }, { value: 'x', labels: {} }, { value: 1, labels: { 'bad"label': 'x' } }] },
        { name: 'evil_total', type: 'counter', help: 'x', values: [{ value: 1, labels: {} }] },
      ]),
    );
    await updateMetricsFile(file, run());
    const text = readFileSync(file, 'utf8');
    expect(valueOf(text, 'runbook_runs_total{playbook="fix",status="ok"}')).toBe(5);
    expect(text).not.toContain('evil_total');
    expect(text).not.toContain('bad');
  });

  it('a series name or label of the state that is not the metric\'s own is dropped: nothing in the state writes a line of its own', async () => {
    const file = join(tempDir(), 'runbook.prom');
    await updateMetricsFile(file, run());
    const state = JSON.parse(readFileSync(statePath(file), 'utf8')) as { name: string; values: { metricName?: string; labels: Record<string, string> }[] }[];
    for (const metric of state) {
      for (const value of metric.values) if (value.metricName?.endsWith('_count')) value.metricName = 'runbook_run_duration_seconds_count{evil="1"} 99\nfake_metric';
      if (metric.name === 'runbook_runs_total') metric.values.push({ labels: { __name__: 'fake', le: '1', playbook: 'x' } } as never, { value: 1, labels: { __name__: 'fake' } } as never);
    }
    writeFileSync(statePath(file), JSON.stringify(state));
    await updateMetricsFile(file, run());
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/evil|fake/);
    expect(valueOf(text, 'runbook_runs_total{playbook="fix",status="ok"}')).toBe(2);
    expect(valueOf(text, 'runbook_run_duration_seconds_count{playbook="fix"}')).toBe(1);
  });

  it('a state file that is not JSON is an error naming it (the metrics file is left as it was)', async () => {
    const file = join(tempDir(), 'runbook.prom');
    writeFileSync(statePath(file), '{not json');
    await expect(updateMetricsFile(file, run())).rejects.toThrow(`${statePath(file)} is not the state this file keeps`);
  });
});
