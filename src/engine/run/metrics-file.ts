// `--metrics-file`: after each run, the Prometheus text file of node_exporter's textfile collector, updated
// under a lock and written atomically. Counters accumulate across runs in a JSON state file beside it.
//
// The state (`<file>.state.json`) holds prom-client's own JSON of the metrics (`getMetricsAsJSON`); each
// run's sample is added to it with prom-client's aggregator (sums; the timestamp gauge keeps the latest),
// so no Prometheus text is ever parsed by hand. The collector reads only `*.prom`: the state is ignored.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Lang } from '../../i18n/index.js';
import { engineText } from '../../i18n/engine.js';
import type { RunStatus } from '../events.js';
import { sayFsError } from './fs-errors.js';
import { showLineBreaks } from '../escapes.js';

/** A metric as prom-client's `getMetricsAsJSON` gives it. */
type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/** What one finished run adds to the metrics. */
export interface RunSample {
  playbook: string;
  status: RunStatus;
  durationMs: number;
  /** Steps rolled back, and rollbacks that failed. */
  rolledBack: number;
  rollbackFailed: number;
  /** When it finished (ms since the epoch). */
  finishedAt: number;
}

/** Run durations from seconds to hours: a runbook run is a human-scale event. */
const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

const NAMES = ['runbook_runs_total', 'runbook_run_duration_seconds', 'runbook_rollbacks_total', 'runbook_last_success_timestamp_seconds'] as const;

/** Why the metrics file was not updated, as data: said in the reader's language where it is shown (describeMetricsProblem). */
export type MetricsProblem = { key: 'metrics.notState'; state: string } | { key: 'metrics.noFolder'; folder: string };

/** A metrics file that cannot be updated for a reason of its own (other failures are the file system's or the lock's). */
export class MetricsFileError extends Error {
  constructor(readonly problem: MetricsProblem) {
    super(engineText('en')(problem.key, { ...problem }));
    this.name = 'MetricsFileError';
  }
}

/**
 * Why `updateMetricsFile` failed, in words: its own problems from the catalog; a refusal of the file system
 * as Node says it in English, by its code in Chinese (`EACCES：权限不足`).
 */
export function describeMetricsError(error: unknown, lang: Lang): string {
  if (error instanceof MetricsFileError) return engineText(lang)(error.problem.key, { ...error.problem });
  return sayFsError(error, lang);
}

/** The path of the state kept beside the metrics file. */
export const statePath = (file: string): string => `${file}.state.json`;

/** A registry holding only this sample. */
async function sampleRegistry(sample: RunSample): Promise<Registry> {
  const client = await import('prom-client');
  const registers = [new client.Registry()];
  const [registry] = registers as [Registry];
  new client.Counter({ name: NAMES[0], help: 'Runs of a playbook, by final status.', labelNames: ['playbook', 'status'], registers }).inc({ playbook: sample.playbook, status: sample.status });
  new client.Histogram({ name: NAMES[1], help: 'How long runs took, in seconds.', labelNames: ['playbook'], buckets: DURATION_BUCKETS, registers }).observe({ playbook: sample.playbook }, sample.durationMs / 1000);
  const rollbacks = new client.Counter({ name: NAMES[2], help: 'Rollbacks of completed steps, by result (ok, failed).', labelNames: ['playbook', 'result'], registers });
  if (sample.rolledBack > 0) rollbacks.inc({ playbook: sample.playbook, result: 'ok' }, sample.rolledBack);
  if (sample.rollbackFailed > 0) rollbacks.inc({ playbook: sample.playbook, result: 'failed' }, sample.rollbackFailed);
  const success = new client.Gauge({ name: NAMES[3], help: 'When a run of the playbook last succeeded (Unix time, seconds).', labelNames: ['playbook'], aggregator: 'max', registers });
  if (sample.status === 'ok') success.set({ playbook: sample.playbook }, Math.floor(sample.finishedAt / 1000));
  return registry;
}

/**
 * The metrics of earlier runs, from the state file (untrusted: only values of the four metrics, with
 * numeric values and text labels, are kept; help, type and aggregation come from this module).
 */
function readState(file: string, template: readonly MetricJson[]): MetricJson[] {
  let text: string;
  try {
    text = readFileSync(statePath(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!Array.isArray(data)) throw new MetricsFileError({ key: 'metrics.notState', state: statePath(file) });
  const out: MetricJson[] = [];
  for (const own of template) {
    const found = data.find((m: unknown) => typeof m === 'object' && m !== null && (m as { name?: unknown }).name === own.name) as { values?: unknown } | undefined;
    const values = Array.isArray(found?.values) ? found.values.filter((v: unknown) => isValue(v, own.name)) : [];
    out.push({ ...own, values: values.map((v) => ({ value: v.value, labels: { ...v.labels }, ...(v.metricName !== undefined ? { metricName: v.metricName } : {}) })) } as MetricJson);
  }
  return out;
}

interface StoredValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** The series names and label names each metric may hold: anything else in the state would stand in the file as written. */
const SERIES: Record<string, { names: readonly (string | undefined)[]; labels: readonly string[] }> = {
  runbook_runs_total: { names: [undefined, 'runbook_runs_total'], labels: ['playbook', 'status'] },
  runbook_run_duration_seconds: { names: ['runbook_run_duration_seconds_bucket', 'runbook_run_duration_seconds_sum', 'runbook_run_duration_seconds_count'], labels: ['playbook', 'le'] },
  runbook_rollbacks_total: { names: [undefined, 'runbook_rollbacks_total'], labels: ['playbook', 'result'] },
  runbook_last_success_timestamp_seconds: { names: [undefined, 'runbook_last_success_timestamp_seconds'], labels: ['playbook'] },
};

function isValue(v: unknown, metric: string): v is StoredValue {
  if (typeof v !== 'object' || v === null) return false;
  const { value, labels, metricName } = v as Record<string, unknown>;
  const series = SERIES[metric];
  if (!series) return false;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return false;
  // prom-client writes a series name as it is (no escaping): only this metric's own names.
  if (!series.names.includes(metricName as string | undefined)) return false;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return false;
  const le = metricName === 'runbook_run_duration_seconds_bucket';
  return Object.entries(labels).every(([k, l]) => series.labels.includes(k) && (k !== 'le' || le) && (typeof l === 'string' || typeof l === 'number'));
}

/** Writes `text` to `file` atomically: a temp file in the same folder, flushed, then renamed over it. */
function writeAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Adds a run to the metrics file (and its state), under a lock: concurrent runs never lose an update. */
export async function updateMetricsFile(file: string, sample: RunSample): Promise<void> {
  const [{ AggregatorRegistry }, { default: lockfile }] = await Promise.all([import('prom-client'), import('proper-lockfile')]);
  const current = await (await sampleRegistry(sample)).getMetricsAsJSON();
  // Said at once (the lock would otherwise retry for a while on a folder that will never appear).
  if (!existsSync(dirname(file))) throw new MetricsFileError({ key: 'metrics.noFolder', folder: showLineBreaks(dirname(file)) });
  // The lock is a folder `<file>.lock` (proper-lockfile), taken over when its holder died (stale after 10 s).
  const release = await lockfile.lock(file, { realpath: false, stale: 10_000, retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 250 } });
  try {
    const previous = readState(file, current);
    const merged = AggregatorRegistry.aggregate([previous, current]);
    writeAtomic(statePath(file), JSON.stringify(await merged.getMetricsAsJSON()) + '\n');
    writeAtomic(file, await merged.metrics());
  } finally {
    await release();
  }
}
