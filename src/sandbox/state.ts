// The sandbox's simulated world (containers, DAG runs, redis, MLflow runs, alerts) as one JSON file shared by servers and shims.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ContainerStatus = 'running' | 'exited';

export interface ContainerState {
  status: ContainerStatus;
  /** Epoch ms of the last start; health endpoints answer 503 during the simulated start-up. */
  startedAt: number;
  image: string;
  /** Environment captured when the container was created (from .env), as compose does. */
  env: Record<string, string>;
  /** `host:container` mounts captured at creation. */
  mounts: string[];
}

export type TaskStatus = 'success' | 'failed' | 'running' | 'queued' | 'upstream_failed' | 'none';

export interface DagRun {
  dag_id: string;
  run_id: string;
  logical_date: string;
  state: 'queued' | 'running' | 'success' | 'failed';
  conf: Record<string, unknown>;
  start_date: string;
  end_date: string | null;
  /** Epoch ms after which a queued run is finished on the next read. */
  finishAt: number;
  tasks: Record<string, TaskStatus>;
}

export interface MlflowRun {
  run_id: string;
  experiment_id: string;
  run_name: string;
  status: 'FINISHED' | 'FAILED';
  lifecycle_stage: 'active' | 'deleted';
}

export interface ReceivedAlert {
  at: string;
  source: string;
  title: string;
  text: string;
}

export interface SandboxState {
  version: 1;
  /** Faults given at start (see faults.ts). */
  faults: string[];
  /** Command prefixes (e.g. `docker compose up`) whose next call fails once. */
  failOnce: string[];
  containers: Record<string, ContainerState>;
  images: string[];
  dagRuns: DagRun[];
  /** Whether build_features has produced the image feature columns evaluate needs. */
  featuresComplete: boolean;
  /** The data set of the running redis (empty while it is stopped: it lives in `dump.rdb` then). */
  redis: Record<string, string>;
  /** Unix time of redis's last successful save (LASTSAVE). */
  redisLastSave?: number;
  mlflowRuns: MlflowRun[];
  alerts: ReceivedAlert[];
  /** Per-service log lines, what `docker compose logs` prints. */
  logs: Record<string, string[]>;
  /** Simulated owners (`uid:gid`) by absolute path, used only when not running as root. */
  owners: Record<string, string>;
  /** The inode each simulated owner was given to: a file removed and created again is a new file, with its real owner. */
  ownerInodes?: Record<string, number>;
  /** The recommendation API's loaded model version, or null with the reason. */
  api: { loadedVersion: string | null; loadError: string | null; clipSource: 'local' | 'huggingface' | null };
  /** The WeChat Work secret the simulated WeChat API accepts. */
  weixinValidSecret: string;
  /** Every simulated command, in order (for tests and debugging). */
  commands: string[];
}

export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

export function readState(dir: string): SandboxState {
  return JSON.parse(readFileSync(statePath(dir), 'utf8')) as SandboxState;
}

export function writeState(dir: string, state: SandboxState): void {
  const file = statePath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Reads the state, lets `fn` change it, writes it back; all in one synchronous turn, so nothing interleaves. */
export function updateState<T>(dir: string, fn: (state: SandboxState) => T): T {
  const state = readState(dir);
  const result = fn(state);
  writeState(dir, state);
  return result;
}

export function log(state: SandboxState, service: string, line: string): void {
  const lines = (state.logs[service] ??= []);
  lines.push(`${service}  | ${new Date().toISOString()} ${line}`);
  if (lines.length > 200) lines.splice(0, lines.length - 200);
}
