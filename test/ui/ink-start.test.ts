// What starting the live view loads: no ICU text segmentation while every text on screen is ASCII or the view's own
// symbols (the first Intl.Segmenter of a process costs ≈ 7 ms, the first emoji-sequence expression ≈ 11 ms), no
// node:assert for signal-exit's one check, no `node:process` module (issue 13).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const preload = join(root, 'test/fixtures/ui/record-start.mjs');
const temp = mkdtempSync(join(tmpdir(), 'runbook-ink-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Recorded {
  made: { kind: string; where: string }[];
  builtins: string[];
}

/**
 * Plays a two-step playbook with the live view; returns its output, the ICU objects made (by any thread: the view draws
 * on a thread of its own) and the built-in modules each thread loaded.
 */
function play(name: string, title: string, run: string): { stdout: string; made: Recorded['made']; threads: Recorded[] } {
  const playbook = join(temp, `${name}.yaml`);
  writeFileSync(playbook, `name: start\ntitle: ${JSON.stringify(title)}\nrisk: low\nsteps:\n  - id: one\n    run: ${JSON.stringify(run)}\n  - id: two\n    run: "true"\n`);
  const log = join(temp, `${name}.json`);
  // The view on its own thread, as on any machine of two cores or more (on one it stays on the run's thread).
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_HOME: join(temp, 'home'), RUNBOOK_START_LOG: log, RUNBOOK_VIEW_THREAD: '1' };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['--import', preload, bin, 'play', playbook, '--yes', '--output', 'ink'], { env, encoding: 'utf8', timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  const threads = readdirSync(temp)
    .filter((file) => file === `${name}.json` || file.startsWith(`${name}.json.`))
    .map((file) => JSON.parse(readFileSync(join(temp, file), 'utf8')) as Recorded);
  return { stdout: result.stdout, made: threads.flatMap((thread) => thread.made), threads };
}

describe('play --output ink', () => {
  it('makes no Intl.Segmenter and no emoji expression when every text is ASCII or the view\'s symbols', () => {
    const { stdout, made } = play('ascii', 'Rotate the logs', "printf 'line one\\nline two\\n'");
    expect(stdout).toContain('Rotate the logs');
    expect(stdout).toContain('Succeeded');
    expect(made).toEqual([]);
  });

  it('loads no node:assert (signal-exit checks its one argument without it), nor what process.report stands for', () => {
    const { stdout, threads } = play('assert', 'Rotate the logs', 'true');
    expect(stdout).toContain('Succeeded');
    // The run's thread and the view's.
    expect(threads).toHaveLength(2);
    expect(threads.flatMap((thread) => thread.builtins)).toContain('tty');
    for (const { builtins } of threads) {
      expect(builtins).not.toContain('assert');
      // Importing `node:process` as a module reads every property of `process`, its lazy getters included.
      expect(builtins).not.toContain('internal/process/report');
    }
  });

  it('still measures other text by its graphemes (a CJK title, an emoji in the output)', () => {
    const { stdout, made } = play('cjk', '轮换日志 🚀', "printf 'done 👍\\n'");
    expect(stdout).toContain('轮换日志 🚀');
    expect(made.map((m) => m.kind)).toContain('Intl.Segmenter');
  });
});
