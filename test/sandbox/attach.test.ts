// A sandbox kept up by one process, played in by another (`play --sandbox --sandbox-attach`, for runbook serve).
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sh } from './helpers.js';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const playbook = fileURLToPath(new URL('../../runbooks/service-restart.yaml', import.meta.url));
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** `runbook play` in a child process, without blocking this process (it hosts the sandbox's servers). */
function play(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('play --sandbox --sandbox-attach', () => {
  it('acts on the sandbox another process keeps up: the service it stopped is running again, and the sandbox stays', async () => {
    sandbox = await startSandbox();
    expect((await sh(sandbox, 'docker compose stop recommendation-api')).code).toBe(0);
    expect(sandbox.state().containers['recommendation-api']!.status).not.toBe('running');
    const run = await play(['play', playbook, '--sandbox', '--sandbox-attach', sandbox.dir, '--yes', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const started = JSON.parse(run.stdout.split('\n')[0]!) as { sandbox: boolean; params: { name: string; value: string }[] };
    expect(started.sandbox).toBe(true);
    expect(started.params.find((p) => p.name === 'api_url')!.value).toBe(sandbox.vars.api_url);
    expect(sandbox.state().containers['recommendation-api']!.status).toBe('running');
    expect((await fetch(`${sandbox.vars.api_url}/health`)).status).toBe(200);
  });

  it('refuses a folder that is not a sandbox, a descriptor that points its PATH elsewhere, and a fault', async () => {
    const dir = tempDir();
    const missing = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot attach to the sandbox in ${dir}: ${join(dir, 'sandbox.json')} does not exist`);
    writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ vars: {}, env: { RUNBOOK_SANDBOX_DIR: dir, PATH: '/usr/bin:/bin' }, faults: [] }));
    chmodSync(join(dir, 'sandbox.json'), 0o600);
    const elsewhere = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('does not describe the sandbox in');
    expect((await runbook(['play', playbook, '--sandbox-attach', dir, '--yes'])).stderr).toContain('--sandbox-attach needs --sandbox');
    expect((await runbook(['play', playbook, '--sandbox', '--sandbox-fault', 'api-unhealthy', '--sandbox-attach', dir])).stderr).toContain('cannot be used with --sandbox-attach');
  });
});
