// Benchmark (issue 13, item 4): a step printing 1 GB through `runbook play --output plain` and `--output json`,
// read through a pipe into a file, against the same command writing into a file through a pipe
// (`cmd | cat > file`). Redaction is on (the playbook has a secret parameter) and the journal is kept.
//
// The command prints 81-byte log lines (`{ yes 'LINE' || true; } | head -c BYTES`). Variants alternate,
// ROUNDS times each, and medians are compared. Goal: plain/baseline and json/baseline ≤ 1.5×. The
// runbook processes' peak RSS is reported too (bounded whatever the size: backpressure, not buffering).
// Information, no goal: a bare Node forwarder (spawns the command, pipes its stdout to its own, nothing
// else) against the same baseline — what any Node process in the middle of the pipe costs on this machine.
//
// `--quick` (CI): 128 MiB, and the ratio is of marginal costs — each variant's time printing nothing is
// subtracted — so that runbook's start-up (a fixed ~0.2 s) does not dominate a short run. Five rounds in both
// sizes: a quick run's baseline is ~0.2 s, and with three the median of a difference moved by ±0.3×.
//
// Run: `npm run bench -- --only output` or `node bench/output.bench.mjs [--quick]` after `npm run build`.
// OUTPUT_BENCH_MB and OUTPUT_BENCH_ROUNDS change the size; RUNBOOK_BIN runs another build of the CLI.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, median, rssPreload, timeCommand } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export const name = 'output';
export const description = 'a step printing 1 GB through the plain and json reporters vs `cmd | cat > file`';
export const budgets = { ratio: 1.5 };

const LINE = '2026-01-01T00:00:00Z INFO worker[42]: processed batch 1234 of 9999 in 12ms (ok)';

export async function run(options = {}) {
  const quick = options.quick === true;
  const megabytes = Number(process.env.OUTPUT_BENCH_MB ?? (quick ? 128 : 1024));
  // At least five (bench/run.mjs asks --quick benchmarks for 3): fewer moved the median of the difference by ±0.3×.
  const rounds = Number(process.env.OUTPUT_BENCH_ROUNDS ?? Math.max(5, Number(options.rounds ?? 5)));
  const bin = resolve(process.env.RUNBOOK_BIN ?? join(root, 'bin/runbook.js'));
  const dir = mkdtempSync(join(tmpdir(), 'runbook-output-bench-'));
  try {
    const bytes = megabytes * 1024 * 1024;
    const command = (n) => `{ yes '${LINE}' || true; } | head -c ${n}`;
    const playbook = (n) => {
      const file = join(dir, `print-${n}.yaml`);
      writeFileSync(file, `name: output-bench\ntitle: Output benchmark\nparams:\n  token: { type: string, secret: true }\nsteps:\n  - id: print\n    run: "${command(n)}"\n`);
      return file;
    };
    const out = join(dir, 'out');
    const rss = join(dir, 'rss');
    const preload = rssPreload(dir);
    const env = { ...process.env, RUNBOOK_HOME: join(dir, 'home'), RUNBOOK_PARAM_TOKEN: 'bench-Secret-value-0123', BENCH_RSS_OUT: rss };
    delete env.NODE_OPTIONS;
    const sh = (script) => timeCommand('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', script], { cwd: dir, env, rssFile: rss });
    const runbook = (file, output) => sh(`'${process.execPath}' --import '${preload}' '${bin}' play '${file}' --output ${output} | cat > '${out}'`);
    const forwarder = join(dir, 'forward.cjs');
    writeFileSync(forwarder, "require('node:child_process').spawn('bash', ['--noprofile', '--norc', '-c', process.argv[2]], { stdio: ['ignore', 'pipe', 'inherit'] }).stdout.pipe(process.stdout);\n");
    const variants = (n) => {
      const file = playbook(n);
      return {
        baseline: () => sh(`${command(n)} | cat > '${out}'`),
        plain: () => runbook(file, 'plain'),
        json: () => runbook(file, 'json'),
        forwarder: () => sh(`'${process.execPath}' '${forwarder}' "${command(n).replaceAll('"', '\\"')}" | cat > '${out}'`),
      };
    };
    const checkSize = () => {
      if (statSync(out).size < bytes) throw new Error(`${out}: ${statSync(out).size} bytes, expected at least ${bytes}`);
    };
    const big = variants(bytes);
    // Warm-up (page cache, JIT of nothing: each run is a fresh process).
    big.baseline();
    big.plain();
    checkSize();
    const samples = alternate(rounds, big);
    const ms = (key) => median(samples[key].map((s) => s.ms));
    const peak = (key) => Math.max(...samples[key].map((s) => s.rssMb ?? 0));
    const metrics = {
      megabytes,
      rounds,
      baselineMs: Math.round(ms('baseline')),
      plainMs: Math.round(ms('plain')),
      jsonMs: Math.round(ms('json')),
      forwarderMs: Math.round(ms('forwarder')),
      plainPeakRssMb: Math.round(peak('plain')),
      jsonPeakRssMb: Math.round(peak('json')),
    };
    let plainRatio = ms('plain') / ms('baseline');
    let jsonRatio = ms('json') / ms('baseline');
    let forwarderRatio = ms('forwarder') / ms('baseline');
    if (quick) {
      // Marginal: minus each variant's cost of printing nothing (runbook's start-up).
      const empty = alternate(rounds, variants(0));
      const none = (key) => median(empty[key].map((s) => s.ms));
      const base = ms('baseline') - none('baseline');
      plainRatio = (ms('plain') - none('plain')) / base;
      jsonRatio = (ms('json') - none('json')) / base;
      forwarderRatio = (ms('forwarder') - none('forwarder')) / base;
      Object.assign(metrics, { startupPlainMs: Math.round(none('plain')), startupJsonMs: Math.round(none('json')) });
    }
    Object.assign(metrics, { plainRatio: Number(plainRatio.toFixed(3)), jsonRatio: Number(jsonRatio.toFixed(3)), forwarderRatio: Number(forwarderRatio.toFixed(3)) });
    const what = quick ? 'marginal time' : 'time';
    const checks = [
      { name: `output/plain ${what} vs cmd | cat > file`, value: metrics.plainRatio, max: budgets.ratio, ok: metrics.plainRatio <= budgets.ratio },
      { name: `output/json ${what} vs cmd | cat > file`, value: metrics.jsonRatio, max: budgets.ratio, ok: metrics.jsonRatio <= budgets.ratio },
    ];
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default run;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await run({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok ? 0 : 1;
}
