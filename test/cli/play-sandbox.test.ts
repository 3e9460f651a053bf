// `play --sandbox`: the command starts the simulated stack, runs against it, and stops it in all cases.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, workspace, writePlaybook } from './play-helpers.js';

const playbook = join(root, 'runbooks', 'mlflow-permissions.yaml');

describe('runbook play --sandbox', () => {
  it('runs a shipped playbook against the sandbox, and removes the sandbox after', async () => {
    const dir = workspace();
    const result = await runCli(['play', playbook, '--sandbox', '--yes', '--home', join(dir, 'home'), '--output', 'json'], { cwd: dir, env: { TMPDIR: dir } });
    expect(result.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('runbook-sandbox-'))).toEqual([]);
  });

  it('a sandbox fault fails a step: the completed steps roll back against the sandbox, exit 1', async () => {
    const dir = workspace();
    writePlaybook(
      dir,
      'compose.yaml',
      `name: compose-restart
title: Restart the stack
params:
  project_dir: { default: /opt/recommend }
sandbox:
  params:
    project_dir: '{{sandbox.project_dir}}'
steps:
  - id: stop
    cwd: '{{project_dir}}'
    run: docker compose down
    rollback: { run: docker compose up -d, cwd: '{{project_dir}}' }
  - id: start
    cwd: '{{project_dir}}'
    run: docker compose up -d
`,
    );
    const result = await runCli(['play', 'compose.yaml', '--sandbox', '--sandbox-fault', 'compose-up-fails', '--yes', '--output', 'json'], { cwd: dir, env: { TMPDIR: dir } });
    expect(result.code).toBe(1);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; ok?: boolean; status?: string });
    expect(events.find((e) => e.type === 'step.finished' && e.id === 'start')?.status).toBe('failed');
    expect(events.filter((e) => e.type === 'rollback.finished')).toMatchObject([{ id: 'stop', ok: true }]);
    expect(readdirSync(dir).filter((f) => f.startsWith('runbook-sandbox-'))).toEqual([]);
  });

  it('--sandbox-fault needs --sandbox', async () => {
    const dir = workspace();
    expect((await runCli(['play', playbook, '--sandbox-fault', 'compose-up-fails'], { cwd: dir })).code).toBe(2);
  });
});
