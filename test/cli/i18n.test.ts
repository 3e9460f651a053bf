// The CLI in Chinese end to end: `--lang zh-CN` turns compile diagnostics and argument errors into Chinese.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'runbook-i18n-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runbook(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/runbook.js', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('runbook in Chinese', () => {
  const file = join(tmp, 'bad.yaml');
  writeFileSync(file, 'name: bad\ntitle: Bad\nparams:\n  volume_dir: { required: true }\nsteps:\n  - id: a\n    run: echo {{volume_dri}}\n');

  it('plan --lang zh-CN prints the compile errors in Chinese and exits 2', async () => {
    const { code, stderr } = await runbook(['plan', file, '--lang', 'zh-CN']);
    expect(code).toBe(2);
    expect(stderr).toContain('缺少必填参数 `volume_dir`');
    expect(stderr).toContain('请用 --param volume_dir=<值> 指定');
    expect(stderr).toContain('步骤 `a` 的 run 中有未知的名称 `volume_dri`');
    expect(stderr).toContain('你是不是想写 `volume_dir`？');
    expect(stderr).not.toContain('missing required parameter');
  });

  it('plan --lang zh-CN explains a misspelt option in Chinese and exits 2', async () => {
    const { code, stderr } = await runbook(['plan', file, '--parm', 'x=1', '--lang', 'zh-CN']);
    expect(code).toBe(2);
    expect(stderr).toContain('plan：未知选项 --parm');
    expect(stderr).toContain('你是不是想写 --param？');
  });
});

describe('the headline of an invalid playbook', () => {
  it('counts the errors in the chosen language', async () => {
    const { formatUserError } = await import('../../src/ui/errors.js');
    const { InvalidPlaybookError } = await import('../../src/engine/errors.js');
    const error = new InvalidPlaybookError('x.yaml', [
      { code: 'a', severity: 'error', message: 'one' },
      { code: 'b', severity: 'error', message: 'two' },
    ]);
    expect(formatUserError(error, 'zh-CN').split('\n')[0]).toBe('runbook: x.yaml：2 个错误');
    expect(formatUserError(error, 'en').split('\n')[0]).toBe('runbook: x.yaml: 2 errors');
  });
});
