// Saved plans end to end: `plan -o` then `play --plan`, with a secret that must be given again and never saved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cli from '../helpers/cli.js';

let dir: string;

const runbook = (args: string[], env: Record<string, string> = {}) =>
  cli.runbook(args, { cwd: dir, env: { RUNBOOK_HOME: join(dir, 'home'), CI: 'true', ...env } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-saved-cli-'));
  writeFileSync(
    join(dir, 'notify.yaml'),
    `name: notify-demo
title: Write a trail
description: Appends to a trail file; the token is only checked for being set.
params:
  token: { secret: true, required: true }
  word: { default: hello, pattern: '^[a-z]+$' }
steps:
  - id: write
    run: test -n "$RUNBOOK_SECRET_TOKEN" && echo {{word}} >> trail
    verify: grep -q {{word}} trail
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plan -o / play --plan', () => {
  it('saves the plan without the secret', async () => {
    const { code } = await runbook(['plan', 'notify.yaml', '-p', 'token=s3cr3t-tok', '-p', 'word=reviewed', '-o', 'plan.json']);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain('s3cr3t-tok');
  });

  it('refuses to play without the secret, naming it, and runs nothing', async () => {
    const { code, stderr } = await runbook(['play', '--plan', 'plan.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('secret parameter token must be given again');
    expect(existsSync(join(dir, 'trail'))).toBe(false);
  });

  it('refuses another value of a parameter', async () => {
    const { code, stderr } = await runbook(['play', '--plan', 'plan.json', '-p', 'word=other'], { RUNBOOK_PARAM_TOKEN: 's3cr3t-tok' });
    expect(code).toBe(2);
    expect(stderr).toContain('parameter word: the plan has reviewed, now given other');
  });

  it('runs the reviewed plan when the secret matches', async () => {
    const { code } = await runbook(['play', '--plan', 'plan.json', '--yes', '--output', 'plain'], { RUNBOOK_PARAM_TOKEN: 's3cr3t-tok' });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('reviewed\n');
  });
});
