// How the simulated services behave: starting containers, loading models, CLIP cache, DAG runs, health.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPathFor, type ServiceConfig } from './compose.js';
import { ownedBy, simulatedOwners } from './owners.js';
import { CLIP_FILES, CONTAINER_OWNER, DAG_ID, DAG_TASKS, type SandboxPaths } from './paths.js';
import { log, type DagRun, type SandboxState, type TaskStatus } from './state.js';

/** Simulated timings, shortened for tests with RUNBOOK_SANDBOX_* variables. */
export const timings = {
  startupMs: Number(process.env.RUNBOOK_SANDBOX_STARTUP_MS ?? 150),
  dagRunMs: Number(process.env.RUNBOOK_SANDBOX_DAG_MS ?? 0),
};

export function isoNow(now = Date.now()): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function running(state: SandboxState, service: string): boolean {
  return state.containers[service]?.status === 'running';
}

/** Running and past its simulated start-up. */
export function ready(state: SandboxState, service: string, now = Date.now()): boolean {
  const c = state.containers[service];
  return c?.status === 'running' && now - c.startedAt >= timings.startupMs;
}

/** Loads the models the way recommendation-api does at start-up and on /reload/primary. */
export function loadModels(state: SandboxState, paths: SandboxPaths): void {
  try {
    const meta = JSON.parse(readFileSync(join(paths.models, 'model_meta.json'), 'utf8')) as { version?: string };
    const pkl = readFileSync(join(paths.models, 'ranker.pkl'), 'utf8');
    if (!pkl.startsWith('MODEL')) throw new Error("_pickle.UnpicklingError: invalid load key, 'C'.");
    if (!meta.version) throw new Error('model_meta.json has no version');
    state.api = { ...state.api, loadedVersion: meta.version, loadError: null };
    log(state, 'recommendation-api', `INFO  primary model loaded: version=${meta.version}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    state.api = { ...state.api, loadedVersion: null, loadError: reason };
    log(state, 'recommendation-api', `ERROR failed to load primary model: ${reason}`);
  }
}

/** True when the CLIP cache holds every model file and the container user may read and write it. */
export function clipCacheComplete(state: SandboxState, dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const f of CLIP_FILES) {
    const p = join(dir, f);
    if (!existsSync(p) || statSync(p).size === 0) return false;
  }
  return ownedBy(state, simulatedOwners(), dir, CONTAINER_OWNER);
}

function loadClip(state: SandboxState, config: ServiceConfig): void {
  const modelPath = config.env.CLIP_MODEL_PATH ?? '';
  const host = hostPathFor(config.mounts, modelPath);
  if (config.env.HF_HUB_OFFLINE === '1' && host && clipCacheComplete(state, host)) {
    state.api.clipSource = 'local';
    log(state, 'recommendation-api', `INFO  CLIP model loaded from ${modelPath}`);
  } else {
    state.api.clipSource = 'huggingface';
    log(state, 'recommendation-api', `WARN  CLIP model not usable at ${modelPath || '(CLIP_MODEL_PATH unset)'}; downloading clip-ViT-B-32 from https://huggingface.co`);
  }
}

/** (Re)creates or restarts a container with a configuration, as `up -d` / `restart` do. */
export function startContainer(state: SandboxState, paths: SandboxPaths, config: ServiceConfig, now = Date.now()): void {
  state.containers[config.name] = { status: 'running', startedAt: now, image: config.image, env: config.env, mounts: config.mounts };
  log(state, config.name, `INFO  started (image ${config.image})`);
  if (config.name === 'recommendation-api') {
    log(state, config.name, 'INFO:     Started server process [1]');
    loadModels(state, paths);
    loadClip(state, config);
    log(state, config.name, 'INFO:     Application startup complete.');
  }
  if (config.name === 'redis') {
    const dump = join(paths.redisVolume, 'dump.rdb');
    if (existsSync(dump)) state.redis = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
  }
  if (config.name === 'notification-gateway' && !gatewayCredentialsValid(state)) {
    log(state, 'notification-gateway', 'ERROR WeChat Work gettoken failed: errcode=40001 invalid credential');
  }
}

export function stopContainer(state: SandboxState, paths: SandboxPaths, service: string): void {
  const c = state.containers[service];
  if (!c || c.status !== 'running') return;
  c.status = 'exited';
  log(state, service, 'INFO  stopped');
  if (service === 'redis') {
    mkdirSync(paths.redisVolume, { recursive: true });
    writeFileSync(join(paths.redisVolume, 'dump.rdb'), JSON.stringify(state.redis));
  }
  if (service === 'recommendation-api') state.api = { loadedVersion: null, loadError: 'not running', clipSource: null };
}

export function gatewayCredentialsValid(state: SandboxState): boolean {
  return state.containers['notification-gateway']?.env.WEIXIN_CORP_SECRET === state.weixinValidSecret;
}

export function apiHealthy(state: SandboxState, now = Date.now()): boolean {
  return ready(state, 'recommendation-api', now) && state.api.loadedVersion !== null;
}

/** Prometheus scrape jobs and whether each target is up. */
export function scrapeTargets(state: SandboxState, now = Date.now()): { job: string; service: string; up: boolean }[] {
  const jobs: [string, string, boolean][] = [
    ['recommendation-api', 'recommendation-api', apiHealthy(state, now)],
    ['notification-gateway', 'notification-gateway', ready(state, 'notification-gateway', now)],
    ['mlflow', 'mlflow', ready(state, 'mlflow', now)],
    ['redis', 'redis', running(state, 'redis')],
    ['airflow', 'airflow-webserver', running(state, 'airflow-webserver')],
    ['alertmanager', 'alertmanager', running(state, 'alertmanager')],
  ];
  return jobs.map(([job, service, up]) => ({ job, service, up }));
}

// ---- Airflow -------------------------------------------------------------------------------

/** Runs one task of a DAG run against the current world; returns its outcome and log lines. */
export function runTask(state: SandboxState, paths: SandboxPaths, task: string): { status: TaskStatus; log: string[] } {
  const scheduler = state.containers['airflow-scheduler'] ?? state.containers['airflow-webserver'];
  if (task === 'extract_data') {
    const dir = scheduler?.env.DATA_JSON_DIR ?? '';
    const host = scheduler ? hostPathFor(scheduler.mounts, dir) : undefined;
    if (!host || !existsSync(host)) {
      return { status: 'failed', log: [`FileNotFoundError: JSON data directory not found: ${dir || '(DATA_JSON_DIR unset)'}`] };
    }
    return { status: 'success', log: [`extracted behaviour data from ${dir}`] };
  }
  if (task === 'build_features') {
    state.featuresComplete = true;
    return { status: 'success', log: ['built 128 text features and 512 image features'] };
  }
  if (task === 'train_models' && !ownedBy(state, simulatedOwners(), paths.models, CONTAINER_OWNER)) {
    return { status: 'failed', log: ["PermissionError: [Errno 13] Permission denied: '/opt/airflow/models/ranker.pkl'"] };
  }
  if (task === 'evaluate' && !state.featuresComplete) {
    return { status: 'failed', log: ['ValueError: The feature names should match those that were passed during fit. Feature names missing: image_emb_0, image_emb_1, ...'] };
  }
  return { status: 'success', log: [`${task} done`] };
}

/** Finishes queued runs whose simulated duration has passed, running their tasks in order. */
export function advanceDagRuns(state: SandboxState, paths: SandboxPaths, now = Date.now()): void {
  for (const run of state.dagRuns) {
    if ((run.state !== 'queued' && run.state !== 'running') || now < run.finishAt) continue;
    let failed = false;
    for (const task of DAG_TASKS) {
      if (failed) {
        run.tasks[task] = 'upstream_failed';
        continue;
      }
      const result = runTask(state, paths, task);
      run.tasks[task] = result.status;
      for (const line of result.log) log(state, 'airflow-scheduler', `[${run.run_id}] ${task}: ${line}`);
      failed = result.status === 'failed';
    }
    run.state = failed ? 'failed' : 'success';
    run.end_date = isoNow(now);
    if (!failed) writePipelineOutputs(paths, run);
  }
}

export function writePipelineOutputs(paths: SandboxPaths, run: Pick<DagRun, 'run_id' | 'end_date'>): void {
  const evaluation = join(paths.data, 'evaluation');
  mkdirSync(evaluation, { recursive: true });
  const at = run.end_date ?? isoNow();
  writeFileSync(join(evaluation, 'summary.json'), JSON.stringify({ run_id: run.run_id, generated_at: at, ctr: 0.0412, cvr: 0.0087, exposures: 182340 }, null, 2) + '\n');
  writeFileSync(join(evaluation, 'exposure_metrics.json'), JSON.stringify({ run_id: run.run_id, generated_at: at, coverage: 0.63, by_algorithm: { primary: 0.81, fallback: 0.19 } }, null, 2) + '\n');
}

export function newDagRun(logicalDate: string, runId: string, conf: Record<string, unknown>, now: number, finishAt: number): DagRun {
  return {
    dag_id: DAG_ID,
    run_id: runId,
    logical_date: logicalDate,
    state: 'queued',
    conf,
    start_date: isoNow(now),
    end_date: null,
    finishAt,
    tasks: Object.fromEntries(DAG_TASKS.map((t) => [t, 'none' as TaskStatus])),
  };
}

/** Finds a run by its logical date, accepting any ISO spelling of the same instant. */
export function findRun(state: SandboxState, date: string): DagRun | undefined {
  const t = Date.parse(date);
  return state.dagRuns.find((r) => r.logical_date === date || r.run_id === date || (!Number.isNaN(t) && Date.parse(r.logical_date) === t));
}
