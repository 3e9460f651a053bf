// for_each and list parameters through the real CLI: plan, play (plain and NDJSON), bad values (exit 2, en and zh-CN), resume.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

function setup() {
  const dir = tempDir();
  const home = join(dir, 'home');
  const file = join(dir, 'restart.yaml');
  writeFileSync(
    file,
    `name: restart
title: Restart services
params:
  services:
    type: array
    min: 1
    items: { pattern: '[^/]+' }
    default: [api, mlflow]
steps:
  - id: restart
    name: "restart {{item}}"
    for_each: "{{services}}"
    run: (test {{item}} != b || test -e ${join(dir, 'ok')}) && printf '%s\\n' {{item}} >> ${join(dir, 'trail')}
`,
  );
  const trail = () => (existsSync(join(dir, 'trail')) ? readFileSync(join(dir, 'trail'), 'utf8').trim().split('\n') : []);
  return { dir, home, file, trail, ok: () => writeFileSync(join(dir, 'ok'), '') };
}

describe('for_each through the CLI', () => {
  it('plan lists one entry per iteration; play runs them, given comma-separated or as JSON', async () => {
    const { dir, home, file, trail, ok } = setup();
    const plan = await runbook(['plan', file, '--param', 'services=api,redis']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('services  ["api","redis"]  (given)');
    expect(plan.stdout).toContain('1. restart[api] — restart api');
    expect(plan.stdout).toContain('2. restart[redis] — restart redis');
    ok();
    const played = await runbook(['play', file, '--home', home, '--output', 'json', '--param', 'services=["a b", "$(touch PWNED)"]'], { cwd: dir });
    expect(played.code, played.stderr).toBe(0);
    const events = played.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; id?: string; status?: string });
    expect(events.filter((e) => e.type === 'step.finished').map((e) => [e.id, e.status])).toEqual([
      ['restart[1]', 'ok'],
      ['restart[2]', 'ok'],
    ]);
    expect(trail()).toEqual(['a b', '$(touch PWNED)']);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('a bad list value exits 2 with what is wrong, in English and Chinese', async () => {
    const { file } = setup();
    const bad = await runbook(['plan', file, '--param', 'services=api,a/b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('parameter services[2] must match the pattern [^/]+ (the whole value); got "a/b"');
    const json = await runbook(['plan', file, '--param', 'services=["api"'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('参数 `services`：应为列表：逗号分隔（a,b）或 JSON 数组（["a","b"]），元素为字符串、数字或布尔值');
    const empty = await runbook(['plan', file, '--param', 'services=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('parameter services must have at least 1 items; got 0');
  });

  it('a loop over a step output shows once in the plan, then its iterations in the run and in logs', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const file = join(dir, 'ls.yaml');
    writeFileSync(file, `name: ls\ntitle: ls\nsteps:\n  - id: ls\n    run: echo '["a b", "c"]'\n    parse: json\n  - id: each\n    for_each: "{{steps.ls.json}}"\n    run: echo got {{item}}\n`);
    const plan = await runbook(['plan', file]);
    expect(plan.stdout).toContain('2. each\n     for each   item of steps.ls.json (the iterations are known when the step runs)\n     run        $ echo got ⟨item⟩');
    const played = await runbook(['play', file, '--home', home, '--output', 'plain']);
    expect(played.code, played.stderr).toBe(0);
    expect(played.stdout).toContain('≡ each  for each: 2 iterations');
    expect(played.stdout).toContain('✓ [2/2] each[1]');
    const logs = await runbook(['logs', 'last', '--home', home]);
    expect(logs.stdout).toContain('each: 2 iterations: each[1], each[2]');
  });

  it('a saved plan plays with the list given again in either form, and refuses another list', async () => {
    const { dir, home, file, ok } = setup();
    ok();
    const out = join(dir, 'plan.json');
    expect((await runbook(['plan', file, '--param', 'services=a,b', '--out', out])).code).toBe(0);
    const same = await runbook(['play', '--plan', out, '--home', home, '--output', 'plain', '--param', 'services=["a", "b"]']);
    expect(same.code, same.stderr).toBe(0);
    const other = await runbook(['play', '--plan', out, '--home', home, '--output', 'plain', '--param', 'services=a,c']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('services');
  });

  it('validate points at a list parameter whose default is not a list', async () => {
    const dir = tempDir();
    const file = join(dir, 'v.yaml');
    writeFileSync(file, 'name: v\ntitle: v\nparams:\n  s: { type: array, default: a }\nsteps:\n  - id: x\n    for_each: "{{s}}"\n    run: echo {{item}}\n');
    const result = await runbook(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('v.yaml:4:30: error: the default of param `s` ("a") is not a list');
  });

  it('resume continues at the first unfinished iteration', async () => {
    const { home, file, trail, ok } = setup();
    const failed = await runbook(['play', file, '--home', home, '--output', 'plain', '--param', 'services=a,b']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('failed step: restart[b]');
    ok();
    const resumed = await runbook(['resume', 'last', '--home', home, '--output', 'plain']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/restart\[a\] \(restart a\)\s+skipped · completed in run/);
    expect(trail()).toEqual(['a', 'b']);
  });
});
