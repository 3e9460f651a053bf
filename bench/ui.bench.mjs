// Benchmark: a step printing 100 MB through the live Ink view vs plain lines, same run: time ratio and peak RSS.
//
// Each variant runs the real CLI (`runbook play --output ink|plain --yes`) on a generated playbook
// whose only step prints 100 MB in 100-byte lines; stdout goes to /dev/null (the Ink view still
// renders every frame it would render to a terminal). Variants alternate, ROUNDS times each, and the
// medians are compared. Peak RSS is the CLI process's own maxRSS, reported by a preloaded module.
// Budgets (issue 4): ink/plain time ≤ 1.1×, peak RSS of the Ink run ≤ 200 MB.
//
// Run: `npm run bench` (all; `--only ui`; `--quick` runs 5 rounds too) or `node bench/ui.bench.mjs` after `npm run build`.
// RUNBOOK_BIN runs another build of the CLI; UI_BENCH_MB and UI_BENCH_ROUNDS shrink it for a smoke run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const name = 'ui';
export const description = 'a step printing 100 MB: live Ink view vs plain lines (time ratio, peak RSS)';
export const budgets = { timeRatio: 1.1, peakRssMb: 200 };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the benchmark; resolves to named metrics, the budgets checked, and whether all passed. */
export async function run(options = {}) {
  const megabytes = Number(options.megabytes ?? process.env.UI_BENCH_MB ?? 100);
  // At least five, in --quick too (bench/run.mjs asks for 3): a difference of ≈ 50 ms in 0.4 s moved the median of three by ±0.1×.
  const rounds = Number(process.env.UI_BENCH_ROUNDS ?? Math.max(5, Number(options.rounds ?? 5)));
  const bin = resolve(options.bin ?? process.env.RUNBOOK_BIN ?? join(root, 'bin/runbook.js'));
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ui-bench-'));
  try {
    const bytes = megabytes * 1024 * 1024;
    const line = 'x'.repeat(99);
    // `|| true`: `yes` ends on SIGPIPE when `head` has had enough, which pipefail would report.
    writeFileSync(
      join(dir, 'flood.yaml'),
      `name: ui-bench\ntitle: UI benchmark\nrisk: low\nsteps:\n  - id: flood\n    run: '{ yes ${line} || true; } | head -c ${bytes}'\n`,
    );
    const rssModule = join(dir, 'rss.mjs');
    writeFileSync(
      rssModule,
      "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.RSS_OUT) writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)); });\n",
    );
    const env = { ...process.env, RUNBOOK_HOME: join(dir, 'home') };
    delete env.CI;
    delete env.NODE_OPTIONS;
    const once = (mode) => {
      const rssOut = join(dir, `rss-${mode}`);
      const out = openSync('/dev/null', 'w');
      const started = performance.now();
      const result = spawnSync(process.execPath, ['--import', rssModule, bin, 'play', join(dir, 'flood.yaml'), '--yes', '--output', mode], {
        env: { ...env, RSS_OUT: rssOut },
        stdio: ['ignore', out, 'pipe'],
        encoding: 'utf8',
      });
      const ms = performance.now() - started;
      closeSync(out);
      if (result.status !== 0) throw new Error(`runbook play --output ${mode} exited ${result.status}: ${result.stderr}`);
      return { ms, rssMb: Number(readFileSync(rssOut, 'utf8')) / 1024 };
    };
    once('plain'); // warm-up: file cache, lazy chunks
    const samples = { ink: [], plain: [] };
    for (let i = 0; i < rounds; i++) {
      for (const mode of i % 2 ? ['ink', 'plain'] : ['plain', 'ink']) samples[mode].push(once(mode));
    }
    const inkMs = median(samples.ink.map((s) => s.ms));
    const plainMs = median(samples.plain.map((s) => s.ms));
    const inkRssMb = Math.max(...samples.ink.map((s) => s.rssMb));
    const plainRssMb = Math.max(...samples.plain.map((s) => s.rssMb));
    const metrics = {
      outputMb: megabytes,
      rounds,
      inkMs: Math.round(inkMs),
      plainMs: Math.round(plainMs),
      timeRatio: Number((inkMs / plainMs).toFixed(3)),
      inkPeakRssMb: Math.round(inkRssMb),
      plainPeakRssMb: Math.round(plainRssMb),
    };
    const checks = [
      { name: 'ink/plain time', value: metrics.timeRatio, max: budgets.timeRatio, ok: metrics.timeRatio <= budgets.timeRatio },
      { name: 'peak RSS with Ink (MB)', value: metrics.inkPeakRssMb, max: budgets.peakRssMb, ok: metrics.inkPeakRssMb <= budgets.peakRssMb },
    ];
    return { name, metrics, checks, ok: checks.every((c) => c.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default run;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok ? 0 : 1;
}
