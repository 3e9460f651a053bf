// Benchmark: per-step overhead of the engine — N trivial `true` steps run by runPlan vs a raw
// child_process.spawn loop of the same N commands, in the same process and run; printed as a ratio.
//
// The engine is bundled from src/engine/run/runner.ts with esbuild into a temp dir and imported, so
// the measurement is runPlan itself (journal with fsync at step boundaries, events, lock, output
// capture, redaction), not the CLI's start-up. The baseline spawns exactly what a `run` step spawns
// (`bash --noprofile --norc -eo pipefail -c true`, detached, piped stdout/stderr, the same base
// environment), waiting for each to close, one after the other. Informational ratios: the engine
// waiting for every step-boundary fdatasync (journalSync 'strict'; the default overlaps the flush
// with the step's start), the same with the journal on tmpfs (/dev/shm: no disk latency), and
// spawning `true` directly (no shell).
// Variants alternate, ROUNDS times each; medians are compared. Budget (issue 3): engine/raw ≤ 1.25×.
//
// Run: `npm run bench` (all benchmarks) or `node bench/engine.bench.mjs`.
// ENGINE_BENCH_STEPS and ENGINE_BENCH_ROUNDS change the size.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const name = 'engine';
export const budgets = { overheadRatio: 1.25 };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The environment a `run` step gets from runbook's own (docs/engine.md): the raw loop uses the same, since
 * LANG/LC_ALL alone make bash load locale files at every start. */
const BASE_ENV = Object.fromEntries(['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR'].filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]]));

function spawnOnce(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: BASE_ENV });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} exited ${code}`))));
  });
}

async function rawLoop(n, command, args) {
  const started = performance.now();
  for (let i = 0; i < n; i++) await spawnOnce(command, args);
  return performance.now() - started;
}

function trivialPlan(n) {
  const text = (value) => ({ text: value, source: value, kind: 'shell', deferred: false, raw: [] });
  return {
    formatVersion: 1,
    playbook: { name: 'engine-bench', title: 'Engine benchmark', risk: 'low', tags: [], file: 'bench.yaml', lock: 'engine-bench', onInterrupt: 'rollback' },
    params: [],
    env: [],
    preconditions: [],
    steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, action: { kind: 'run', command: text('true') }, timeoutMs: 60_000, retries: 0, delayMs: 0, backoff: 2, continueOnError: false, env: [], parse: 'text' })),
    postconditions: [],
    finally: [],
    warnings: [],
    sandbox: false,
  };
}

/** Runs the benchmark; resolves to named metrics, the budget checked, and whether it passed. */
export async function run(options = {}) {
  const n = Number(options.steps ?? process.env.ENGINE_BENCH_STEPS ?? (options.quick ? 100 : 200));
  const rounds = Number(options.rounds ?? process.env.ENGINE_BENCH_ROUNDS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'runbook-engine-bench-'));
  // Journals on tmpfs separate the engine's own cost from the disk's flush latency.
  const memoryDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/runbook-engine-bench-') : undefined;
  try {
    const { build } = await import('esbuild');
    await build({ entryPoints: [join(root, 'src/engine/run/runner.ts')], outfile: join(dir, 'runner.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" } });
    const { runPlan } = await import(pathToFileURL(join(dir, 'runner.mjs')).href);
    const plan = trivialPlan(n);
    const shell = ['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'true'];
    let home = 0;
    const engineOnce = async (journalSync = 'overlap', base = dir) => {
      const started = performance.now();
      const result = await runPlan(plan, { home: join(base, `home-${home++}`), env: process.env, cwd: dir, journalSync });
      if (result.status !== 'ok') throw new Error(`engine run ended ${result.status}: ${result.reason}`);
      return performance.now() - started;
    };
    // Warm-up: JIT, file cache, bash in the page cache.
    await engineOnce();
    await rawLoop(Math.min(n, 50), 'bash', shell);
    const samples = { engine: [], engineStrict: [], engineTmpfs: [], rawShell: [], rawTrue: [] };
    for (let i = 0; i < rounds; i++) {
      const order = ['rawTrue', 'engineStrict', 'rawShell', 'engine', ...(memoryDir ? ['engineTmpfs'] : [])];
      if (i % 2) order.reverse();
      for (const variant of order) {
        if (variant === 'engine') samples.engine.push(await engineOnce());
        else if (variant === 'engineTmpfs') samples.engineTmpfs.push(await engineOnce('strict', memoryDir));
        else if (variant === 'engineStrict') samples.engineStrict.push(await engineOnce('strict'));
        else if (variant === 'rawShell') samples.rawShell.push(await rawLoop(n, 'bash', shell));
        else samples.rawTrue.push(await rawLoop(n, 'true', []));
      }
    }
    const engineMs = median(samples.engine);
    const rawShellMs = median(samples.rawShell);
    const rawTrueMs = median(samples.rawTrue);
    const metrics = {
      steps: n,
      rounds,
      engineMs: Math.round(engineMs),
      rawSpawnMs: Math.round(rawShellMs),
      engineMsPerStep: Number((engineMs / n).toFixed(3)),
      rawSpawnMsPerStep: Number((rawShellMs / n).toFixed(3)),
      overheadMsPerStep: Number(((engineMs - rawShellMs) / n).toFixed(3)),
      overheadRatio: Number((engineMs / rawShellMs).toFixed(3)),
      // Informational: waiting for every step-boundary fdatasync before going on (journalSync: 'strict').
      strictJournalRatio: Number((median(samples.engineStrict) / rawShellMs).toFixed(3)),
      // Informational: journal on tmpfs (/dev/shm), strict flushes: the engine without the disk's latency.
      ...(memoryDir ? { tmpfsJournalRatio: Number((median(samples.engineTmpfs) / rawShellMs).toFixed(3)) } : {}),
      // Informational: against spawning `true` with no shell at all.
      rawTrueMsPerStep: Number((rawTrueMs / n).toFixed(3)),
      ratioVsNoShell: Number((engineMs / rawTrueMs).toFixed(3)),
    };
    const checks = [{ name: 'engine/raw spawn time', value: metrics.overheadRatio, max: budgets.overheadRatio, ok: metrics.overheadRatio <= budgets.overheadRatio }];
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (memoryDir) rmSync(memoryDir, { recursive: true, force: true });
  }
}

export default run;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok ? 0 : 1;
}
