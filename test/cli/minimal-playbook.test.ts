// A minimal playbook is `name` + `steps`: `title` is optional and the name stands in for it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

function minimal(): string {
  const dir = tempDir('runbook-minimal-');
  writeFileSync(join(dir, 'restart-api.yaml'), 'name: restart-api\nsteps:\n  - id: restart\n    run: echo restarted\n');
  return dir;
}

describe('a playbook without a title', () => {
  it('is valid', async () => {
    const dir = minimal();
    const result = await runCli(['validate', join(dir, 'restart-api.yaml')]);
    expect(result.code, result.stdout).toBe(0);
  });

  it('shows its name where the title would be: plan, list, play', async () => {
    const dir = minimal();
    const file = join(dir, 'restart-api.yaml');
    const plan = await runCli(['plan', file]);
    expect(plan.stdout.split('\n')[0]).toBe('Plan: restart-api');
    const json = JSON.parse((await runCli(['plan', file, '--format', 'json'])).stdout) as { playbook: { title: unknown } };
    expect(json.playbook.title).toBe('restart-api');
    const list = JSON.parse((await runCli(['list', dir, '--format', 'json'])).stdout) as { title: string; valid: boolean }[];
    expect(list).toMatchObject([{ title: 'restart-api', valid: true }]);
    const play = await runCli(['play', file, '--output', 'plain'], { env: { RUNBOOK_HOME: tempDir() } });
    expect(play.code).toBe(0);
    expect(play.stdout.split('\n')[0]).toBe('runbook · restart-api');
  });
});
