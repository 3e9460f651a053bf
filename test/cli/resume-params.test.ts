// resume runs with the values the first run had, wherever they came from; bad engine settings are refused.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('resume and values taken from the environment', () => {
  const file = join(dir, 'token.yaml');
  const ready = join(dir, 'ready');
  writeFileSync(
    file,
    `name: token
title: Token
env:
  TOKEN: { from_env: DEPLOY_TOKEN, secret: true }
steps:
  - id: one
    run: test -n "$TOKEN"
  - id: two
    run: test -e ${ready}
`,
  );

  it('refuses when a from_env variable changed, without ever writing its value', async () => {
    const home = join(dir, 'home-env');
    const first = await runbook(['play', file, '--home', home, '--output', 'plain'], { env: { DEPLOY_TOKEN: 'first-secret-value' } });
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const run = readdirSync(join(home, 'runs'))[0]!;
    expect(readFileSync(join(home, 'runs', run, 'meta.json'), 'utf8')).not.toContain('first-secret-value');
    writeFileSync(ready, '');
    const changed = await runbook(['resume', run, '--home', home, '--output', 'plain'], { env: { DEPLOY_TOKEN: 'another-value' } });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('DEPLOY_TOKEN');
    const same = await runbook(['resume', run, '--home', home, '--output', 'plain'], { env: { DEPLOY_TOKEN: 'first-secret-value' } });
    expect(same.code, same.stdout + same.stderr).toBe(0);
  });
});
