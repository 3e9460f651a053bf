// --metrics-file through the CLI: counters accumulate across runs, the file passes `promtool check metrics`,
// concurrent runs lose no update, RUNBOOK_METRICS_FILE works too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('says why the file was not updated in the chosen language (a state that is not its own, a missing folder), the English as before', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.yaml'), OK);
    const file = join(dir, 'runbook.prom');
    writeFileSync(`${file}.state.json`, '{"not": "a list"}');
    const missing = join(dir, 'no', 'such', 'runbook.prom');
    const said = {
      en: [
        `runbook: the metrics file ${file} was not updated: ${file}.state.json is not the state this file keeps (a JSON list of metrics); move it away to start the counters again (the run itself is not affected)\n`,
        `runbook: the metrics file ${missing} was not updated: no such folder: ${join(dir, 'no', 'such')} (the run itself is not affected)\n`,
      ],
      'zh-CN': [
        `runbook：指标文件 ${file} 未更新：${file}.state.json 不是该文件保存的状态（一个由指标组成的 JSON 列表）；请将其移走，计数将从头开始（不影响本次运行）\n`,
        `runbook：指标文件 ${missing} 未更新：目录不存在：${join(dir, 'no', 'such')}（不影响本次运行）\n`,
      ],
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [i, target] of [file, missing].entries()) {
        const result = await runbook(['play', 'ok.yaml', '--home', join(dir, 'home'), '--output', 'plain', '-q', '--metrics-file', target, '--lang', lang], { cwd: dir });
        expect(result.code).toBe(0);
        expect(result.stderr).toBe(said[lang][i]);
      }
    }
    // LANG=zh_CN.UTF-8 chooses Chinese as --lang zh-CN does.
    const byLang = await runbook(['play', 'ok.yaml', '--home', join(dir, 'home'), '--output', 'plain', '-q', '--metrics-file', missing], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(byLang.stderr).toBe(said['zh-CN'][1]);
    // A refusal of the file system: Node's words in English, its code and the words for it in Chinese (never a bare code).
    const blocked = join(dir, 'blocked.prom');
    mkdirSync(`${blocked}.state.json`);
    const en = await runbook(['play', 'ok.yaml', '--home', join(dir, 'home'), '--output', 'plain', '-q', '--metrics-file', blocked, '--lang', 'en'], { cwd: dir });
    expect(en.stderr).toBe(`runbook: the metrics file ${blocked} was not updated: EISDIR: illegal operation on a directory, read (the run itself is not affected)\n`);
    const zh = await runbook(['play', 'ok.yaml', '--home', join(dir, 'home'), '--output', 'plain', '-q', '--metrics-file', blocked, '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.stderr).toBe(`runbook：指标文件 ${blocked} 未更新：EISDIR: 是一个目录（不影响本次运行）\n`);
  });
});
