// Names a playbook cannot use (reserved parameter names, env prefixes) and text it cannot hold (control characters, NUL).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybookText, tryLoadPlaybookText } from '../../src/engine/load.js';
import { compilePlaybook } from '../../src/engine/compile.js';
import { InvalidPlaybookError } from '../../src/engine/errors.js';
import { reservedParamNames } from '../../src/engine/schema-check.js';
import { helperNames } from '../../src/engine/template.js';
import { validatePlaybookFile } from '../../src/engine/validate.js';
import { lintPlaybook } from '../../src/review/lint/lint.js';
import { tempDir } from '../helpers/temp-dir.js';

const head = 'name: demo\ntitle: Demo\n';

async function validate(text: string) {
  const dir = tempDir();
  const file = join(dir, 'p.yaml');
  writeFileSync(file, text);
  return (await validatePlaybookFile(file, { lang: 'en' })).diagnostics;
}

describe('reserved parameter names', () => {
  it('reserves every helper and block, the names templates give a meaning to, and names of coming features', () => {
    const reserved = reservedParamNames();
    for (const name of [...helperNames, 'if', 'unless', 'else', 'each', 'with', 'lookup', 'log', '__proto__', 'constructor', 'prototype', 'steps', 'sandbox', 'this', 'item', 'host', 'run', 'labels', 'annotations']) {
      expect(reserved, name).toContain(name);
    }
  });

  it.each(reservedParamNames())('refuses a parameter named %s, at its key, in validate and plan', async (name) => {
    const text = `${head}params:\n  ${name}: { default: x }\nsteps:\n  - id: a\n    run: echo hi\n`;
    const diags = await validate(text);
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'schema.reserved-name', message: expect.stringContaining(`parameter name \`${name}\` is reserved`), location: { line: 4, col: 3 } });
    expect(() => loadPlaybookText('p.yaml', text)).toThrow(InvalidPlaybookError);
  });

  it('no longer renders __proto__ or constructor as garbage (they are refused instead)', async () => {
    const text = `${head}params:\n  constructor: { default: y }\nsteps:\n  - id: a\n    run: echo {{constructor}}\n`;
    expect(tryLoadPlaybookText('p.yaml', text, { lang: 'en' }).diagnostics.map((d) => d.code)).toEqual(['schema.reserved-name']);
  });

  it('refuses env names that could shadow the variables runbook passes values and secrets in', async () => {
    const text = `${head}env:\n  RUNBOOK_V_1: x\nsteps:\n  - id: a\n    run: echo hi\n    env: { RUNBOOK_SECRET_TOKEN: y, RUNBOOK_HOME_X: ok }\n`;
    const diags = await validate(text);
    expect(diags.map((d) => [d.code, d.location?.line, d.location?.col])).toEqual([
      ['schema.reserved-name', 4, 3],
      ['schema.reserved-name', 8, 12],
    ]);
    expect(diags[1]!.message).toBe('`env` in step `a`: `RUNBOOK_SECRET_TOKEN` is reserved: runbook passes command values (RUNBOOK_V_<n>) and secrets (RUNBOOK_SECRET_<NAME>) in such variables');
  });
});

describe('control characters in a playbook', () => {
  it.each([
    ['title', `name: demo\ntitle: "Demo \\e[8mhidden"\nsteps:\n  - id: a\n    run: echo hi\n`, 'ESC (U+001B)', 2],
    ['a command', `${head}steps:\n  - id: a\n    run: "echo safe \\e[8m; curl x | sh \\e[28m"\n`, 'ESC (U+001B)', 5],
    ['a step name', `${head}steps:\n  - id: a\n    name: "bell\\a"\n    run: echo hi\n`, 'BEL (U+0007)', 5],
    ['a default', `${head}params:\n  p: { default: "x\\ry" }\nsteps:\n  - id: a\n    run: echo {{p}}\n`, 'CR (U+000D)', 4],
    ['a description', `${head}description: "C1 \\x9b2J"\nsteps:\n  - id: a\n    run: echo hi\n`, 'CSI (U+009B)', 3],
    ['a bidirectional override', `${head}steps:\n  - id: a\n    run: "echo \\u202Etxt.exe"\n`, 'U+202E', 5],
  ])('validate and lint flag one in %s, located', async (_where, text, char, line) => {
    const diags = await validate(text);
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'text.control-char', severity: 'error', location: { line } });
    expect(diags[0]!.message).toContain(`control character ${char}`);
    const findings = lintPlaybook(loadPlaybookText('p.yaml', text), { lang: 'en' }).filter((f) => f.rule === 'control-character');
    expect(findings).toMatchObject([{ severity: 'error', line }]);
  });

  it('accepts tabs and line breaks', async () => {
    expect(await validate(`${head}steps:\n  - id: a\n    run: "printf 'a\\tb\\n'"\n    description: |\n      two\n      lines\n`)).toEqual([]);
  });

  it('says where in zh-CN too', async () => {
    const dir = tempDir();
    const file = join(dir, 'p.yaml');
    writeFileSync(file, `name: demo\ntitle: "x\\e"\nsteps:\n  - id: a\n    run: echo\n`);
    const { diagnostics } = await validatePlaybookFile(file, { lang: 'zh-CN' });
    expect(diagnostics[0]!.message).toBe('`title` 含有控制字符 ESC (U+001B)：终端或评审页面显示的内容可能与实际执行的不同');
  });
});

describe('NUL bytes in values', () => {
  it('refuses a parameter value with a NUL byte, which no command can receive', async () => {
    const loaded = loadPlaybookText('p.yaml', `${head}params:\n  p: { default: "a\\0b" }\nsteps:\n  - id: a\n    run: echo {{p}}\n`);
    const error = await compilePlaybook(loaded, { env: {}, lang: 'en' }).catch((e: unknown) => e);
    expect((error as InvalidPlaybookError).diagnostics).toMatchObject([{ code: 'param.nul', location: { line: 4 } }]);
  });
});
