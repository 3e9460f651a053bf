// resume after a confirmation gate that stopped the run: it starts AT the gate and asks again, never past it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-resume-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sentinel = join(dir, 'volume-deleted');
const playbook = join(dir, 'drop.yaml');
writeFileSync(
  playbook,
  `name: drop
title: Drop the volume
steps:
  - id: prepare
    run: echo preparing
  - id: sure
    confirm: Delete the volume?
  - id: delete
    run: touch ${sentinel}
`,
);

describe('resume after a gate that could not be asked (no terminal, no --yes)', () => {
  it('stops at the gate again without --yes, and passes it with --yes', async () => {
    const home = join(dir, 'home');
    const first = await runbook(['play', playbook, '--home', home, '--output', 'plain']);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(existsSync(sentinel)).toBe(false);

    const again = await runbook(['resume', 'last', '--home', home, '--output', 'plain']);
    expect(again.code, again.stdout + again.stderr).toBe(1);
    expect(again.stdout + again.stderr).toContain('no terminal');
    expect(existsSync(sentinel)).toBe(false);

    const passed = await runbook(['resume', 'last', '--home', home, '--output', 'plain', '--yes']);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    expect(existsSync(sentinel)).toBe(true);
  });
});
