// Benchmark (issue 13, item 3): the per-step cost of a real `runbook play` process against the spawn floor.
//
// Subject: `runbook play` of N trivial steps (`run: "true"`) with `--output plain` and `--output json`,
// stdout read through a pipe, the journal on disk, as a user runs it. Floor: a Node process spawning
// the same shell the same way N times (`bash --noprofile --norc -eo pipefail -c true`, detached, piped
// stdout/stderr, the base environment), one after the other. The per-step cost is the marginal one,
// (T(N2) − T(N1)) / (N2 − N1), so that start-up (Node, loading and compiling the playbook) cancels out;
// the ratio is the median over rounds of the ratios measured in the same round.
// Goal: marginal cost of runbook ≤ 1.25× the floor's, for both outputs. Peak RSS of every process is
// reported: a bigger process makes every spawn dearer (docs/performance.md).
//
// Full: N = 100 → 2000 (the goal), and 5000 reported; `--quick` (CI): N = 100 → 400, 5 rounds (the marginal
// cost of a few hundred steps is a small difference of two times: fewer rounds are too noisy on a shared machine).
// Run: `npm run bench -- --only steps` or `node bench/steps.bench.mjs [--quick]` after `npm run build`.
// STEPS_BENCH_N (e.g. "100,2000"), STEPS_BENCH_ROUNDS change the sizes; RUNBOOK_BIN runs another build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_ENV_NAMES, median, rssPreload, timeCommand } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export const name = 'steps';
export const description = 'per-step cost of `runbook play` (N trivial steps) vs a Node loop spawning the same shell';
export const budgets = { ratio: 1.25 };

const FLOOR = `
import { spawn } from 'node:child_process';
const n = Number(process.argv[2]);
const env = JSON.parse(process.env.BENCH_BASE_ENV);
const args = ['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'true'];
for (let i = 0; i < n; i++) {
  await new Promise((resolve, reject) => {
    const child = spawn('bash', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error('exit ' + code))));
  });
}
`;

export async function run(options = {}) {
  const quick = options.quick === true;
  const sizes = (process.env.STEPS_BENCH_N ?? (quick ? '100,400' : '100,2000,5000')).split(',').map(Number);
  const [n1, n2] = sizes;
  const rounds = Number(process.env.STEPS_BENCH_ROUNDS ?? (quick ? 5 : 7));
  const bin = resolve(process.env.RUNBOOK_BIN ?? join(root, 'bin/runbook.js'));
  const dir = mkdtempSync(join(tmpdir(), 'runbook-steps-bench-'));
  try {
    const floor = join(dir, 'floor.mjs');
    writeFileSync(floor, FLOOR);
    const preload = rssPreload(dir);
    const rss = join(dir, 'rss');
    const baseEnv = Object.fromEntries(BASE_ENV_NAMES.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]]));
    const env = { ...process.env, RUNBOOK_HOME: join(dir, 'home'), BENCH_RSS_OUT: rss, BENCH_BASE_ENV: JSON.stringify(baseEnv) };
    delete env.NODE_OPTIONS;
    delete env.CI;
    const node = (args) => timeCommand(process.execPath, ['--import', preload, ...args], { cwd: dir, env, rssFile: rss });
    const variants = (n) => {
      const file = join(dir, `steps-${n}.yaml`);
      writeFileSync(file, `name: steps-bench\ntitle: Steps benchmark\nsteps:\n${Array.from({ length: n }, (_, i) => `  - id: s${i}\n    run: "true"\n`).join('')}`);
      return {
        floor: () => node([floor, String(n)]),
        plain: () => node([bin, 'play', file, '--output', 'plain']),
        json: () => node([bin, 'play', file, '--output', 'json']),
      };
    };
    const small = variants(n1);
    const large = variants(n2);
    small.floor(); // warm-up: bash and node in the page cache
    small.plain();
    // Each round measures N1 and N2 of every variant back to back and yields one marginal cost per
    // variant: paired differences follow the machine's load as it changes, a difference of two medians does not.
    const keys = ['floor', 'plain', 'json'];
    const perRound = Object.fromEntries(keys.map((k) => [k, []]));
    const samples = Object.fromEntries(keys.map((k) => [k, { [n1]: [], [n2]: [] }]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...keys].reverse() : keys;
      for (const key of order) {
        const a = small[key]();
        const b = large[key]();
        samples[key][n1].push(a);
        samples[key][n2].push(b);
        perRound[key].push((b.ms - a.ms) / (n2 - n1));
      }
    }
    const metrics = { rounds };
    for (const n of [n1, n2]) {
      for (const key of keys) metrics[`${key}@${n}Ms`] = Math.round(median(samples[key][n].map((x) => x.ms)));
      for (const key of keys) metrics[`${key}@${n}PeakRssMb`] = Math.round(Math.max(...samples[key][n].map((x) => x.rssMb ?? 0)));
    }
    // Larger sizes (5000 in the full run) are information only: one run each, with peak RSS.
    for (const n of sizes.slice(2)) {
      const v = variants(n);
      for (const key of keys) {
        const r = v[key]();
        metrics[`${key}@${n}Ms`] = Math.round(r.ms);
        metrics[`${key}@${n}PeakRssMb`] = Math.round(r.rssMb ?? 0);
      }
    }
    for (const key of keys) metrics[`${key}MsPerStep`] = Number(median(perRound[key]).toFixed(3));
    const ratio = (key) => Number(median(perRound[key].map((m, i) => m / perRound.floor[i])).toFixed(3));
    const plainRatio = ratio('plain');
    const jsonRatio = ratio('json');
    Object.assign(metrics, { plainRatio, jsonRatio });
    const checks = [
      { name: `steps/plain marginal per-step time (N ${n1}→${n2}) vs spawn floor`, value: plainRatio, max: budgets.ratio, ok: plainRatio <= budgets.ratio },
      { name: `steps/json marginal per-step time (N ${n1}→${n2}) vs spawn floor`, value: jsonRatio, max: budgets.ratio, ok: jsonRatio <= budgets.ratio },
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
