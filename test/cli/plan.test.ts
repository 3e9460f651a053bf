// `runbook plan` as a user runs it: exit codes, formats, parameter errors, saved plans.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'runbook-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('runbook plan', () => {
  it('prints the plan of a shipped playbook and exits 0', async () => {
    const { code, stdout } = await runbook(['plan', 'runbooks/mlflow-permissions.yaml', '--param', 'owner=1000:1000']);
    expect(code).toBe(0);
    expect(stdout).toContain('$ chown -R 1000:1000 /var/lib/docker/volumes/recommend_mlflow-data/_data');
    expect(stdout).toContain('Nothing was run.');
  });

  it('speaks Chinese when asked', async () => {
    const { stdout } = await runbook(['plan', 'runbooks/mlflow-permissions.yaml', '--lang', 'zh-CN']);
    expect(stdout).toContain('执行计划：mlflow-permissions — 修复 MLflow artifacts 权限');
  });

  it('rejects a value that fails the pattern with exit 2, naming the parameter', async () => {
    const { code, stderr } = await runbook(['plan', 'runbooks/mlflow-permissions.yaml', '--param', 'owner=root; rm -rf /']);
    expect(code).toBe(2);
    expect(stderr).toContain('owner must match');
  });

  it('suggests the right option for a misspelt one', async () => {
    const { code, stderr } = await runbook(['plan', 'runbooks/mlflow-permissions.yaml', '--parm', 'x=1']);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean --param?');
  });

  it('prints JSON that parses, and saves a plan with -o', async () => {
    const out = join(tmp, 'plan.json');
    const { code, stdout } = await runbook(['plan', 'runbooks/mlflow-permissions.yaml', '--format', 'json', '-o', out]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { playbook: { name: string }; steps: unknown[] };
    expect(plan.playbook.name).toBe('mlflow-permissions');
    const saved = JSON.parse(readFileSync(out, 'utf8')) as { kind: string; playbook: { sha256: string } };
    expect(saved.kind).toBe('runbook-saved-plan');
    expect(saved.playbook.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails with exit 2 and a location for an unknown template name', async () => {
    const file = join(tmp, 'bad.yaml');
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'name: bad\ntitle: Bad\nsteps:\n  - id: a\n    run: echo {{nope}}\n'));
    const { code, stderr } = await runbook(['plan', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(':5:');
    expect(stderr).toContain('unknown name `nope`');
  });
});

describe('runbook plan in GitHub Actions', () => {
  it('fences its output so playbook text cannot become a workflow command', async () => {
    const file = join(tmp, 'inject.yaml');
    await import('node:fs').then((fs) =>
      fs.writeFileSync(file, 'name: inject\ntitle: Inject\ndescription: |\n  ::add-mask::oops\n  ::error::pwned\nsteps:\n  - id: a\n    run: "true"\n'),
    );
    const { code, stdout } = await runbook(['plan', file], { env: { GITHUB_ACTIONS: 'true' } });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const open = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[open]!.slice('::stop-commands::'.length);
    const close = lines.indexOf(`::${token}::`);
    const injected = lines.findIndex((l) => l.includes('::error::pwned'));
    expect(open).toBe(0);
    expect(injected).toBeGreaterThan(open);
    expect(injected).toBeLessThan(close);
  });
});
