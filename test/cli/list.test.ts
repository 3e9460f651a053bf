// `runbook list`: name, risk, steps and title of each playbook, aligned by display width; JSON for tools.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

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
  it('lists runbooks/ by default, in English, with the path of each', async () => {
    const result = await runCli(['list'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'NAME                RISK  STEPS  PATH                              TITLE',
        'mlflow-permissions  high  2      runbooks/mlflow-permissions.yaml  Fix MLflow permissions',
        'restart             low   1      runbooks/restart.yaml             重启服务',
        '',
      ].join('\n'),
    );
  });

  it('aligns Chinese headers and titles by display width, and says the risk in Chinese', async () => {
    const result = await runCli(['list', 'runbooks', '--lang', 'zh-CN'], { cwd: dir });
    expect(result.stdout).toBe(
      [
        '名称                风险  步骤数  路径                              标题',
        'mlflow-permissions  高    2       runbooks/mlflow-permissions.yaml  修复 MLflow 权限',
        'restart             低    1       runbooks/restart.yaml             重启服务',
        '',
      ].join('\n'),
    );
  });

  it('keeps each playbook on its row: a title over two lines shows its line break as ␤, in English and Chinese', async () => {
    const own = tempDir('runbook-list-title-');
    writeFileSync(join(own, 'two-lines.yaml'), 'name: two-lines\ntitle: |\n  Restart\n  evil  high  9  runbooks/evil.yaml  Forged\nrisk: low\nsteps:\n  - id: a\n    run: x\n');
    for (const lang of ['en', 'zh-CN']) {
      const result = await runCli(['list', own, '--lang', lang]);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^two-lines .*Restart␤evil {2}high {2}9 {2}runbooks\/evil\.yaml {2}Forged␤$/);
    }
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

describe('runbook list checks and looks as validate does', () => {
  it('marks a playbook invalid for any error validate finds (an unknown template name), exit 2 like validate', async () => {
    const books = tempDir('runbook-list-checks-');
    writeFileSync(join(books, 'good.yaml'), 'name: good\ntitle: Good\nsteps:\n  - id: a\n    run: echo hi\n');
    writeFileSync(join(books, 'typo.yaml'), 'name: typo\ntitle: Typo\nsteps:\n  - id: a\n    run: echo {{nope}}\n');
    const list = await runCli(['list', books, '--format', 'json']);
    const validate = await runCli(['validate', books]);
    expect(validate.code).toBe(2);
    expect(list.code).toBe(validate.code);
    const rows = JSON.parse(list.stdout) as { name: string; valid: boolean; errors: number; file: string }[];
    expect(rows.map((r) => [r.name, r.valid, r.errors])).toEqual([
      ['good', true, 0],
      ['typo', false, 1],
    ]);
    expect(rows[1]!.file).toBe(join(books, 'typo.yaml'));
  });

  it('reads only the folders given, never their subfolders (node_modules, .git, nested projects) nor hidden files', async () => {
    const books = tempDir('runbook-list-shallow-');
    writeFileSync(join(books, 'top.yaml'), 'name: top\ntitle: Top\nsteps:\n  - id: a\n    run: echo hi\n');
    writeFileSync(join(books, '.pre-commit-config.yaml'), 'repos: []\n');
    for (const sub of ['node_modules/pkg', '.git', 'nested/runbooks']) {
      mkdirSync(join(books, sub), { recursive: true });
      writeFileSync(join(books, sub, 'deep.yaml'), 'not: a playbook\n');
    }
    const result = await runCli(['list', books]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('top');
    expect(result.stdout).not.toContain('deep');
  });

  it('without a folder: the playbook path (., ./runbooks/, RUNBOOK_PATH)', async () => {
    const root = tempDir('runbook-list-path-');
    mkdirSync(join(root, 'runbooks'));
    writeFileSync(join(root, 'runbooks', 'in-runbooks.yaml'), 'name: in-runbooks\ntitle: A\nsteps:\n  - id: a\n    run: echo hi\n');
    const shared = tempDir('runbook-list-shared-');
    writeFileSync(join(shared, 'shared.yaml'), 'name: shared\ntitle: B\nsteps:\n  - id: a\n    run: echo hi\n');
    const result = await runCli(['list', '--format', 'json'], { cwd: root, env: { RUNBOOK_PATH: shared } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { file: string }[]).map((r) => r.file)).toEqual([join('runbooks', 'in-runbooks.yaml'), join(shared, 'shared.yaml')]);
  });

  it('a folder with no playbooks is exit 2, as validate and lint', async () => {
    const empty = tempDir('runbook-list-empty-');
    for (const command of ['list', 'validate', 'lint']) {
      const result = await runCli([command, empty]);
      expect(result.code, command).toBe(2);
      expect(result.stderr, command).toContain('no playbooks');
    }
  });
});
