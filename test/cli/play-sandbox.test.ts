// `play --sandbox`: the command starts the simulated stack, runs against it, and stops it in all cases.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, workspace } from './play-helpers.js';

const playbook = join(root, 'runbooks', 'mlflow-permissions.yaml');

describe('runbook play --sandbox', () => {
  it('runs a shipped playbook against the sandbox, and removes the sandbox after', async () => {
    const dir = workspace();
    const result = await runCli(['play', playbook, '--sandbox', '--yes', '--home', join(dir, 'home'), '--output', 'json'], { cwd: dir, env: { TMPDIR: dir } });
    expect(result.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('runbook-sandbox-'))).toEqual([]);
  });

  it('a sandbox fault fails a step: the completed steps roll back, exit 1', async () => {
    const dir = workspace();
    const result = await runCli(['play', playbook, '--sandbox', '--sandbox-fault', 'compose-up-fails', '--yes', '--home', join(dir, 'home'), '--output', 'json'], { cwd: dir, env: { TMPDIR: dir } });
    expect(result.code).toBe(1);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; ok?: boolean });
    expect(events.filter((e) => e.type === 'rollback.finished').every((e) => e.ok)).toBe(true);
    expect(events.some((e) => e.type === 'rollback.finished')).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('runbook-sandbox-'))).toEqual([]);
  });

  it('--sandbox-fault needs --sandbox', async () => {
    const dir = workspace();
    expect((await runCli(['play', playbook, '--sandbox-fault', 'compose-up-fails'], { cwd: dir })).code).toBe(2);
  });
});
