// Shared by the CLI benchmarks: timing a process from spawn to exit, its peak RSS, medians of alternated rounds.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A module to preload into node (`--import`): writes the process's peak RSS in KiB to $BENCH_RSS_OUT at exit. */
export function rssPreload(dir) {
  const file = join(dir, 'bench-rss.mjs');
  writeFileSync(file, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.BENCH_RSS_OUT) writeFileSync(process.env.BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)); });\n");
  return file;
}

/**
 * Runs a command to its end: wall-clock milliseconds, and the peak RSS in MiB when it wrote one to
 * `rssFile` (see rssPreload). Its stdout is read through a pipe by this process (as a CI log would be).
 */
export function timeCommand(file, args, { cwd, env, rssFile } = {}) {
  if (rssFile) rmSync(rssFile, { force: true });
  const started = performance.now();
  const result = spawnSync(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${[file, ...args].join(' ').slice(0, 300)}: exit ${result.status ?? result.signal}\n${String(result.stderr).slice(0, 2000)}${String(result.stdout).slice(-2000)}`);
  }
  let rssMb;
  if (rssFile) {
    try {
      rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    } catch {
      rssMb = undefined;
    }
  }
  return { ms, rssMb, stdout: result.stdout };
}

/** Runs every variant once per round, in an order that alternates between rounds (load hits all alike). */
export function alternate(rounds, variants) {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    const order = Object.keys(variants);
    if (round % 2) order.reverse();
    for (const key of order) samples[key].push(variants[key]());
  }
  return samples;
}

/** The environment a `run` step gets (docs/engine.md): a spawn floor uses the same, as LANG makes bash load locales. */
export const BASE_ENV_NAMES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR'];
