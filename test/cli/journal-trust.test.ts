// history, logs and resume read the journal as untrusted input (issue 11): damaged files are named, never a
// crash (exit 70); a forged process group is never signalled; a SIGKILL during a rollback leaves it unknown.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, waitFor } from '../helpers/process.js';
import { runCli, start, workspace, writePlaybook } from './play-helpers.js';

const spawned: ChildProcess[] = [];
const groups: number[] = [];
afterEach(() => {
  for (const pgid of [...spawned.splice(0).map((c) => c.pid!), ...groups.splice(0)]) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function setup(yaml = 'name: two\ntitle: Two\nsteps:\n  - id: one\n    run: "true"\n  - id: two\n    run: "false"\n') {
  const dir = workspace();
  writePlaybook(dir, 'two.yaml', yaml);
  const env = { RUNBOOK_HOME: join(dir, 'home') };
  const runs = () => readdirSync(join(dir, 'home', 'runs')).sort();
  return { dir, env, runs, runDir: (id: string) => join(dir, 'home', 'runs', id) };
}

describe('damaged journals', () => {
  it('null, numbers and wrong types in meta.json, events.jsonl and groups.jsonl never crash history, logs or resume', async () => {
    const { dir, env, runs, runDir } = setup();
    for (let i = 0; i < 3; i++) expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
    const [a, b, c] = runs() as [string, string, string];
    writeFileSync(join(runDir(a), 'meta.json'), 'null');
    writeFileSync(join(runDir(b), 'meta.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(runDir(b), 'meta.json'), 'utf8')), pid: 'x', exitCode: null }));
    writeFileSync(join(runDir(c), 'events.jsonl'), 'null\n42\n{"type":"run.started","runId":null}\n' + readFileSync(join(runDir(c), 'events.jsonl'), 'utf8'));
    writeFileSync(join(runDir(c), 'groups.jsonl'), '{"step":null,"pgid":"7"}\n[]\n');

    const history = await runCli(['history'], { cwd: dir, env });
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(c);
    expect(history.stdout).not.toContain(a);
    expect(history.stderr).toContain(`${join(runDir(a), 'meta.json')}: expected an object, got null`);
    expect(history.stderr).toContain(`${join(runDir(b), 'meta.json')}: pid: expected a number, got a string`);
    expect((await runCli(['history', '--json'], { cwd: dir, env })).code).toBe(0);

    const logs = await runCli(['logs', c], { cwd: dir, env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('run finished: failed (exit 1)');
    expect(logs.stderr).toContain(`${join(runDir(c), 'events.jsonl')}:1: expected an object, got null`);
    const logsOfNull = await runCli(['logs', a], { cwd: dir, env });
    expect(logsOfNull.code).toBe(0);
    expect(logsOfNull.stderr).toContain('meta.json: expected an object, got null');

    for (const run of [a, b]) {
      const resume = await runCli(['resume', run], { cwd: dir, env });
      expect(resume.code).toBe(2);
      expect(resume.stderr).toContain(`${join(runDir(run), 'meta.json')} cannot be used`);
    }
    const resume = await runCli(['resume', c], { cwd: dir, env });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain(`${join(runDir(c), 'groups.jsonl')}:1 cannot be used`);
    writeFileSync(join(runDir(c), 'groups.jsonl'), '');
    const resumeEvents = await runCli(['resume', c], { cwd: dir, env });
    expect(resumeEvents.code).toBe(2);
    expect(resumeEvents.stderr).toContain(`${join(runDir(c), 'events.jsonl')}:1 cannot be used`);
    for (const out of [history, logs, logsOfNull, resume, resumeEvents]) expect(out.stderr).not.toContain('internal error');
  });

  it('a FIFO or a device in place of a journal file (meta.json, events.jsonl, serve.json) is named, never waited on (history, logs, resume; en and zh-CN)', async () => {
    const { dir, env, runs, runDir } = setup();
    for (let i = 0; i < 2; i++) expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
    const [a, b] = runs() as [string, string];
    // A FIFO blocked the reader in open(2) until a writer came; /dev/zero never ends.
    rmSync(join(runDir(a), 'meta.json'));
    execFileSync('mkfifo', [join(runDir(a), 'meta.json')]);
    rmSync(join(runDir(b), 'events.jsonl'));
    symlinkSync('/dev/zero', join(runDir(b), 'events.jsonl'));
    execFileSync('mkfifo', [join(runDir(b), 'serve.json')]);
    // A step's log, read by `logs --step`, and events.jsonl as `logs --json` copies it: the same rule.
    mkdirSync(join(runDir(a), 'steps'), { recursive: true });
    execFileSync('mkfifo', [join(runDir(a), 'steps', 'one.log')]);
    for (const [lang, why] of [['en', 'not a regular file'], ['zh-CN', '不是普通文件']] as const) {
      const step = await runCli(['logs', a, '--step', 'one', '--lang', lang], { cwd: dir, env });
      expect(step.code).toBe(2);
      expect(step.stderr).toContain(join(runDir(a), 'steps', 'one.log'));
      expect(step.stderr).toContain(why);
      const json = await runCli(['logs', b, '--json', '--lang', lang], { cwd: dir, env });
      expect(json.code).toBe(2);
      expect(json.stderr).toContain(join(runDir(b), 'events.jsonl'));
      expect(json.stderr).toContain(why);
      const history = await runCli(['history', '--lang', lang], { cwd: dir, env });
      expect(history.code).toBe(0);
      expect(history.stdout).toContain(b);
      expect(history.stderr).toContain(`${join(runDir(a), 'meta.json')}${lang === 'en' ? ': ' : '：'}${why}`);
      const logs = await runCli(['logs', b, '--lang', lang], { cwd: dir, env });
      expect(logs.code).toBe(0);
      expect(logs.stderr).toContain(`${join(runDir(b), 'events.jsonl')}${lang === 'en' ? ': ' : '：'}${why}`);
      expect(logs.stderr).toContain(`${join(runDir(b), 'serve.json')}${lang === 'en' ? ': ' : '：'}${why}`);
      for (const run of [a, b]) expect((await runCli(['resume', run, '--lang', lang], { cwd: dir, env })).code).toBe(2);
    }
  });

  it('history keeps a forged value inside its row: a line break in meta.json shows as ␤, in English and Chinese', async () => {
    const { dir, env, runs, runDir } = setup();
    expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
    const [run] = runs() as [string];
    const meta = JSON.parse(readFileSync(join(runDir(run), 'meta.json'), 'utf8')) as Record<string, unknown>;
    const forged = '20261201-000000-beef  ok  0  2026-12-01 00:00:00  1s  -  deploy';
    writeFileSync(join(runDir(run), 'meta.json'), JSON.stringify({ ...meta, playbook: `two\n${forged}` }));
    for (const lang of ['en', 'zh-CN']) {
      const history = await runCli(['history', '--lang', lang], { cwd: dir, env });
      expect(history.code).toBe(0);
      const lines = history.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`two␤${forged}`);
    }
  });

  it('resume --kill-orphans refuses a process group it cannot verify as the run\'s own, and signals nothing', async () => {
    // A group the run did not start (no start time recorded): a forged or corrupt line.
    const { dir, env, run, victim } = await forgedGroup('two', new Date().toISOString());

    const killed = await runCli(['resume', run, '--kill-orphans'], { cwd: dir, env: { ...env, RUNBOOK_KILL_GRACE_MS: '100' } });
    expect(killed.code).toBe(5);
    expect(killed.stderr).toContain(`process group ${victim.pid} recorded for step \`two\` of run ${run} exists, but cannot be verified`);
    expect(killed.stderr).not.toContain('stopping step');
    expect(alive(victim.pid!)).toBe(true);
  });
});

describe('why a journal file cannot be used, in the user\'s language', () => {
  const reads = 'name: reads\ntitle: Reads\nsteps:\n  - id: one\n    run: echo /srv/data\n  - id: two\n    run: "false"\n  - id: three\n    run: echo {{steps.one.stdout}}\n';
  const said = {
    en: {
      pid: 'pid: expected a process id',
      json: 'not valid JSON',
      id: 'step.finished: id: expected a string, got number 7',
      pgid: 'pgid: expected a process group id above 1, got 1',
      serve: 'serve.json does not have the expected fields',
      missing: 'missing',
      warning: (path: string, why: string) => `warning: ${path}: ${why}; left out`,
      damaged: (path: string, why: string) => `the run journal file ${path} cannot be used: ${why}`,
    },
    'zh-CN': {
      pid: '字段 pid：应为进程的 pid',
      json: '不是有效的 JSON',
      id: '事件 step.finished 的字段 id：应为字符串，实际为数字 7',
      pgid: '字段 pgid：应为大于 1 的进程组号，实际为 1',
      serve: 'serve.json 的字段不符合预期',
      missing: '缺失',
      warning: (path: string, why: string) => `警告：${path}：${why}；已略过`,
      damaged: (path: string, why: string) => `运行日志文件 ${path} 无法使用：${why}`,
    },
  };

  it('history, logs and resume say why in Chinese under zh-CN (and as before in English), the file\'s names as they are', async () => {
    const { dir, env, runs, runDir } = setup(reads);
    for (let i = 0; i < 4; i++) expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
    const [a, b, c, d] = runs() as [string, string, string, string];
    const file = (run: string, name: string) => join(runDir(run), name);
    const meta = (run: string) => JSON.parse(readFileSync(file(run, 'meta.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(file(a, 'meta.json'), JSON.stringify({ ...meta(a), pid: -1 }));
    writeFileSync(file(b, 'meta.json'), '{"runId": ');
    rmSync(file(b, 'events.jsonl'));
    const forged = '{"type":"step.finished","runId":"r","time":"t","phase":"steps","id":7,"status":"ok","durationMs":1}\n';
    writeFileSync(file(c, 'events.jsonl'), forged + readFileSync(file(c, 'events.jsonl'), 'utf8'));
    writeFileSync(file(c, 'groups.jsonl'), '{"pgid":1}\n');
    writeFileSync(file(c, 'serve.json'), '{"request": 1}');
    rmSync(file(d, join('steps', 'one.outputs.json')));

    for (const lang of ['en', 'zh-CN'] as const) {
      const words = said[lang];
      const cli = (args: string[]) => runCli([...args, '--lang', lang], { cwd: dir, env });
      const history = await cli(['history']);
      expect(history.code).toBe(0);
      expect(history.stderr).toContain(words.warning(file(a, 'meta.json'), words.pid));
      expect(history.stderr).toContain(words.warning(file(b, 'meta.json'), words.json));
      const logs = await cli(['logs', c]);
      expect(logs.code).toBe(0);
      expect(logs.stderr).toContain(words.warning(file(c, 'serve.json'), words.serve));
      expect(logs.stderr).toContain(words.warning(`${file(c, 'events.jsonl')}:1`, words.id));
      const logsOfA = await cli(['logs', a]);
      expect(logsOfA.stderr).toContain(words.warning(file(a, 'meta.json'), words.pid));
      const json = await cli(['logs', b, '--json']);
      expect(json.code).toBe(2);
      expect(json.stderr).toContain(words.damaged(file(b, 'events.jsonl'), words.missing));
      const refused: [string, string, string][] = [
        [a, file(a, 'meta.json'), words.pid],
        [c, `${file(c, 'groups.jsonl')}:1`, words.pgid],
        [d, file(d, join('steps', 'one.outputs.json')), words.missing],
      ];
      const resumes = [];
      for (const [run, path, why] of refused) {
        const resume = await cli(['resume', run]);
        expect(resume.code).toBe(2);
        expect(resume.stderr).toContain(words.damaged(path, why));
        resumes.push(resume);
      }
      // Under zh-CN no reason is left in English (the paths, which hold random letters, aside).
      if (lang === 'zh-CN') {
        for (const out of [history, logs, logsOfA, json, ...resumes]) {
          expect(out.stderr.replaceAll(dir, '…')).not.toMatch(/expected|got |valid JSON|missing|unreadable|does not have|warning|left out|cannot be used/);
        }
      }
    }
  });

  it('a field name read from the file stays on its line in the warning: no control sequence, a line break as ␤ (en and zh-CN)', async () => {
    const { dir, env, runs, runDir } = setup();
    expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
    const [run] = runs() as [string];
    const events = join(runDir(run), 'events.jsonl');
    const forged = { type: 'run.finished', runId: run, time: 't', status: 'ok', exitCode: 0, durationMs: 1, journalDir: 'j', counts: { 'x\u001b[2J\nwarning: nothing is damaged': 'one' } };
    writeFileSync(events, JSON.stringify(forged) + '\n' + readFileSync(events, 'utf8'));
    for (const lang of ['en', 'zh-CN']) {
      const logs = await runCli(['logs', run, '--lang', lang], { cwd: dir, env });
      expect(logs.code).toBe(0);
      expect(logs.stderr).toContain(`counts.x␛[2J␤warning: nothing is damaged`);
      expect(logs.stderr).not.toContain('\u001b');
      expect(logs.stderr).not.toMatch(/^warning: nothing is damaged/m);
      // resume refuses the file, naming the field on the error's line too.
      const resume = await runCli(['resume', run, '--lang', lang], { cwd: dir, env });
      expect(resume.code).toBe(2);
      expect(resume.stderr).toContain(`counts.x␛[2J␤warning: nothing is damaged`);
      expect(resume.stderr).not.toContain('\u001b');
      expect(resume.stderr).not.toMatch(/^warning: nothing is damaged/m);
    }
  });
});

/**
 * A run that failed, then made to look as if its engine died (status running, a pid that is gone) with one process
 * group in groups.jsonl: a live `sleep` the run never started, under the given step and start time.
 */
async function forgedGroup(step: string, since: string) {
  const { dir, env, runs, runDir } = setup();
  expect((await runCli(['play', 'two.yaml'], { cwd: dir, env })).code).toBe(1);
  const [run] = runs() as [string];
  const victim = spawn('bash', ['-c', 'sleep 30'], { detached: true, stdio: 'ignore' });
  spawned.push(victim);
  await waitFor(() => alive(victim.pid!));
  writeFileSync(join(runDir(run), 'groups.jsonl'), JSON.stringify({ step, pgid: victim.pid, host: hostname(), since }) + '\n');
  const meta = JSON.parse(readFileSync(join(runDir(run), 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(runDir(run), 'meta.json'), JSON.stringify({ ...meta, status: 'running', pid: 999_999_999 }));
  return { dir, env, run, victim };
}

describe('a forged groups.jsonl', () => {
  it('logs and resume show its step and time inside their line: no control sequence, a line break as ␤ (en and zh-CN)', async () => {
    const { dir, env, run, victim } = await forgedGroup('two\u001b[2J\nrunbook: nothing is running', 'now\u001b]0;x\u0007\nok');
    for (const lang of ['en', 'zh-CN']) {
      const logs = await runCli(['logs', run, '--lang', lang], { cwd: dir, env });
      const resume = await runCli(['resume', run, '--lang', lang], { cwd: dir, env });
      const killing = await runCli(['resume', run, '--kill-orphans', '--lang', lang], { cwd: dir, env: { ...env, RUNBOOK_KILL_GRACE_MS: '100' } });
      for (const out of [logs.stdout, resume.stderr, killing.stderr]) {
        expect(out).toContain('two␤runbook: nothing is running');
        expect(out).not.toMatch(/^runbook: nothing is running/m);
        for (const control of ['\u001b', '\u0007']) expect(out).not.toContain(control);
      }
      expect(logs.stdout).toContain('now␤ok');
    }
    expect(alive(victim.pid!)).toBe(true);
  });
});

describe('SIGKILL of the engine during a rollback, then resume', () => {
  it('the rollback that started and never ended is unknown: surfaced by logs, refused by resume, continued by resume --rollback', async () => {
    const { dir, env, runs } = setup(`name: crash
title: Crash in rollback
steps:
  - id: one
    run: echo one >> ${'DIR'}/trail
    rollback: echo $$ >> ${'DIR'}/pgid; echo undoing >> ${'DIR'}/trail; [ -e ${'DIR'}/fast ] || sleep 30; echo undo-one >> ${'DIR'}/trail
  - id: two
    run: "false"
`);
    const yaml = readFileSync(join(dir, 'two.yaml'), 'utf8').replaceAll('DIR', dir);
    writeFileSync(join(dir, 'two.yaml'), yaml);
    const play = start(['play', 'two.yaml', '--output', 'plain'], { cwd: dir, env });
    const trail = () => (existsSync(join(dir, 'trail')) ? readFileSync(join(dir, 'trail'), 'utf8') : '');
    await waitFor(() => trail().includes('undoing') && existsSync(join(dir, 'pgid')));
    const pgid = Number(readFileSync(join(dir, 'pgid'), 'utf8'));
    groups.push(pgid);
    const [run] = runs() as [string];
    await waitFor(() => readFileSync(join(dir, 'home', 'runs', run, 'groups.jsonl'), 'utf8').includes(`"pgid":${pgid}`));
    play.child.kill('SIGKILL');
    await play.done;

    const logs = await runCli(['logs', run], { cwd: dir, env });
    expect(logs.stdout).toContain('the engine died during the rollback of `one`: it never finished');
    // Its rollback still runs: resume refuses until it is stopped.
    const busy = await runCli(['resume', run], { cwd: dir, env });
    expect(busy.code).toBe(5);
    const refused = await runCli(['resume', run, '--kill-orphans'], { cwd: dir, env: { ...env, RUNBOOK_KILL_GRACE_MS: '200' } });
    expect(refused.stderr).toContain(`process group ${pgid} is gone`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the rollback of step `one` started in run');
    expect(refused.stderr).toContain(`runbook resume ${run} --rollback`);
    expect(refused.stdout).not.toContain('Succeeded');

    writeFileSync(join(dir, 'fast'), '');
    const rolled = await runCli(['resume', run, '--rollback', '--output', 'plain'], { cwd: dir, env });
    expect(rolled.code).toBe(1);
    expect(trail()).toBe('one\nundoing\nundoing\nundo-one\n');
  });
});
