// Saved plans end to end: `plan -o` then `play --plan`, with a secret that must be given again and never saved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cli from '../helpers/cli.js';

let dir: string;

const runbook = (args: string[], env: Record<string, string> = {}) =>
  cli.runbook(args, { cwd: dir, env: { RUNBOOK_HOME: join(dir, 'home'), CI: 'true', ...env } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-saved-cli-'));
  writeFileSync(
    join(dir, 'notify.yaml'),
    `name: notify-demo
title: Write a trail
description: Appends to a trail file; the token is only checked for being set.
params:
  token: { secret: true, required: true }
  word: { default: hello, pattern: '^[a-z]+$' }
steps:
  - id: write
    run: test -n "$RUNBOOK_SECRET_TOKEN" && echo {{word}} >> trail
    verify: grep -q {{word}} trail
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plan -o / play --plan', () => {
  it('saves the plan without the secret', async () => {
    const { code } = await runbook(['plan', 'notify.yaml', '-p', 'token=s3cr3t-tok', '-p', 'word=reviewed', '-o', 'plan.json']);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain('s3cr3t-tok');
  });

  it('refuses to play without the secret, naming it, and runs nothing', async () => {
    const { code, stderr } = await runbook(['play', '--plan', 'plan.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('secret parameter token must be given again');
    expect(existsSync(join(dir, 'trail'))).toBe(false);
  });

  it('refuses another value of a parameter', async () => {
    const { code, stderr } = await runbook(['play', '--plan', 'plan.json', '-p', 'word=other'], { RUNBOOK_PARAM_TOKEN: 's3cr3t-tok' });
    expect(code).toBe(2);
    expect(stderr).toContain('parameter word: the plan has reviewed, now given other');
  });

  it('runs the reviewed plan when the secret matches', async () => {
    const { code } = await runbook(['play', '--plan', 'plan.json', '--yes', '--output', 'plain'], { RUNBOOK_PARAM_TOKEN: 's3cr3t-tok' });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('reviewed\n');
  });
});

describe('play --plan with a tampered saved plan', () => {
  it('refuses a changed include whose hash was updated and whose plan claims the sandbox; the change never runs', async () => {
    writeFileSync(join(dir, 'outer.yaml'), 'name: outer\ntitle: Outer\nsteps:\n  - id: inner\n    playbook: { path: inner.yaml }\n');
    writeFileSync(join(dir, 'inner.yaml'), 'name: inner\ntitle: Inner\nsteps:\n  - id: touch\n    run: touch reviewed-sentinel\n');
    expect((await runbook(['plan', 'outer.yaml', '-o', 'tampered.json'])).code).toBe(0);

    const changed = 'name: inner\ntitle: Inner\nsteps:\n  - id: touch\n    run: touch changed-sentinel\n';
    writeFileSync(join(dir, 'inner.yaml'), changed);
    const saved = JSON.parse(readFileSync(join(dir, 'tampered.json'), 'utf8')) as { includes: { path: string; sha256: string }[]; plan: { sandbox: boolean } };
    saved.includes = saved.includes.map((i) => ({ ...i, sha256: createHash('sha256').update(changed).digest('hex') }));
    saved.plan.sandbox = true;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(saved));

    const { code, stderr } = await runbook(['play', '--plan', 'tampered.json', '--yes', '--output', 'plain']);
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to run the stale plan');
    expect(existsSync(join(dir, 'changed-sentinel'))).toBe(false);
    expect(existsSync(join(dir, 'reviewed-sentinel'))).toBe(false);
  });

  it('a saved plan that cannot be read or written is said in the chosen language (exit 2, never an internal error)', async () => {
    writeFileSync(join(dir, 'cut.json'), '{"kind": ');
    const read: [string, string, string][] = [
      ['missing.json', `ENOENT: no such file or directory, open 'missing.json'`, 'ENOENT: 文件或目录不存在'],
      ['cut.json', 'Unexpected end of JSON input', '不是有效的 JSON'],
    ];
    for (const [file, en, zh] of read) {
      const english = await runbook(['play', '--plan', file, '-p', 'token=s3cr3t-tok']);
      expect(english.code).toBe(2);
      expect(english.stderr).toBe(`runbook: cannot read the saved plan ${file}: ${en}\n`);
      for (const chinese of [await runbook(['play', '--plan', file, '-p', 'token=s3cr3t-tok', '--lang', 'zh-CN']), await runbook(['play', '--plan', file, '-p', 'token=s3cr3t-tok'], { LANG: 'zh_CN.UTF-8' })]) {
        expect(chinese.code).toBe(2);
        expect(chinese.stderr).toBe(`runbook: 无法读取保存的计划 ${file}：${zh}\n`);
      }
    }
    const out = join('no-such-folder', 'plan.json');
    const english = await runbook(['plan', 'notify.yaml', '-p', 'token=s3cr3t-tok', '-o', out]);
    expect(english.code).toBe(2);
    expect(english.stderr).toBe(`runbook: cannot write the saved plan ${out}: ENOENT: no such file or directory\n`);
    const chinese = await runbook(['plan', 'notify.yaml', '-p', 'token=s3cr3t-tok', '-o', out, '--lang', 'zh-CN']);
    expect(chinese.code).toBe(2);
    expect(chinese.stderr).toBe(`runbook: 无法写入保存的计划 ${out}：ENOENT: 文件或目录不存在\n`);
  });
});
