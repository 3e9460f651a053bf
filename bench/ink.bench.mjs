// Benchmark: the live Ink view over N trivial steps — memory flat in N, time linear in N (issue 13).
//
// Each case runs the real CLI (`runbook play --output ink --yes`) on a generated playbook of N `run: "true"`
// steps, its stdout a pipe that this process drains (no terminal: the path where Ink used to spawn `tput` for
// the width on every frame). Peak RSS is the CLI process's own maxRSS (a preloaded module reports it).
// Goals, checked in the same run:
//   memory: peak RSS at the largest N within 1.3× of the smallest;
//   time:   the marginal cost per step (over the smallest N) at the largest N within 1.2× of the middle N.
// For reference it also runs `--output plain` at the smallest and largest N: what the view adds over plain
// lines, so a growth that belongs to the engine shows as such. What was found (docs/performance.md, "The live view
// over thousands of steps"): the heap live after a full collection grows ~1.5 KB a step (the step list, Ink's
// printed-text string), but peak RSS followed the garbage V8 let pile up before collecting, a factor it picks from
// GC and program speed: the same 1,500-step run peaked at 100 or 132 MB. `play` now fixes that factor (bin/runbook.js).
// Frames come at most 10 a second while a step runs, so the view's CPU per step grows with the wall time per step:
// on a loaded machine the CPU per step moves from run to run (the same 1,500-step run took 3.1 s of CPU in one
// round, 6.5 s a few minutes later). So each round runs every size, the ratio is taken within the round, and the
// check reads the median round: a slow minute moves all sizes of its round together; a median above the goal is
// measured again with as many rounds more and judged on all of them. (The least CPU of each size
// over the rounds, taken separately, read 0.80–1.64 in eleven CI runs of one day's commits, above 1.2 in two; of
// twelve rounds of 100/500/1500 on that machine, one round's ratio read 0.69–1.44 (σ ≈ 0.2) and their median 1.10,
// so a median of seven moves by ≈ ±0.09: docs/performance.md, "The live view over thousands of steps".)
//
// Run: `npm run bench` (`--only ink`; `--quick`: N = 100/500/1500) or `node bench/ink.bench.mjs
// [--quick]` after `npm run build` (exits 1 when a goal is missed). INK_BENCH_SIZES="100,500,5000" (three, smallest
// first) and INK_BENCH_ROUNDS (≥ 1) change the work; RUNBOOK_BIN runs another build of the CLI. The statistics are
// bench/lib/ink-rounds.mjs (test/bench/ink-rounds.test.ts): a round whose marginal CPU is not positive is a miss.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inkRounds, inkSizes, roundRatio } from './lib/ink-rounds.mjs';
import { median } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export const name = 'ink';
export const description = 'live Ink view over N trivial steps: peak RSS flat in N, time per step linear in N';
export const budgets = { rssRatio: 1.3, perStepRatio: 1.2 };
// Ratios of one process against itself at two sizes: noise does not explain a miss, so it fails the run.
export const enforced = true;

function playbook(n) {
  const steps = Array.from({ length: n }, (_, i) => `  - id: s${i + 1}\n    run: 'true'\n`).join('');
  return `name: ink-bench-${n}\ntitle: Ink benchmark (${n} steps)\nrisk: low\nsteps:\n${steps}`;
}

/** One `runbook play` of `file`: wall-clock ms, CPU ms and peak RSS in MB; its output drained and dropped. */
function play(bin, file, mode, env, rssModule, rssOut) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(rssModule).href, bin, 'play', file, '--yes', '--output', mode], {
      env: { ...env, RSS_OUT: rssOut },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`runbook play --output ${mode} exited ${code}: ${stderr}`));
      const [rssKb, cpuMs] = readFileSync(rssOut, 'utf8').split(' ').map(Number);
      resolvePromise({ ms, cpuMs, rssMb: rssKb / 1024 });
    });
  });
}

/** Runs the benchmark; resolves to named metrics, the goals checked, and whether all were met. */
export async function run(options = {}) {
  const quick = options.quick === true;
  // Three sizes, smallest first, and at least one round: anything else is refused before a process runs.
  const sizes = inkSizes(process.env.INK_BENCH_SIZES ?? (quick ? '100,500,1500' : '100,500,5000'));
  // At least seven rounds with --quick (CI): the median of five rounds still moved by ±0.08 (one standard deviation).
  const rounds = inkRounds(process.env.INK_BENCH_ROUNDS ?? String(quick ? Math.max(7, Number(options.rounds ?? 7)) : (options.rounds ?? 3)));
  const bin = resolve(options.bin ?? process.env.RUNBOOK_BIN ?? join(root, 'bin/runbook.js'));
  const [small, middle, large] = sizes;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ink-bench-'));
  try {
    for (const n of sizes) writeFileSync(join(dir, `n${n}.yaml`), playbook(n));
    const rssModule = join(dir, 'rss.mjs');
    // Peak RSS (KB) and CPU time (user + system ms) of the CLI process itself, written as it exits.
    writeFileSync(
      rssModule,
      "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); if (process.env.RSS_OUT) writeFileSync(process.env.RSS_OUT, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`); });\n",
    );
    const env = { ...process.env, RUNBOOK_HOME: join(dir, 'home') };
    for (const name of ['CI', 'NODE_OPTIONS', 'NODE_ENV', 'COLUMNS']) delete env[name];
    const once = (n, mode) => play(bin, join(dir, `n${n}.yaml`), mode, env, rssModule, join(dir, `rss-${mode}-${n}`));

    await once(small, 'ink'); // warm-up: file cache, lazy chunks
    const samples = new Map();
    const record = (key, sample) => samples.set(key, [...(samples.get(key) ?? []), sample]);
    // CPU per step over the smallest run, within one round: start-up and the compile of a file cancel out.
    const roundRatios = () => samples.get(`ink-${small}`).map((_, round) => roundRatio(sizes, sizes.map((n) => samples.get(`ink-${n}`)[round].cpuMs)));
    const runRounds = async (count) => {
      for (let round = 0; round < count; round++) {
        // Every other round runs the sizes largest first: a machine slowing down over a round favours neither.
        const order = (samples.get(`ink-${small}`)?.length ?? 0) % 2 === 1 ? [...sizes].reverse() : sizes;
        const taken = new Map();
        for (const n of order) taken.set(n, await once(n, 'ink'));
        for (const n of sizes) record(`ink-${n}`, taken.get(n));
        // Plain lines are there for reference (what the view adds): two rounds give their peak RSS.
        if ((samples.get(`plain-${small}`)?.length ?? 0) < 2) for (const n of [small, large]) record(`plain-${n}`, await once(n, 'plain'));
      }
    };
    await runRounds(rounds);
    // A median above the goal after these rounds is measured again with as many more, and judged on all of them:
    // one round's ratio moves by ±0.2 on a shared machine, a real growth stays.
    const first = median(roundRatios());
    const again = first > budgets.perStepRatio;
    if (again) await runRounds(rounds);
    const ms = (key) => median(samples.get(key).map((s) => s.ms));
    const cpu = (key) => median(samples.get(key).map((s) => s.cpuMs));
    const rss = (key) => Math.max(...samples.get(key).map((s) => s.rssMb));
    // Printed per size: the median of its CPU and wall-clock times over the rounds, each size taken separately (for
    // reference: the check is the median of the rounds' own ratios, printed by round below).
    const perStep = (n, of = cpu) => (of(`ink-${n}`) - of(`ink-${small}`)) / (n - small);
    const perStepRatio = median(roundRatios());
    const rssRatio = rss(`ink-${large}`) / rss(`ink-${small}`);
    const metrics = { sizes: sizes.join('/'), rounds: again ? `${rounds * 2} (the first ${rounds} read ${first.toFixed(2)})` : rounds };
    for (const n of sizes) {
      metrics[`ink ${n}: ms (cpu ms)`] = `${Math.round(ms(`ink-${n}`))} (${Math.round(cpu(`ink-${n}`))})`;
      metrics[`ink ${n}: peak RSS MB`] = Math.round(rss(`ink-${n}`));
    }
    for (const n of [middle, large]) {
      metrics[`ms/step at ${n}: cpu (wall)`] = `${perStep(n).toFixed(2)} (${perStep(n, ms).toFixed(2)})`;
    }
    metrics[`cpu/step ${large} ÷ ${middle} by round`] = roundRatios().map((r) => r.toFixed(2)).join(' ');
    for (const n of [small, large]) {
      metrics[`plain ${n}: ms (cpu ms)`] = `${Math.round(ms(`plain-${n}`))} (${Math.round(cpu(`plain-${n}`))})`;
      metrics[`plain ${n}: peak RSS MB`] = Math.round(rss(`plain-${n}`));
      metrics[`view adds at ${n}: RSS MB`] = Math.round(rss(`ink-${n}`) - rss(`plain-${n}`));
    }
    const checks = [
      { name: `ink/peak RSS ${large} ÷ ${small}`, value: Number(rssRatio.toFixed(3)), max: budgets.rssRatio, ok: rssRatio <= budgets.rssRatio },
      { name: `ink/cpu ms per step ${large} ÷ ${middle} (median round)`, value: Number(perStepRatio.toFixed(3)), max: budgets.perStepRatio, ok: perStepRatio <= budgets.perStepRatio },
    ];
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: print the metrics and checks; exit 1 when a goal is missed.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const [key, value] of Object.entries(result.metrics)) console.log(`  ${key.padEnd(32)} ${value}`);
  for (const check of result.checks) console.log(`  ${check.name}: ${check.value} (goal ≤ ${check.max})  ${check.ok ? 'met' : 'MISSED'}`);
  process.exitCode = result.ok ? 0 : 1;
}
