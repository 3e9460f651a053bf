// `runbook list`: name, risk, steps and title of each playbook, aligned by display width; JSON for tools.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const books = join(dir, 'runbooks');
mkdirSync(join(books, 'schemas'), { recursive: true });
writeFileSync(join(books, 'schemas', 'x.yaml'), 'not: a playbook\n');
writeFileSync(
  join(books, 'mlflow-permissions.yaml'),
  'name: mlflow-permissions\ntitle:\n  en: Fix MLflow permissions\n  zh-CN: 修复 MLflow 权限\nrisk: high\nsteps:\n  - id: a\n    run: x\n  - id: b\n    run: y\n',
);
writeFileSync(join(books, 'restart.yaml'), 'name: restart\ntitle: 重启服务\nrisk: low\nsteps:\n  - id: a\n    run: x\n');

describe('runbook list', () => {
  it('lists runbooks/ by default, in English', async () => {
    const result = await runCli(['list'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      ['NAME                RISK  STEPS  TITLE', 'mlflow-permissions  high  2      Fix MLflow permissions', 'restart             low   1      重启服务', ''].join('\n'),
    );
  });

  it('aligns Chinese headers and titles by display width', async () => {
    const result = await runCli(['list', 'runbooks', '--lang', 'zh-CN'], { cwd: dir });
    expect(result.stdout).toBe(
      ['名称                风险  步骤数  标题', 'mlflow-permissions  high  2       修复 MLflow 权限', 'restart             low   1       重启服务', ''].join('\n'),
    );
  });

  it('writes JSON', async () => {
    const result = await runCli(['list', books, '--format', 'json']);
    const rows = JSON.parse(result.stdout) as { name: string; risk: string; steps: number; valid: boolean }[];
    expect(rows.map((r) => [r.name, r.risk, r.steps, r.valid])).toEqual([
      ['mlflow-permissions', 'high', 2, true],
      ['restart', 'low', 1, true],
    ]);
  });

  it('shows an invalid playbook with its error count and exits 2', async () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'broken.yaml'), 'name: broken\n');
    const result = await runCli(['list', other]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('broken.yaml');
    expect(result.stdout).toContain('(invalid: 1 error(s), run `runbook validate');
  });

  it('exits 2 for a folder that does not exist', async () => {
    const result = await runCli(['list', join(dir, 'nope')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file or folder');
  });
});
