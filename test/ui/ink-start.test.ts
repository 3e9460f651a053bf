// What starting the live view loads: no ICU text segmentation while every text on screen is ASCII or the view's own
// symbols (the first Intl.Segmenter of a process costs ≈ 7 ms, the first emoji-sequence expression ≈ 11 ms), no
// node:assert for signal-exit's one check, no `node:process` module (issue 13).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const preload = join(root, 'test/fixtures/ui/record-start.mjs');
const temp = mkdtempSync(join(tmpdir(), 'runbook-ink-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Plays a two-step playbook with the live view; returns its output and the ICU objects it made. */
function play(name: string, title: string, run: string): { stdout: string; made: { kind: string; where: string }[]; builtins: string[] } {
  const playbook = join(temp, `${name}.yaml`);
  writeFileSync(playbook, `name: start\ntitle: ${JSON.stringify(title)}\nrisk: low\nsteps:\n  - id: one\n    run: ${JSON.stringify(run)}\n  - id: two\n    run: "true"\n`);
  const log = join(temp, `${name}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_HOME: join(temp, 'home'), RUNBOOK_START_LOG: log };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['--import', preload, bin, 'play', playbook, '--yes', '--output', 'ink'], { env, encoding: 'utf8', timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, ...(JSON.parse(readFileSync(log, 'utf8')) as { made: { kind: string; where: string }[]; builtins: string[] }) };
}

describe('play --output ink', () => {
  it('makes no Intl.Segmenter and no emoji expression when every text is ASCII or the view\'s symbols', () => {
    const { stdout, made } = play('ascii', 'Rotate the logs', "printf 'line one\\nline two\\n'");
    expect(stdout).toContain('Rotate the logs');
    expect(stdout).toContain('Succeeded');
    expect(made).toEqual([]);
  });

  it('loads no node:assert (signal-exit checks its one argument without it), nor what process.report stands for', () => {
    const { stdout, builtins } = play('assert', 'Rotate the logs', 'true');
    expect(stdout).toContain('Succeeded');
    expect(builtins).toContain('tty');
    expect(builtins).not.toContain('assert');
    // Importing `node:process` as a module reads every property of `process`, its lazy getters included.
    expect(builtins).not.toContain('internal/process/report');
  });

  it('still measures other text by its graphemes (a CJK title, an emoji in the output)', () => {
    const { stdout, made } = play('cjk', '轮换日志 🚀', "printf 'done 👍\\n'");
    expect(stdout).toContain('轮换日志 🚀');
    expect(made.map((m) => m.kind)).toContain('Intl.Segmenter');
  });
});
