// Compile diagnostics in Chinese: template names, parameters and shell quotes, same codes and places as in English.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybookFile, loadPlaybookText } from '../../src/engine/load.js';
import { checkTemplates, compilePlaybook } from '../../src/engine/compile.js';
import { InvalidPlaybookError, type Diagnostic } from '../../src/engine/errors.js';
import { renderDeferred, StepOutputsMissingError } from '../../src/engine/template-render.js';
import type { Lang } from '../../src/engine/text.js';

const yaml = `name: demo
title: Demo
params:
  volume_dir: { required: true }
  token: { secret: true, required: true }
steps:
  - id: a
    run: echo {{volume_dri}}
  - id: b
    run: echo "x {{volume_dir}}"
  - id: c
    run: echo {{steps.later.stdout}}
  - id: later
    run: echo hi
`;

async function diagnostics(lang: Lang, params: Record<string, string> = {}): Promise<readonly Diagnostic[]> {
  try {
    await compilePlaybook(loadPlaybookText('demo.yaml', yaml), { params, env: {}, lang });
  } catch (error) {
    if (error instanceof InvalidPlaybookError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the compile to fail');
}

describe('compile messages in zh-CN', () => {
  it('words each problem in Chinese, with the same code and location as in English', async () => {
    const en = await diagnostics('en');
    const zh = await diagnostics('zh-CN');
    expect(zh.map((d) => [d.code, d.location?.line, d.location?.col])).toEqual(en.map((d) => [d.code, d.location?.line, d.location?.col]));
    const byCode = (code: string) => zh.filter((d) => d.code === code);
    expect(byCode('param.missing').map((d) => [d.message, d.hint])).toEqual([
      ['缺少必填参数 `volume_dir`', '请用 --param volume_dir=<值> 指定'],
      ['缺少必填参数 `token`', '请用 --param token=<值> 指定（机密参数也可用环境变量 RUNBOOK_PARAM_TOKEN）'],
    ]);
    expect(byCode('template.unknown-name')[0]).toMatchObject({ message: '步骤 `a` 的 run 中有未知的名称 `volume_dri`', hint: '你是不是想写 `volume_dir`？' });
    expect(byCode('template.in-quotes')[0]).toMatchObject({
      message: '{{volume_dir}} 位于双引号字符串之中（位于步骤 `b` 的 run）',
      hint: '请去掉它两边的引号：值会自动进行 shell 引用（确有必要时可用 {{raw …}}）',
    });
    expect(byCode('template.unknown-step')[0]).toMatchObject({
      message: '步骤 `c` 的 run 读取了步骤 `later` 的输出，但此时该步骤尚未执行',
      hint: '步骤只能读取在它之前的步骤的输出',
    });
  });

  it('words parameter values that do not fit in Chinese', async () => {
    const spec = `name: demo\ntitle: Demo\nparams:\n  count: { type: integer, min: 1 }\n  mode: { enum: [fast, safe] }\nsteps:\n  - id: a\n    run: echo {{count}} {{mode}}\n`;
    const fail = async (params: Record<string, string>) => {
      try {
        await compilePlaybook(loadPlaybookText('demo.yaml', spec), { params, env: {}, lang: 'zh-CN' });
      } catch (error) {
        if (error instanceof InvalidPlaybookError) return error.diagnostics.map((d) => [d.message, d.hint]);
        throw error;
      }
      throw new Error('expected the compile to fail');
    };
    expect(await fail({ count: 'x', mode: 'slow', nmae: '1' })).toEqual([
      ['未知参数 `nmae`', '此 playbook 的参数：count, mode'],
      ['参数 `count`：应为整数；收到的是 "x"', undefined],
      ['参数 mode 必须是 "fast", "safe" 之一；收到的是 "slow"', undefined],
    ]);
    expect((await fail({ count: '0', mode: 'fast' }))[0]).toEqual(['参数 count 的值至少为 1；实际为 0', undefined]);
  });

  it('checkTemplates (validate) speaks the language it is given', () => {
    const loaded = loadPlaybookText('demo.yaml', 'name: d\ntitle: D\nsteps:\n  - id: a\n    run: echo {{nope}}\n');
    expect(checkTemplates(loaded, 'zh-CN').map((d) => [d.message, d.hint])).toEqual([['步骤 `a` 的 run 中有未知的名称 `nope`', '请在 `params:` 中声明它']]);
    expect(checkTemplates(loaded, 'en').map((d) => d.message)).toEqual(['unknown name `nope` in step `a` (run)']);
  });

  it('a template reading a step that did not run fails at run time with a stable code, in the run language', async () => {
    const plan = await compilePlaybook(
      loadPlaybookText('demo.yaml', 'name: d\ntitle: D\nsteps:\n  - id: a\n    run: echo hi\n  - id: b\n    run: echo {{steps.a.stdout}}\n'),
      { env: {}, lang: 'en' },
    );
    const step = plan.steps[1]!;
    if (step.action.kind !== 'run') throw new Error('not a run step');
    const command = step.action.command;
    const attempt = (lang: Lang) => {
      try {
        renderDeferred(command, { params: plan.params, steps: {}, lang });
      } catch (error) {
        return error;
      }
      throw new Error('expected the render to fail');
    };
    const zh = attempt('zh-CN');
    expect(zh).toBeInstanceOf(StepOutputsMissingError);
    expect(zh).toMatchObject({ code: 'template.no-outputs', step: 'a', message: '`steps.a.stdout`：步骤 `a` 没有输出（它没有执行）' });
    expect((attempt('en') as Error).message).toBe('`steps.a.stdout`: step `a` has no outputs (it did not run)');
  });

  it('an included playbook is loaded and checked in the same language, and a cycle is named in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-i18n-include-'));
    try {
      writeFileSync(join(dir, 'parent.yaml'), 'name: parent\ntitle: P\nsteps:\n  - id: inc\n    playbook: { path: child.yaml }\n  - id: self\n    playbook: { path: parent.yaml }\n  - id: bad\n    playbook: { path: bad.yaml }\n');
      writeFileSync(join(dir, 'bad.yaml'), 'name: bad\ntitle: B\ntitel: B\nsteps:\n  - id: y\n    run: echo\n');
      writeFileSync(join(dir, 'child.yaml'), 'name: child\ntitle: C\nsteps:\n  - id: x\n    run: echo {{nope}}\n');
      const loaded = await loadPlaybookFile(join(dir, 'parent.yaml'), { lang: 'zh-CN' });
      const error = await compilePlaybook(loaded, { env: {}, lang: 'zh-CN' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPlaybookError);
      const messages = (error as InvalidPlaybookError).diagnostics.map((d) => d.message);
      expect(messages).toContain('步骤 `x` 的 run 中有未知的名称 `nope`');
      expect(messages).toContain('playbook 包含了自身：parent.yaml → parent.yaml');
      expect(messages.some((m) => m.includes('未知的键 `titel`'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
