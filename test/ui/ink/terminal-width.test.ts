// The live view never probes the terminal while it draws: with stdout a pipe (no width) it takes `COLUMNS` or 80,
// and spawns no process per frame (Ink's own fallback ran `tput` twice a frame). Checked on the built CLI.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringWidth } from '../../../src/ui/width.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const probes = join(root, 'test/fixtures/ui/record-probes.mjs');
const playbook = join(root, 'test/fixtures/ui/many-steps.yaml');
const temp = mkdtempSync(join(tmpdir(), 'runbook-width-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `runbook play --output ink` with stdout a pipe, in a session of its own (no controlling terminal). */
function play(name: string, extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; probes: string[] }> {
  const log = join(temp, `${name}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_PROBE_LOG: log, RUNBOOK_HOME: join(temp, name), ...extraEnv };
  for (const key of ['NODE_OPTIONS', 'CI', 'COLUMNS', 'LINES']) if (!(key in extraEnv)) delete env[key];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', probes, bin, 'play', playbook, '--yes', '--output', 'ink'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, probes: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [] }));
  });
}

describe('the live view with stdout a pipe', { timeout: 30_000 }, () => {
  it('spawns no process and opens no terminal to learn the width, frame after frame', async () => {
    const run = await play('pipe', {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Succeeded');
    expect(run.probes).toEqual([]);
  });

  it('lays out for COLUMNS when the stream has no width', async () => {
    const run = await play('columns', { COLUMNS: '44' });
    expect(run.code).toBe(0);
    expect(run.probes).toEqual([]);
    // eslint-disable-next-line no-control-regex
    const lines = run.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').split('\n');
    expect(lines.some((l) => l.includes('journal:'))).toBe(true);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(44);
  });
});
