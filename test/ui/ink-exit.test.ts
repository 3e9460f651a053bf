// The live view ends with the run: once its last frame is written, nothing keeps `runbook play` alive (a pending
// render of Ink's own used to hold every run's exit for one more frame; scripts/ink-patches.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const preload = join(root, 'test/fixtures/ui/timers-after-output.mjs');
const temp = mkdtempSync(join(tmpdir(), 'runbook-ink-exit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('play --output ink', () => {
  for (const [name, run] of [
    ['a quiet step', 'true'],
    ['a step printing 2 MB', "{ yes 'a line of output' || true; } | head -c 2000000"],
  ] as const) {
    it(`exits once its last frame is written: no timer keeps it alive (${name})`, () => {
      const playbook = join(temp, `${name.replaceAll(' ', '-')}.yaml`);
      writeFileSync(playbook, `name: exit\ntitle: Exit\nrisk: low\nsteps:\n  - id: one\n    run: ${JSON.stringify(run)}\n  - id: two\n    run: "true"\n`);
      const log = join(temp, `${name.replaceAll(' ', '-')}.json`);
      const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_HOME: join(temp, 'home'), RUNBOOK_TIMER_LOG: log };
      delete env.NODE_OPTIONS;
      const result = spawnSync(process.execPath, ['--import', preload, bin, 'play', playbook, '--yes', '--output', 'ink'], { env, encoding: 'utf8', timeout: 30_000 });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('Succeeded');
      expect(JSON.parse(readFileSync(log, 'utf8'))).toEqual([]);
    });
  }
});
