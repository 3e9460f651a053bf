// Benchmark: compile is linear in steps — cold `runbook validate` and `runbook plan` of generated playbooks of
// N and 10×N steps; each ratio must stay within 12× (issue 13).
//
// Each playbook has two parameters and N steps; every step's command reads a parameter and the previous
// step's stdout (a deferred template), every fifth has a rollback: the compiler's scope checks, template
// parsing and rendering all grow with N. The sizes alternate, ROUNDS times each; medians are compared.
// Quadratic work (a set of the steps before each step, as compile.ts once built) shows as a ratio near 100.
//
// Run: `npm run bench` (all benchmarks), `node bench/run.mjs --only compile [--quick]`.
// COMPILE_BENCH_STEPS (the small size; the large one is 10×) and COMPILE_BENCH_ROUNDS change the size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.env.RUNBOOK_BIN ?? join(root, 'bin', 'runbook.js');

export const name = 'compile';
export const budgets = { ratio: 12 };
/** A missed ratio fails `npm run bench` even without --strict: quadratic work is a bug, not noise. */
export const enforced = true;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A valid playbook of `n` steps (about 62 bytes each, so 10,000 stay under the 1 MiB file limit). */
export function generatePlaybook(n) {
  const lines = ['name: generated', 'title: Generated', 'params:', '  dir: { default: /srv/data }', '  who: { default: ops }', 'steps:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  - id: s${i}`, `    run: echo {{dir}}${i > 0 ? ` {{steps.s${i - 1}.stdout}}` : ' {{who}}'}`);
    if (i % 5 === 0) lines.push('    rollback: echo undo {{dir}}');
  }
  return lines.join('\n') + '\n';
}

/** Wall-clock ms of one CLI run, which must exit 0. */
function timeCli(args, env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, LANG: 'C', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`runbook ${args.join(' ')}: exit ${result.status ?? result.signal}\n${String(result.stderr).slice(0, 2000)}`);
  return ms;
}

const commands = [
  { key: 'validate', args: (file) => ['validate', file], env: {} },
  { key: 'plan', args: (file) => ['plan', file], env: {} },
];

/** Runs the benchmark; resolves to named metrics, the budgets checked, and whether they held. */
export async function run(options = {}) {
  const small = Number(process.env.COMPILE_BENCH_STEPS ?? (options.quick ? 500 : 1000));
  const large = small * 10;
  const rounds = Number(process.env.COMPILE_BENCH_ROUNDS ?? options.rounds ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'runbook-compile-bench-'));
  try {
    const files = { small: join(dir, `steps-${small}.yaml`), large: join(dir, `steps-${large}.yaml`) };
    writeFileSync(files.small, generatePlaybook(small));
    writeFileSync(files.large, generatePlaybook(large));
    const times = Object.fromEntries(commands.map((c) => [c.key, { small: [], large: [] }]));
    // One warm-up of each (disk cache, code cache), then alternate sizes so machine load hits both alike.
    for (const c of commands) for (const size of ['small', 'large']) timeCli(c.args(files[size]), c.env);
    for (let round = 0; round < rounds; round++) {
      for (const c of commands) {
        times[c.key].small.push(timeCli(c.args(files.small), c.env));
        times[c.key].large.push(timeCli(c.args(files.large), c.env));
      }
    }
    const metrics = {};
    const checks = [];
    for (const c of commands) {
      const a = median(times[c.key].small);
      const b = median(times[c.key].large);
      metrics[`${c.key} ${small} steps (ms)`] = Math.round(a);
      metrics[`${c.key} ${large} steps (ms)`] = Math.round(b);
      const ratio = b / a;
      checks.push({ name: `compile/${c.key} ${large} vs ${small} steps`, value: ratio, max: budgets.ratio, ok: ratio <= budgets.ratio });
    }
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/compile.bench.mjs [--quick]`: run alone, exit 1 when a ratio is over its budget.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const [key, value] of Object.entries(result.metrics)) console.log(`  ${key.padEnd(36)} ${value}`);
  for (const check of result.checks) console.log(`  ${check.name}: ${check.value.toFixed(2)} (goal ≤ ${check.max})  ${check.ok ? 'met' : 'MISSED'}`);
  process.exitCode = result.ok ? 0 : 1;
}
