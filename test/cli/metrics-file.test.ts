// --metrics-file through the CLI: counters accumulate across runs, the file passes `promtool check metrics`,
// concurrent runs lose no update, RUNBOOK_METRICS_FILE works too.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const PROMTOOL = '/usr/bin/promtool';

/** `promtool check metrics` on the file: its complaints, or '' when it has none. */
function promtoolCheck(file: string): string {
  if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
  try {
    execFileSync(PROMTOOL, ['check', 'metrics'], { input: readFileSync(file), stdio: ['pipe', 'pipe', 'pipe'] });
    return '';
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` || e.message;
  }
}

/** The value of one sample line, e.g. `runbook_runs_total{playbook="fix",status="ok"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const OK = `name: fix
steps:
  - id: a
    run: 'true'
`;
const FAILING = `name: fix
steps:
  - id: a
    run: 'true'
    rollback: 'true'
  - id: b
    run: 'true'
    rollback: 'true'
  - id: c
    run: 'exit 1'
`;

describe('--metrics-file', () => {
  it('accumulates runs, durations, rollbacks and the last success across runs; promtool accepts the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'runbook.prom');
    writeFileSync(join(dir, 'ok.yaml'), OK);
    writeFileSync(join(dir, 'failing.yaml'), FAILING);
    const home = join(dir, 'home');
    const before = Math.floor(Date.now() / 1000);
    const first = await runbook(['play', 'ok.yaml', '--home', home, '--output', 'plain', '--metrics-file', file], { cwd: dir });
    expect(first.code).toBe(0);
    const second = await runbook(['play', 'failing.yaml', '--home', home, '--output', 'plain'], { cwd: dir, env: { RUNBOOK_METRICS_FILE: 'runbook.prom' } });
    expect(second.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(sample(text, 'runbook_runs_total{playbook="fix",status="ok"}')).toBe(1);
    expect(sample(text, 'runbook_runs_total{playbook="fix",status="failed"}')).toBe(1);
    expect(sample(text, 'runbook_run_duration_seconds_count{playbook="fix"}')).toBe(2);
    expect(sample(text, 'runbook_run_duration_seconds_bucket{le="+Inf",playbook="fix"}')).toBe(2);
    expect(sample(text, 'runbook_rollbacks_total{playbook="fix",result="ok"}')).toBe(2);
    const last = sample(text, 'runbook_last_success_timestamp_seconds{playbook="fix"}')!;
    expect(last).toBeGreaterThanOrEqual(before);
    expect(promtoolCheck(file)).toBe('');
  });

  it('concurrent runs writing the same file lose no update', async () => {
    const dir = tempDir();
    const file = join(dir, 'runbook.prom');
    const names = ['one', 'two', 'three', 'four', 'five'];
    for (const name of names) writeFileSync(join(dir, `${name}.yaml`), OK.replace('name: fix', `name: ${name}`).replace("run: 'true'", "run: 'true'\n    timeout: 30s"));
    const results = await Promise.all(names.map((name) => runbook(['play', `${name}.yaml`, '--home', join(dir, 'home'), '--output', 'plain', '-q', '--metrics-file', file], { cwd: dir })));
    expect(results.map((r) => [r.code, r.stderr])).toEqual(names.map(() => [0, '']));
    const text = readFileSync(file, 'utf8');
    for (const name of names) expect(sample(text, `runbook_runs_total{playbook="${name}",status="ok"}`)).toBe(1);
    expect(promtoolCheck(file)).toBe('');
  });

  it('--check and sandbox runs are not counted; a file that cannot be written is said, the exit code stays', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.yaml'), OK);
    const file = join(dir, 'runbook.prom');
    const check = await runbook(['play', 'ok.yaml', '--check', '--home', join(dir, 'home'), '--output', 'plain', '--metrics-file', file], { cwd: dir });
    expect(check.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    const missing = join(dir, 'no', 'such', 'dir', 'runbook.prom');
    const result = await runbook(['play', 'ok.yaml', '--home', join(dir, 'home'), '--output', 'plain', '--metrics-file', missing], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`runbook: the metrics file ${missing} was not updated:`);
  });
});
