// Benchmark runner: `npm run bench` (or `node bench/run.mjs [--quick] [--only name] [--strict]`).
// It imports every `bench/*.bench.mjs`, in name order. A benchmark module has one of two shapes.
//
// 1. Declarative — a baseline and a subject, both measured by the runner in the same run:
//
//   export const name = 'validate';                       // short name, used by --only
//   export const description = 'cold `runbook validate runbooks/` vs `node -e 0`';
//   export const goal = 2.0;                              // optional: the subject may take at most goal × baseline
//   export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
//   export const subject = { label: 'runbook validate runbooks/', command: [process.execPath, 'bin/runbook.js', 'validate', 'runbooks/'] };
//
// A case is either `{ label, command: [file, ...args], cwd?, env?, expectExit?, beforeEach? }` — a fresh process per
// run, timed from spawn to exit (so it measures cold start) and checked to exit with `expectExit` (default 0), with
// `beforeEach()` called untimed before each run (e.g. to empty a cache) —
// or `{ label, fn: async () => {} }`, timed in this process. Optional `setup()`/`teardown()` exports run once
// around the benchmark (e.g. to build a temporary folder); commands run with cwd = the repository root unless
// the case says otherwise.
//
// The runner alternates baseline and subject runs (so machine load hits both alike), takes the median of each
// and prints `subject / baseline` as a ratio next to the goal. For commands that run node itself
// (`command[0] === process.execPath`) it also reports the CPU time (user + system) of each process, read
// through a tiny `--require` preload: on a busy machine CPU time is steadier than wall-clock time.
//
// 2. Self-measuring — for benchmarks that need their own loop (the engine, the UI):
//
//   export const name = 'engine';
//   export async function run(options) { ... return { name, metrics: { overheadRatio: 1.1, ... },
//     checks: [{ name: 'engine/raw spawn time', value: 1.1, max: 1.25, ok: true }], ok: true }; }
//
// `options` is `{ quick, rounds }`: with `--quick` (used in CI) `quick` is true and `rounds` is 3; a benchmark
// should then shrink its work (fewer rounds, smaller inputs). Metrics and checks are printed as they come.
//
// A missed goal or check exits 1 (the goals are checked by the exit status, issue 13); `--report-only` just
// prints them (`--strict` is the default and kept as a no-op). A benchmark that fails (wrong exit code,
// exception) always exits 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true }, strict: { type: 'boolean', default: false }, 'report-only': { type: 'boolean', default: false } },
});
const iterations = values.quick ? 7 : 25;
const warmups = values.quick ? 1 : 3;

function formatNumber(value) {
  return typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The CPU-time preload: writes the process's user + system CPU milliseconds to $RUNBOOK_BENCH_CPU at exit.
const scratch = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const cpuPreload = join(scratch, 'cpu.cjs');
const cpuOut = join(scratch, 'cpu.txt');
writeFileSync(
  cpuPreload,
  "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.RUNBOOK_BENCH_CPU, String((u.user + u.system) / 1000)); });\n",
);

/** Runs a case once: wall-clock ms, and CPU ms for node commands (else undefined). */
async function timeCase(c) {
  if (c.fn) {
    const start = performance.now();
    await c.fn();
    return { wall: performance.now() - start, cpu: undefined };
  }
  const [file, ...rest] = c.command;
  const isNode = file === process.execPath;
  const args = isNode ? ['--require', cpuPreload, ...rest] : rest;
  const env = { ...process.env, ...c.env, RUNBOOK_BENCH_CPU: cpuOut };
  c.beforeEach?.();
  const start = performance.now();
  const result = spawnSync(file, args, { cwd: c.cwd ?? root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - start;
  const expected = c.expectExit ?? 0;
  if (result.status !== expected) {
    throw new Error(`${c.label}: exit ${result.status ?? result.signal}, expected ${expected}\n${String(result.stderr).slice(0, 2000)}`);
  }
  return { wall, cpu: isNode ? Number(readFileSync(cpuOut, 'utf8')) : undefined };
}

async function runBenchmark(bench) {
  await bench.setup?.();
  try {
    const base = [];
    const subject = [];
    for (let i = 0; i < warmups + iterations; i++) {
      const b = await timeCase(bench.baseline);
      const s = await timeCase(bench.subject);
      if (i >= warmups) {
        base.push(b);
        subject.push(s);
      }
    }
    const cpu = (runs) => (runs.every((r) => r.cpu !== undefined) ? median(runs.map((r) => r.cpu)) : undefined);
    return { base: median(base.map((r) => r.wall)), subject: median(subject.map((r) => r.wall)), baseCpu: cpu(base), subjectCpu: cpu(subject) };
  } finally {
    await bench.teardown?.();
  }
}

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort();
let failed = false;
let missed = false;
console.log(`runbook benchmarks (${values.quick ? 'quick, ' : ''}${iterations} runs each, medians; node ${process.version})`);
// Node 20 reads NODE_EXTRA_CA_CERTS at start-up, in every process: a large bundle makes `node -e 0` slower, and so
// ratios against it smaller than on a machine without one (docs/performance.md).
if (process.env.NODE_EXTRA_CA_CERTS) console.log(`note: NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): every process loads it at start-up, node -e 0 included`);
for (const file of files) {
  const bench = await import(pathToFileURL(`${benchDir}${file}`).href);
  const name = bench.name ?? file.replace(/\.bench\.mjs$/, '');
  if (values.only && !values.only.includes(name)) continue;
  try {
    if (typeof bench.run === 'function') {
      const result = await bench.run({ quick: values.quick, rounds: values.quick ? 3 : undefined });
      console.log(`\n${name}:`);
      for (const [key, value] of Object.entries(result.metrics ?? {})) console.log(`  ${key.padEnd(32)} ${formatNumber(value)}`);
      for (const check of result.checks ?? []) {
        console.log(`  ${check.name}: ${formatNumber(check.value)} (goal ≤ ${check.max})  ${check.ok ? 'met' : 'MISSED'}`);
        if (!check.ok) missed = true;
        if (!check.ok && bench.enforced === true) failed = true;
      }
      continue;
    }
    const { base, subject, baseCpu, subjectCpu } = await runBenchmark(bench);
    const ratio = subject / base;
    const verdict = bench.goal === undefined ? '' : ratio <= bench.goal ? `  goal ≤ ${bench.goal}×  met` : `  goal ≤ ${bench.goal}×  MISSED`;
    if (bench.goal !== undefined && ratio > bench.goal) missed = true;
    const withCpu = baseCpu !== undefined && subjectCpu !== undefined;
    const cpuColumn = (ms) => (withCpu ? `   cpu ${ms.toFixed(1).padStart(7)} ms` : '');
    console.log(`\n${name}: ${bench.description ?? ''}`);
    console.log(`  ${bench.baseline.label.padEnd(32)} ${base.toFixed(1).padStart(8)} ms${cpuColumn(baseCpu ?? 0)}`);
    console.log(`  ${bench.subject.label.padEnd(32)} ${subject.toFixed(1).padStart(8)} ms${cpuColumn(subjectCpu ?? 0)}`);
    console.log(`  ratio ${ratio.toFixed(2)}× wall-clock${withCpu ? `, ${(subjectCpu / baseCpu).toFixed(2)}× cpu` : ''}${verdict}`);
  } catch (error) {
    failed = true;
    console.log(`\n${name}: FAILED\n  ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed || (missed && !values['report-only']) ? 1 : 0;
