// Parameter errors a person can act on: a missing one points at its name and says what it may be; a pattern is shown once.
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { compilePlaybook } from '../../src/engine/compile.js';
import { InvalidPlaybookError, type Diagnostic } from '../../src/engine/errors.js';
import type { Lang } from '../../src/engine/text.js';

const yaml = `name: demo
title: Demo
params:
  env_name:
    enum: [staging, production]
    required: true
  volume_dir:
    pattern: '/[A-Za-z0-9._/-]+'
    required: true
  token: { secret: true, required: true, pattern: '[a-f0-9]+' }
  note: { required: true }
steps:
  - id: a
    run: echo {{env_name}} {{volume_dir}} {{token}} {{note}}
`;

async function diagnostics(params: Record<string, string>, lang: Lang = 'en'): Promise<readonly Diagnostic[]> {
  try {
    await compilePlaybook(loadPlaybookText('demo.yaml', yaml), { params, env: {}, lang });
  } catch (error) {
    if (error instanceof InvalidPlaybookError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the compile to fail');
}

describe('parameter messages', () => {
  it('a missing required parameter points at the line and column of its name and lists what it may be', async () => {
    const missing = (await diagnostics({})).filter((d) => d.code === 'param.missing');
    expect(missing.map((d) => [d.message, d.location?.line, d.location?.col])).toEqual([
      ['missing required parameter `env_name`: one of staging, production', 4, 3],
      ['missing required parameter `volume_dir`, matching the pattern /[A-Za-z0-9._/-]+', 7, 3],
      // A secret's constraints are not spelled out.
      ['missing required parameter `token`', 10, 3],
      ['missing required parameter `note`', 11, 3],
    ]);
    const zh = (await diagnostics({}, 'zh-CN')).find((d) => d.code === 'param.missing');
    expect(zh?.message).toBe('缺少必填参数 `env_name`：可选值为 staging, production');
  });

  it('shows a pattern once, without slashes around it (a pattern may start with one)', async () => {
    const bad = (await diagnostics({ env_name: 'staging', volume_dir: 'a b', token: 'abc', note: 'x' })).find((d) => d.code === 'param.constraint');
    expect(bad?.message).toBe('parameter volume_dir must match the pattern /[A-Za-z0-9._/-]+ (the whole value); got "a b"');
    expect(bad?.message).not.toContain('//');
  });
});
