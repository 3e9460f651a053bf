// How the simulated services behave: starting containers, loading models, CLIP cache, DAG runs, health.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPathFor, type ServiceConfig } from './compose.js';
import { ownedBy, setOwner, simulatedOwners } from './owners.js';
import { CLIP_FILES, CONTAINER_OWNER, DAG_ID, DAG_TASKS, type SandboxPaths } from './paths.js';
import { loadRdb, saveRdb } from './redis-store.js';
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
    // Without an append-only file, redis starts from dump.rdb alone: none means an empty data set.
    const loaded = loadRdb(paths);
    if (loaded instanceof Error) {
      state.containers.redis!.status = 'exited';
      state.redis = {};
      log(state, 'redis', `# ${loaded.message}`);
    } else state.redis = loaded;
  }
  if (config.name === 'postgres-airflow' && !existsSync(join(paths.postgresVolume, 'PG_VERSION'))) {
    // An empty data directory (a new volume): the entrypoint runs initdb, and every database starts empty.
    mkdirSync(paths.postgresVolume, { recursive: true });
    writeFileSync(join(paths.postgresVolume, 'PG_VERSION'), '15\n');
    state.dagRuns = [];
    state.mlflowRuns = [];
    log(state, config.name, 'LOG:  database system was initialized (initdb): empty databases');
  }
  if (config.name === 'notification-gateway' && !gatewayCredentialsValid(state)) {
    log(state, 'notification-gateway', 'ERROR WeChat Work gettoken failed: errcode=40001 invalid credential');
  }
}

/**
 * Stops a container. `signal: 'TERM'` (stop, down, restart) lets redis save its data set to dump.rdb, as its save points
 * make it do on shutdown; `'KILL'` (compose kill, SHUTDOWN NOSAVE) loses what was not saved.
 */
export function stopContainer(state: SandboxState, paths: SandboxPaths, service: string, signal: 'TERM' | 'KILL' = 'TERM'): void {
  const c = state.containers[service];
  if (!c || c.status !== 'running') return;
  c.status = 'exited';
  log(state, service, signal === 'KILL' ? 'INFO  killed' : 'INFO  stopped');
  if (service === 'redis') {
    if (signal === 'TERM') saveRdb(state, paths);
    state.redis = {};
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

/** Runs one task of a DAG run against the current world (its outputs included); returns its outcome and log lines. */
export function runTask(state: SandboxState, paths: SandboxPaths, task: string, run: Pick<DagRun, 'run_id'>): { status: TaskStatus; log: string[] } {
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
  const output = TASK_OUTPUTS[task];
  if (output) {
    // The task writes its file under data/ as the Airflow user (uid 50000).
    if (!ownedBy(state, simulatedOwners(), paths.data, CONTAINER_OWNER)) {
      return { status: 'failed', log: [`PermissionError: [Errno 13] Permission denied: '/opt/airflow/data/evaluation/${output.file}'`] };
    }
    writeTaskOutput(state, paths, output, run.run_id);
  }
  return { status: 'success', log: [`${task} done`] };
}

interface TaskOutput {
  file: string;
  body: Record<string, unknown>;
}

/** What `evaluate` and `compute_exposure` write (data/evaluation/). */
const TASK_OUTPUTS: Record<string, TaskOutput> = {
  evaluate: { file: 'summary.json', body: { ctr: 0.0412, cvr: 0.0087, exposures: 182340 } },
  compute_exposure: { file: 'exposure_metrics.json', body: { coverage: 0.63, by_algorithm: { primary: 0.81, fallback: 0.19 } } },
};

function writeTaskOutput(state: SandboxState | undefined, paths: SandboxPaths, output: TaskOutput, runId: string, at = isoNow()): void {
  const evaluation = join(paths.data, 'evaluation');
  mkdirSync(evaluation, { recursive: true });
  const file = join(evaluation, output.file);
  const fresh = !existsSync(file);
  writeFileSync(file, JSON.stringify({ run_id: runId, generated_at: at, ...output.body }, null, 2) + '\n');
  if (fresh && state) setOwner(state, simulatedOwners(), file, CONTAINER_OWNER, false);
}

/** Airflow's DAG runs and task states and MLflow's runs are in postgres-airflow: they need it running. */
export function metadataDbUp(state: SandboxState): boolean {
  return running(state, 'postgres-airflow');
}

export const METADATA_DB_DOWN =
  'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "postgres-airflow", port 5432 failed: Connection refused';

/** Finishes queued runs whose simulated duration has passed, running their tasks in order; only a running scheduler does. */
export function advanceDagRuns(state: SandboxState, paths: SandboxPaths, now = Date.now()): void {
  if (!running(state, 'airflow-scheduler') || !metadataDbUp(state)) return;
  for (const run of state.dagRuns) {
    if ((run.state !== 'queued' && run.state !== 'running') || now < run.finishAt) continue;
    let failed = false;
    for (const task of DAG_TASKS) {
      if (failed) {
        run.tasks[task] = 'upstream_failed';
        continue;
      }
      const result = runTask(state, paths, task, run);
      run.tasks[task] = result.status;
      for (const line of result.log) log(state, 'airflow-scheduler', `[${run.run_id}] ${task}: ${line}`);
      failed = result.status === 'failed';
    }
    run.state = failed ? 'failed' : 'success';
    run.end_date = isoNow(now);
  }
}

/** The outputs of a successful run, as its last tasks wrote them (for the layout of a fresh sandbox). */
export function writePipelineOutputs(paths: SandboxPaths, run: Pick<DagRun, 'run_id' | 'end_date'>): void {
  for (const output of Object.values(TASK_OUTPUTS)) writeTaskOutput(undefined, paths, output, run.run_id, run.end_date ?? isoNow());
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
