// resume runs with the values the first run had, wherever they came from; bad engine settings are refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-resume-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const playbook = join(dir, 'deploy.yaml');
const gate = join(dir, 'gate');
writeFileSync(
  playbook,
  `name: deploy
title: Deploy
params:
  ver: { default: '1' }
steps:
  - id: deploy
    run: echo deploying {{ver}}
  - id: activate
    run: test -e ${gate} && echo activating {{ver}}
`,
);

describe('resume', () => {
  it('keeps a value given through RUNBOOK_PARAM_<NAME>, even when the environment changed since', async () => {
    const home = join(dir, 'home');
    const first = await runbook(['play', playbook, '--home', home, '--output', 'plain'], { env: { RUNBOOK_PARAM_VER: '42' } });
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toContain('deploying 42');
    writeFileSync(gate, '');
    const resumed = await runbook(['resume', 'last', '--home', home, '--output', 'plain'], { env: { RUNBOOK_PARAM_VER: '' } });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('activating 42');
    expect(resumed.stdout).not.toContain('activating 1');
  });

  it('refuses a RUNBOOK_KILL_GRACE_MS that is not a number of milliseconds (it would never send SIGKILL)', async () => {
    const r = await runbook(['play', playbook, '--home', join(dir, 'home2')], { env: { RUNBOOK_KILL_GRACE_MS: '2s' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RUNBOOK_KILL_GRACE_MS must be a whole number of milliseconds');
  });
});
