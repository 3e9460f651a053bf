// What a Chinese-speaking operator reads, command by command: one vocabulary (风险：高, 成功, 前置条件) and full-width punctuation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const CJK = '\\u3400-\\u9fff';
const HALF_WIDTH_AFTER_CJK = new RegExp(`[${CJK}][,:;(]|[${CJK}] \\(`);

function project(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('runbook-zh-');
  writeFileSync(
    join(dir, 'restart.yaml'),
    'name: restart\ntitle: { zh-CN: 重启服务, en: Restart }\nrisk: high\npreconditions:\n  - name: { zh-CN: 总是成立, en: always }\n    run: "true"\nsteps:\n  - id: a\n    name: { zh-CN: 第一步, en: first }\n    run: echo one\n  - id: b\n    check: "true"\n    run: echo two\n',
  );
  writeFileSync(join(dir, 'broken.yaml'), 'name: broken\nsteps:\n  - id: a\n    run: echo 1\n    run: echo 2\n');
  return { dir, env: { RUNBOOK_HOME: tempDir('runbook-zh-home-') } };
}

describe('zh-CN output', () => {
  it('says the risk as 高 in list, plan and play alike', async () => {
    const { dir, env } = project();
    const list = await runCli(['list', dir, '--lang', 'zh-CN'], { env });
    expect(list.stdout).toMatch(/restart\s+高\s/);
    const plan = await runCli(['plan', join(dir, 'restart.yaml'), '--lang', 'zh-CN'], { env });
    expect(plan.stdout).toContain('风险：高');
    const play = await runCli(['play', join(dir, 'restart.yaml'), '--lang', 'zh-CN', '--output', 'plain'], { env });
    expect(play.stdout).toContain('风险 高');
    for (const out of [list.stdout, plan.stdout, play.stdout]) expect(out).not.toMatch(/\b(HIGH|high)\b/);
  });

  it('translates statuses and section titles in play, history and logs, with full-width punctuation', async () => {
    const { dir, env } = project();
    const play = await runCli(['play', join(dir, 'restart.yaml'), '--lang', 'zh-CN', '--output', 'plain'], { env });
    expect(play.code).toBe(0);
    expect(play.stdout).toContain('a（第一步）');
    expect(play.stdout).toContain('参数：');
    const history = await runCli(['history', '--lang', 'zh-CN'], { env });
    expect(history.stdout).toMatch(/\s成功\s/);
    expect(history.stdout).not.toMatch(/\sok\s/);
    const logs = await runCli(['logs', 'last', '--lang', 'zh-CN'], { env });
    expect(logs.stdout).toContain('── 前置条件');
    expect(logs.stdout).toContain('── 步骤');
    expect(logs.stdout).toContain('b: 已完成，跳过（check 通过）');
    expect(logs.stdout).toContain('运行结束：成功（退出码 0）');
    expect(logs.stdout).not.toMatch(/\b(ok|already_done|steps|preconditions)\b/);
    for (const out of [play.stdout, logs.stdout]) {
      const bad = out.split('\n').filter((line) => HALF_WIDTH_AFTER_CJK.test(line));
      expect(bad).toEqual([]);
    }
  });

  it('labels errors and hints with full-width colons', async () => {
    const { dir, env } = project();
    const result = await runCli(['validate', join(dir, 'broken.yaml'), '--lang', 'zh-CN'], { env });
    expect(result.stdout).toContain(': 错误：');
    expect(result.stdout).toContain('  提示：');
    expect(result.stdout).not.toMatch(/错误: |提示: /);
    // The GitHub annotations too: the hint after the message's own break (%0A).
    const github = await runCli(['validate', join(dir, 'broken.yaml'), '--lang', 'zh-CN', '--format', 'github'], { env });
    expect(github.stdout).toContain('%0A提示：');
    expect(github.stdout).not.toMatch(/提示: /);
    const missing = await runCli(['plan', 'nothing-like-it', '--lang', 'zh-CN'], { env, cwd: dir });
    expect(missing.stderr).toContain('提示：');
  });

  it('marks a step log cut at its cap in the run\'s language (the English marker as before)', async () => {
    const dir = tempDir('runbook-zh-');
    // 9 MB of output: beyond the 8 MiB cap of a step's log.
    writeFileSync(join(dir, 'flood.yaml'), 'name: flood\nsteps:\n  - id: flood\n    run: head -c 9000000 /dev/zero | tr \\\\0 a\n');
    const said = {
      en: /\n\[runbook: output truncated: \d+ bytes beyond the 8388608-byte log cap were not kept; the last \d+ characters follow\]\na+$/,
      'zh-CN': /\n\[runbook：输出已截断：超出日志上限 8388608 字节的 \d+ 字节未保留；以下是最后 \d+ 个字符\]\na+$/,
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      const home = tempDir('runbook-zh-home-');
      const play = await runCli(['play', join(dir, 'flood.yaml'), '--lang', lang, '--output', 'plain', '-q'], { env: { RUNBOOK_HOME: home } });
      expect(play.code).toBe(0);
      const logs = await runCli(['logs', 'last', '--step', 'flood', '--lang', lang], { env: { RUNBOOK_HOME: home } });
      expect(logs.code).toBe(0);
      expect(logs.stdout.slice(-30_000)).toMatch(said[lang]);
    }
  });
});
