// `npm run demo`, the README's first command, end to end through the built CLI: plays mlflow-permissions in the sandbox.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness.js';
import { tempDir } from '../helpers/temp-dir.js';

function demo(extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string; home: string }> {
  const home = tempDir('runbook-demo-');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  // The demo script itself, so that this test follows it if it changes.
  const args = pkg.scripts.demo!.split(' ').slice(1);
  expect(args.slice(0, 3)).toEqual(['bin/runbook.js', 'play', 'runbooks/mlflow-permissions.yaml']);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...args, ...extra],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, RUNBOOK_HOME: home, LANG: 'C', CI: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, home }),
    );
  });
}

describe('npm run demo', () => {
  it('fixes the broken MLflow volume in the labelled sandbox and succeeds', async () => {
    const r = await demo();
    expect(r.stderr + r.stdout).toMatch(/SANDBOX/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The demo starts from the broken state (--sandbox-fault mlflow-volume-owner): the fix really runs.
    expect(r.stdout).toMatch(/chown -R 50000:50000 /);
    // Sandbox runs are journaled apart from real ones (issue 12).
    expect(existsSync(join(r.home, 'sandbox', 'runs'))).toBe(true);
    expect(existsSync(join(r.home, 'runs'))).toBe(false);
  });

  it('rolls back when docker compose up fails during the fix', async () => {
    const failed = await demo(['--sandbox-fault', 'mlflow-volume-owner,compose-up-fails']);
    expect(failed.code, failed.stdout + failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(/rolled back/);
  });
});
