// `play` forks a process per step, and every fork copies the page tables of what runbook has touched: V8's
// optimising compiler (TurboFan) stays off while steps are forked (its worker threads' malloc arenas were the
// largest part of that memory, docs/performance.md), the live view's included, and comes back on where JavaScript
// is the work: a run's output in bulk. A user's own `node --jitless …` / `--no-opt` is left as given.
// What V8 optimised is read from its own trace (`--trace-opt`, on the same stdout as the run's lines).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownCompilerFlags } from '../../bin/code-cache.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-compiler-flags-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(() => {
  const steps = (n: number) => Array.from({ length: n }, (_, i) => `  - id: s${i}\n    run: "true"\n`).join('');
  writeFileSync(join(temp, 'many.yaml'), `name: many\ntitle: Many steps\nrisk: low\nsteps:\n${steps(300)}`);
  // 20 MiB of output (past the 16 MiB after which a run tunes V8 for output in bulk), then more steps.
  writeFileSync(
    join(temp, 'flood.yaml'),
    `name: flood\ntitle: Flood\nrisk: low\nsteps:\n  - id: flood\n    run: '{ yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx || true; } | head -c 20971520'\n${steps(100)}`,
  );
});

/** `runbook play <playbook> --yes --output <output>` under `node <nodeFlags> --trace-opt`: exit code and how many functions TurboFan compiled. */
async function play(playbook: string, output: string, nodeFlags: string[] = []): Promise<{ code: number; optimised: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', RUNBOOK_HOME: join(temp, 'home') };
  delete env.CI;
  delete env.NODE_OPTIONS;
  const args = [...nodeFlags, '--trace-opt', join(root, 'bin/runbook.js'), 'play', join(temp, playbook), '--yes', '--output', output];
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await exec(process.execPath, args, { cwd: temp, env, maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    const e = error as { code: number; stdout: string };
    code = e.code;
    stdout = e.stdout;
  }
  return { code, optimised: stdout.split('\n').filter((line) => line.includes('completed optimizing')).length, stdout };
}

describe("V8's optimising compiler during a run", () => {
  it('stays off while trivial steps are forked', async () => {
    const run = await play('many.yaml', 'plain');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('300 ok');
    expect(run.optimised).toBe(0);
  }, 60_000);

  it('comes back on once the output is in bulk', async () => {
    const run = await play('flood.yaml', 'json');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"type":"run.finished"');
    expect(run.optimised).toBeGreaterThan(0);
  }, 60_000);

  it('stays off for the live view too (its frames cost less unoptimised than their compiles), and comes back with bulk output', async () => {
    const trivial = await play('many.yaml', 'ink');
    expect(trivial.code).toBe(0);
    expect(trivial.stdout).toContain('300 ok');
    expect(trivial.optimised).toBe(0);
    const flood = await play('flood.yaml', 'ink');
    expect(flood.code).toBe(0);
    expect(flood.optimised).toBeGreaterThan(0);
  }, 120_000);

  it("leaves a user's own compiler flags alone, and the run still succeeds", async () => {
    // --jitless: no compiler to turn on or off (V8 would refuse `--opt` under it).
    const jitless = await play('many.yaml', 'plain', ['--jitless']);
    expect(jitless.code).toBe(0);
    expect(jitless.optimised).toBe(0);
    // --max-opt=3 (TurboFan allowed): the run keeps it, so the hot functions of 300 steps are optimised.
    const maxOpt = await play('many.yaml', 'plain', ['--max-opt=3']);
    expect(maxOpt.code).toBe(0);
    expect(maxOpt.optimised).toBeGreaterThan(0);
  }, 120_000);

  it('recognises compiler flags by name only', () => {
    expect(ownCompilerFlags(['--jitless'])).toBe(true);
    expect(ownCompilerFlags(['--no-opt'])).toBe(true);
    expect(ownCompilerFlags(['--max_opt=2'])).toBe(true);
    expect(ownCompilerFlags(['--turbofan'])).toBe(true);
    // A preload under /opt, V8's tracing, other flags: not about which compiler runs.
    expect(ownCompilerFlags(['--import', '/opt/tools/preload.mjs', '--trace-opt', '--stack-size=2000'])).toBe(false);
    expect(ownCompilerFlags([])).toBe(false);
  });
});
