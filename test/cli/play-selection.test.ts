// `--from`, `--only`, `--skip` through the CLI: what the plan shows, what runs, what the journal and resume keep.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { golden } from '../helpers/golden.js';
import { runCli, workspace, writePlaybook } from './play-helpers.js';

/** Five steps with tags, a rollback, a step reading another's output, and a finally step; each appends to `trail`. */
const selectable = (dir: string) => `
name: selectable
title: Selectable
preconditions:
  - name: ready
    run: echo precondition >> ${dir}/trail
steps:
  - id: prepare
    tags: [setup]
    run: echo prepare >> ${dir}/trail; echo prepared
  - id: deploy
    tags: [rollout]
    run: echo deploy >> ${dir}/trail
    rollback: echo undo-deploy >> ${dir}/trail
  - id: slow_check
    tags: [slow, verify]
    run: echo slow >> ${dir}/trail
  - id: restart
    tags: [rollout]
    run: echo restart >> ${dir}/trail
    rollback: echo undo-restart >> ${dir}/trail
  - id: report
    run: echo report {{steps.prepare.stdout}} >> ${dir}/trail
finally:
  - id: cleanup
    tags: [cleanup]
    run: echo cleanup >> ${dir}/trail
`;

const trail = (dir: string) => readFileSync(join(dir, 'trail'), 'utf8').trim().split('\n');

interface Event {
  type: string;
  id?: string;
  status?: string;
  reason?: string;
  deselected?: boolean;
  counts?: Record<string, number>;
}

const events = (stdout: string): Event[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as Event);

function journalEvents(dir: string): Event[] {
  const runs = join(dir, '.runbook', 'runs');
  const newest = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, newest, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Event);
}

describe('step selection in plans', () => {
  it('shows each step left out as skipped, with why, in text (en, zh-CN), Markdown and JSON', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable('/tmp/x'));
    // report reads prepare's output: with prepare left out by --from, report must be left out too.
    const args = ['plan', 'selectable.yaml', '--from', 'deploy', '--skip', 'slow', '--skip=report,cleanup'];
    const en = await runCli(args, { cwd: dir });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('skipped: before --from deploy');
    expect(en.stdout).toContain('skipped: --skip tag:slow');
    expect(en.stdout).toContain('skipped: --skip cleanup');
    await expect(en.stdout).toMatchFileSnapshot(golden('cli/plan-selection.en.txt'));
    const zh = await runCli([...args, '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.stdout).toContain('已跳过：位于 --from deploy 之前');
    await expect(zh.stdout).toMatchFileSnapshot(golden('cli/plan-selection.zh-CN.txt'));
    const md = await runCli(['plan', 'selectable.yaml', '--only', 'rollout,prepare', '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('*skipped&#58; not selected by --only tag&#58;rollout,prepare*');
    await expect(md.stdout).toMatchFileSnapshot(golden('cli/plan-selection.md'));
    const json = await runCli([...args, '--format', 'json'], { cwd: dir });
    const plan = JSON.parse(json.stdout) as { selection: unknown; steps: { id: string; deselected?: unknown }[]; finally: { deselected?: unknown }[] };
    expect(plan.selection).toEqual({ from: 'deploy', only: [], skip: ['tag:slow', 'report', 'cleanup'] });
    expect(plan.steps.map((s) => [s.id, s.deselected])).toEqual([
      ['prepare', { by: 'from', names: ['deploy'] }],
      ['deploy', undefined],
      ['slow_check', { by: 'skip', names: ['tag:slow'] }],
      ['restart', undefined],
      ['report', { by: 'skip', names: ['report'] }],
    ]);
    expect(plan.finally[0]!.deselected).toEqual({ by: 'skip', names: ['cleanup'] });
  });

  it('refuses a name that is neither a step id nor a tag (exit 2), suggesting the closest one', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir));
    for (const [option, name, suggestion] of [
      ['--only', 'deplyo', 'deploy'],
      ['--only', 'rolout', 'rollout'],
      ['--skip', 'slwo', 'slow'],
      ['--from', 'restrat', 'restart'],
      ['--only', 'tag:setpu', 'setup'],
    ] as const) {
      const result = await runCli(['plan', 'selectable.yaml', option, name], { cwd: dir });
      expect(result.code, `${option} ${name}`).toBe(2);
      expect(result.stderr).toContain(`${option} ${name}: no step has this ${option === '--from' ? 'id' : 'id or tag'}`);
      expect(result.stderr).toContain(`did you mean ${suggestion}?`);
      const play = await runCli(['play', 'selectable.yaml', option, name], { cwd: dir });
      expect(play.code).toBe(2);
    }
    const zh = await runCli(['plan', 'selectable.yaml', '--only', 'nothing_like_it', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--only nothing_like_it：没有步骤使用此 ID 或标签');
    expect(zh.stderr).toContain('步骤 ID：prepare, deploy, slow_check, restart, report, cleanup；标签：setup, rollout, slow, verify, cleanup');
  });

  it('refuses an empty name and --out with a selection (exit 2)', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir));
    const empty = await runCli(['plan', 'selectable.yaml', '--only', 'deploy,,restart'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--only: an empty name');
    const out = await runCli(['plan', 'selectable.yaml', '--only', 'deploy', '--out', join(dir, 'saved.json')], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out saves the whole plan');
  });
});

describe('tags in the playbook', () => {
  it('are identifiers, each once: validate says where (exit 2)', async () => {
    const dir = workspace();
    writePlaybook(dir, 'bad.yaml', 'name: bad\nsteps:\n  - id: a\n    tags: [Slow]\n    run: "true"\n');
    writePlaybook(dir, 'twice.yaml', 'name: twice\nsteps:\n  - id: a\n    tags: [slow, slow]\n    run: "true"\n');
    const bad = await runCli(['validate', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('bad.yaml:4:12');
    const twice = await runCli(['validate', 'twice.yaml'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stdout + twice.stderr).toContain('lists the same value twice');
  });
});

describe('a selected step reading the outputs of a step left out', () => {
  /** `reader` reads `{{steps.source.*}}` at one template site; `source` is left out by --skip. */
  const reading = (site: string) => `
name: reading
steps:
  - id: source
    run: echo 8080
    parse: json
  - id: reader
${site}
`;
  const sites: Record<string, string> = {
    run: '    run: echo {{steps.source.stdout}}',
    env: '    run: echo "$PORT"\n    env: { PORT: "{{steps.source.stdout}}" }',
    when: '    when: "{{steps.source.exit_code}}"\n    run: "true"',
    check: '    check: test {{steps.source.stdout}} = 1\n    run: "true"',
    verify: '    run: "true"\n    verify: { run: "test {{steps.source.json}} = 8080" }',
    rollback: '    run: "true"\n    rollback: echo {{steps.source.stderr}}',
    cwd: '    cwd: "/tmp/{{steps.source.stdout}}"\n    run: "true"',
    http: '    http: { url: "http://127.0.0.1:{{steps.source.stdout}}/health" }',
    wait: '    wait: { run: "test {{steps.source.stdout}} = 1", timeout: 1s }',
  };
  for (const [site, yaml] of Object.entries(sites)) {
    it(`is an error at plan time naming both steps (${site})`, async () => {
      const dir = workspace();
      writePlaybook(dir, 'reading.yaml', reading(yaml));
      for (const command of ['plan', 'play']) {
        const result = await runCli([command, 'reading.yaml', '--skip', 'source', '--output', 'plain'].slice(0, command === 'plan' ? 4 : 6), { cwd: dir });
        expect(result.code, `${command} ${site}`).toBe(2);
        expect(result.stderr).toContain('reading.yaml:7:5: error: step `reader` reads the outputs of step `source`, which this run leaves out (--skip source)');
        expect(result.stderr).toContain('hint: select `source` too');
      }
      // Nothing ran: no journal was written.
      expect(() => readdirSync(join(dir, '.runbook', 'runs'))).toThrow();
    });
  }

  it('names a finally step and a postcondition that read a step left out (--only)', async () => {
    const dir = workspace();
    writePlaybook(
      dir,
      'late.yaml',
      `
name: late
steps:
  - id: source
    run: echo 1
  - id: other
    run: "true"
postconditions:
  - run: test {{steps.source.stdout}} = 1
finally:
  - id: tidy
    run: echo {{steps.source.stdout}}
`,
    );
    const result = await runCli(['plan', 'late.yaml', '--only', 'other'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('finally step `tidy` reads the outputs of step `source`, which this run leaves out (not selected by --only other)');
    expect(result.stderr).toContain('postcondition 1 reads the outputs of step `source`');
    const zh = await runCli(['plan', 'late.yaml', '--only', 'other', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.stderr).toContain('finally 步骤 `tidy` 读取了步骤 `source` 的输出，但本次运行不执行该步骤（未被 --only other 选中）');
    // Selecting the source too is fine.
    expect((await runCli(['plan', 'late.yaml', '--only', 'other,source'], { cwd: dir })).code).toBe(0);
  });
});

describe('play with a selection', () => {
  it('runs only the selected steps; the ones left out are journaled as skipped with why and counted; preconditions and finally still run', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir));
    const result = await runCli(['play', 'selectable.yaml', '--only', 'rollout', '--output', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(trail(dir)).toEqual(['precondition', 'deploy', 'restart', 'cleanup']);
    const skipped = events(result.stdout).filter((e) => e.type === 'step.skipped');
    expect(skipped.map((e) => [e.id, e.reason, e.deselected])).toEqual([
      ['prepare', 'not selected by --only tag:rollout', true],
      ['slow_check', 'not selected by --only tag:rollout', true],
      ['report', 'not selected by --only tag:rollout', true],
    ]);
    expect(events(result.stdout).at(-1)).toMatchObject({ type: 'run.finished', counts: { ok: 3, skipped: 3 } });
    expect(journalEvents(dir).filter((e) => e.type === 'step.skipped')).toHaveLength(3);
    const logs = await runCli(['logs', 'last'], { cwd: dir });
    expect(logs.stdout).toContain('prepare: skipped (not selected by --only tag:rollout)');
    const history = await runCli(['history', '--json'], { cwd: dir });
    expect((JSON.parse(history.stdout) as { selection?: unknown }[])[0]!.selection).toEqual({ only: ['tag:rollout'], skip: [] });
  });

  it('never rolls back a step left out, and skips a finally step only when --skip names it', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir).replace('run: echo restart >>', 'run: exit 1; echo restart >>'));
    const result = await runCli(['play', 'selectable.yaml', '--from', 'restart', '--skip', 'tag:cleanup,report', '--output', 'plain'], { cwd: dir });
    expect(result.code).toBe(1);
    // deploy (left out) is not undone; restart failed and has nothing to undo; cleanup was skipped.
    expect(trail(dir)).toEqual(['precondition']);
    expect(result.stdout).toContain('cleanup  skipped · --skip tag:cleanup');
    expect(result.stdout).toContain('deploy  skipped · before --from restart');
  });

  it('resume keeps the selection of the run (meta.json), unless --only/--skip give another', async () => {
    const dir = workspace();
    const flaky = (name: string, flag: string) => selectable(dir).replace('name: selectable', `name: ${name}`).replace('run: echo restart >>', `run: test -e ${flag} && echo restart >>`);
    writePlaybook(dir, 'selectable.yaml', flaky('selectable', join(dir, 'flag')));
    const first = await runCli(['play', 'selectable.yaml', '--skip', 'slow_check', '--output', 'plain'], { cwd: dir });
    expect(first.code).toBe(1);
    const runs = readdirSync(join(dir, '.runbook', 'runs'));
    const meta = JSON.parse(readFileSync(join(dir, '.runbook', 'runs', runs[0]!, 'meta.json'), 'utf8')) as { selection?: unknown };
    expect(meta.selection).toEqual({ only: [], skip: ['slow_check'] });

    writeFileSync(join(dir, 'flag'), '');
    const resumed = await runCli(['resume', 'last', '--output', 'json'], { cwd: dir });
    expect(resumed.code).toBe(0);
    const skipped = events(resumed.stdout).filter((e) => e.type === 'step.skipped');
    expect(skipped.find((e) => e.id === 'slow_check')).toMatchObject({ reason: '--skip slow_check', deselected: true });
    // slow never ran, in either run.
    expect(trail(dir).filter((line) => line === 'slow')).toEqual([]);

    // Another run, resumed with another selection: the step left out before runs now.
    writePlaybook(dir, 'flaky.yaml', flaky('flaky', join(dir, 'flag2')));
    const second = await runCli(['play', 'flaky.yaml', '--skip', 'slow_check', '--output', 'plain'], { cwd: dir });
    expect(second.code).toBe(1);
    writeFileSync(join(dir, 'flag2'), '');
    const again = await runCli(['resume', 'last', '--skip', 'report', '--output', 'json'], { cwd: dir });
    expect(again.code).toBe(0);
    const ran = events(again.stdout).filter((e) => e.type === 'step.started').map((e) => e.id);
    // deploy was rolled back when restart failed, so it runs again; slow_check, left out before, runs now; report is left out.
    expect(ran).toEqual(['deploy', 'slow_check', 'restart', 'cleanup']);
  });

  it('--check probes only the selected steps; play --plan takes a selection on top of the saved plan', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir));
    const check = await runCli(['play', 'selectable.yaml', '--check', '--only', 'rollout', '--output', 'json'], { cwd: dir });
    expect(check.code).toBe(0);
    const would = events(check.stdout).filter((e) => e.type === 'step.would_run').map((e) => e.id);
    expect(would).toEqual(['deploy', 'restart']);
    const saved = join(dir, 'saved.json');
    expect((await runCli(['plan', 'selectable.yaml', '--out', saved], { cwd: dir })).code).toBe(0);
    const played = await runCli(['play', '--plan', saved, '--skip', 'slow,report,cleanup', '--output', 'plain'], { cwd: dir });
    expect(played.code).toBe(0);
    // (the first precondition line is --check's: preconditions run there too)
    expect(trail(dir)).toEqual(['precondition', 'precondition', 'prepare', 'deploy', 'restart']);
  });

  it('--step without a terminal on stdin is a usage error (exit 2), as is --step with --output json', async () => {
    const dir = workspace();
    writePlaybook(dir, 'selectable.yaml', selectable(dir));
    const piped = await runCli(['play', 'selectable.yaml', '--step'], { cwd: dir });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('--step asks before each step, and stdin is not a terminal');
    const zh = await runCli(['play', 'selectable.yaml', '--step', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.stderr).toContain('--step 会在每个步骤前询问，但标准输入不是终端');
    const json = await runCli(['play', 'selectable.yaml', '--step', '--output', 'json'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('--step needs a terminal view');
    expect(() => readFileSync(join(dir, 'trail'))).toThrow();
  });
});
