// Playbook names typed by a person: `play mlflow-permissions` from the project root, RUNBOOK_PATH, "did you mean".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupPlaybook, playbookPath } from '../../src/cli/resolve-playbook.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const playbook = (name: string) => `name: ${name}\ntitle: ${name}\nsteps:\n  - id: a\n    run: echo ${name}\n`;

/** A project root with runbooks/, a loose playbook in ., and a folder outside it for RUNBOOK_PATH. */
function project() {
  const root = tempDir('runbook-lookup-');
  mkdirSync(join(root, 'runbooks'));
  writeFileSync(join(root, 'runbooks', 'redis-flush.yaml'), playbook('redis-flush'));
  writeFileSync(join(root, 'runbooks', 'mlflow-permissions.yaml'), playbook('mlflow-permissions'));
  writeFileSync(join(root, 'local.yml'), playbook('local'));
  const shared = tempDir('runbook-lookup-shared-');
  writeFileSync(join(shared, 'shared-fix.yaml'), playbook('shared-fix'));
  return { root, shared };
}

describe('playbook names', () => {
  it('finds a bare name, with or without .yaml, in . then ./runbooks/ then RUNBOOK_PATH', () => {
    const { root, shared } = project();
    const env = { RUNBOOK_PATH: `/nonexistent-dir:${shared}` };
    expect(lookupPlaybook('mlflow-permissions', { cwd: root, env })).toEqual({ found: join('runbooks', 'mlflow-permissions.yaml') });
    expect(lookupPlaybook('mlflow-permissions.yaml', { cwd: root, env })).toEqual({ found: join('runbooks', 'mlflow-permissions.yaml') });
    expect(lookupPlaybook('local', { cwd: root, env })).toEqual({ found: 'local.yml' });
    expect(lookupPlaybook('shared-fix', { cwd: root, env })).toEqual({ found: join(shared, 'shared-fix.yaml') });
    expect(lookupPlaybook('shared-fix', { cwd: root, env: {} })).not.toHaveProperty('found');
    expect(playbookPath(root, { RUNBOOK_PATH: `${shared}::runbooks` })).toEqual([root, join(root, 'runbooks'), shared]);
  });

  it('suggests the closest name for a misspelt one, and a sibling for a misspelt path', () => {
    const { root } = project();
    expect(lookupPlaybook('redis-flsh', { cwd: root, env: {} })).toMatchObject({ suggestion: 'redis-flush.yaml' });
    expect(lookupPlaybook('runbooks/redis-flsh.yaml', { cwd: root, env: {} })).toMatchObject({ suggestion: join('runbooks', 'redis-flush.yaml') });
    expect(lookupPlaybook('something-else-entirely', { cwd: root, env: {} })).not.toHaveProperty('suggestion');
  });

  it('plan, play, validate, lint and diff take a name', async () => {
    const { root, shared } = project();
    const env = { RUNBOOK_PATH: shared, RUNBOOK_HOME: tempDir() };
    const plan = await runbook(['plan', 'mlflow-permissions'], { cwd: root, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`File: ${join('runbooks', 'mlflow-permissions.yaml')}`);
    const play = await runbook(['play', 'shared-fix.yaml', '--output', 'plain'], { cwd: root, env });
    expect(play.stdout).toContain('shared-fix');
    expect(play.code).toBe(0);
    expect((await runbook(['validate', 'redis-flush'], { cwd: root, env })).stdout).toContain('1 playbook valid');
    expect((await runbook(['lint', 'redis-flush'], { cwd: root, env })).code).not.toBe(2);
    expect((await runbook(['diff', 'redis-flush', 'redis-flush.yaml'], { cwd: root, env })).code).toBe(0);
  });

  it('a misspelt name: exit 2 and "did you mean redis-flush.yaml?"', async () => {
    const { root } = project();
    for (const command of ['play', 'plan', 'validate', 'lint']) {
      const result = await runbook([command, 'redis-flsh'], { cwd: root, env: { RUNBOOK_HOME: tempDir() } });
      expect(result.code, command).toBe(2);
      expect(result.stdout + result.stderr, command).toContain('did you mean redis-flush.yaml?');
    }
    const unknown = await runbook(['plan', 'nothing-like-it'], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no playbook named "nothing-like-it" in ., runbooks/');
    expect(unknown.stderr).toContain('RUNBOOK_PATH');
  });
});
