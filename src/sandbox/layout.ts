// Lays out a fresh sandbox: the compose project, models, data, caches, volumes, an offline bundle, and the healthy state.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from './compose.js';
import { dumpFile, serializeRdb } from './redis-store.js';
import { setOwner, simulatedOwners } from './owners.js';
import { CLIP_FILES, CONTAINER_OWNER, CURRENT_IMAGE_TAG, DAG_TASKS, PREVIOUS_IMAGE_TAG, type SandboxPaths } from './paths.js';
import type { SandboxState, TaskStatus } from './state.js';
import { isoNow, newDagRun, startContainer, writePipelineOutputs } from './world.js';

export const CURRENT_MODEL_VERSION = '20261127T030000';
export const MODEL_HISTORY = { good: ['20261125T030000', '20261126T030000'], corrupt: '20261120T030000' } as const;

/** What the redis of a healthy host holds (in its dump.rdb): the A/B experiment slots and some cached recommendations. */
export const INITIAL_REDIS: Readonly<Record<string, string>> = {
  'exp:slot:homepage': 'B',
  'exp:slot:detail': 'A',
  'rec:cache:u1': '["i42","i7","i13"]',
  'rec:cache:u2': '["i8","i99"]',
};

export function composeYaml(withJsonMount = true): string {
  const airflow = (name: string) => `  ${name}:
    image: recommend/airflow:2.9.3
    env_file: .env
    volumes:
      - ./data:/opt/airflow/data
      - ./models:/opt/airflow/models
${withJsonMount ? '      - ./json_data:/opt/airflow/json_data\n' : ''}`;
  return `# SANDBOX — simulated recommendation stack (runbook --sandbox); never a real deployment.
name: recommend
services:
  recommendation-api:
    image: recommend/recommendation-api:\${API_IMAGE_TAG:-${CURRENT_IMAGE_TAG}}
    env_file: .env
    ports: ["8000:8000"]
    volumes:
      - ./models:/app/models
      - ./cache/sentence-transformers:/opt/recommend/cache/sentence-transformers
${airflow('airflow-webserver')}${airflow('airflow-scheduler')}  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    volumes:
      - mlflow-data:/mlflow
  redis:
    image: redis:7.2
    volumes:
      - redis-data:/data
  notification-gateway:
    image: recommend/notification-gateway:1.2.0
    env_file: .env
  prometheus:
    image: prom/prometheus:v2.54.1
  grafana:
    image: grafana/grafana:11.2.0
  alertmanager:
    image: prom/alertmanager:v0.27.0
  postgres-airflow:
    image: postgres:15
    volumes:
      - postgres-airflow-data:/var/lib/postgresql/data
volumes:
  mlflow-data: {}
  redis-data: {}
  postgres-airflow-data: {}
`;
}

export function dotEnv(secret: string, dataJsonDir = '/opt/airflow/json_data'): string {
  return `# SANDBOX — fake values for the simulated stack
API_IMAGE_TAG=${CURRENT_IMAGE_TAG}
DATA_JSON_DIR=${dataJsonDir}
CLIP_MODEL_PATH=/opt/recommend/cache/sentence-transformers/clip-ViT-B-32
HF_HUB_OFFLINE=1
WEIXIN_CORP_ID=ww-sandbox-corp
WEIXIN_AGENT_ID=1000002
WEIXIN_CORP_SECRET=${secret}
`;
}

function writeModel(dir: string, version: string, corrupt = false): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ranker.pkl'), corrupt ? 'CORRUPT\0\0' : `MODEL ranker version=${version}\n`);
  writeFileSync(join(dir, 'item_embeddings.json'), JSON.stringify({ version, dims: 512, items: 2048 }) + '\n');
  writeFileSync(join(dir, 'model_meta.json'), JSON.stringify({ version, trained_at: version }, null, 2) + '\n');
}

export function clipFileContent(name: string): string {
  return `clip-ViT-B-32/${name}\n`.repeat(name === 'pytorch_model.bin' ? 64 : 4);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function writeClip(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of CLIP_FILES) writeFileSync(join(dir, f), clipFileContent(f));
}

/** Writes every file and directory of a healthy host. */
export function writeLayout(paths: SandboxPaths, secret: string): void {
  for (const d of [paths.bin, paths.backups, paths.tmp, paths.images, paths.redisVolume, paths.postgresVolume, join(paths.project, 'logs'), join(paths.cache, 'huggingface')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(join(paths.dir, 'SANDBOX.txt'), 'This directory is a runbook sandbox: a simulated recommendation stack. Nothing here is real.\n');
  writeFileSync(paths.composeFile, composeYaml());
  writeFileSync(paths.envFile, dotEnv(secret));
  writeModel(paths.models, CURRENT_MODEL_VERSION);
  for (const v of MODEL_HISTORY.good) writeModel(join(paths.modelHistory, v), v);
  writeModel(join(paths.modelHistory, MODEL_HISTORY.corrupt), MODEL_HISTORY.corrupt, true);
  mkdirSync(join(paths.data, '_metadata'), { recursive: true });
  writeFileSync(join(paths.data, '_metadata/extract_metrics.json'), JSON.stringify({ tables: { events: 182340, items: 2048 } }, null, 2) + '\n');
  writeFileSync(join(paths.data, '_metadata/extract_state.json'), JSON.stringify({ watermark: isoNow() }, null, 2) + '\n');
  writePipelineOutputs(paths, { run_id: 'scheduled__initial', end_date: isoNow() });
  mkdirSync(paths.jsonData, { recursive: true });
  writeFileSync(join(paths.jsonData, 'matomo_events.json'), '[{"visitor":"u1","item":"i42","ts":"2026-11-27T02:00:00Z"}]\n');
  writeClip(paths.clipCache);
  writeClip(paths.clipOffline);
  writeFileSync(join(paths.clipOffline, '..', 'clip-ViT-B-32.md5'), CLIP_FILES.map((f) => `${md5(clipFileContent(f))}  ${f}`).join('\n') + '\n');
  for (const run of ['a1b2c3d4e5f6', 'f6e5d4c3b2a1', '0badc0ffee00']) {
    const artifacts = join(paths.mlflowVolume, '1', run, 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'model.pkl'), `MODEL ${run}\n`);
  }
  writeFileSync(join(paths.postgresVolume, 'PG_VERSION'), '15\n');
  // Redis has persisted its data, as a long-running one would have; it loads it when it starts.
  writeFileSync(dumpFile(paths), serializeRdb({ ...INITIAL_REDIS }));
  writeFileSync(paths.imageTar, JSON.stringify({ sandbox: true, repoTags: [`recommend/recommendation-api:${PREVIOUS_IMAGE_TAG}`] }) + '\n');
}

/** The state of a healthy stack: everything running, three successful nightly runs. */
export function initialState(paths: SandboxPaths, secret: string, now = Date.now()): SandboxState {
  const state: SandboxState = {
    version: 1,
    faults: [],
    failOnce: [],
    containers: {},
    images: [],
    dagRuns: [],
    featuresComplete: true,
    redis: {},
    mlflowRuns: [
      { run_id: 'a1b2c3d4e5f6', experiment_id: '1', run_name: 'nightly-2026-11-26', status: 'FINISHED', lifecycle_stage: 'active' },
      { run_id: 'f6e5d4c3b2a1', experiment_id: '1', run_name: 'nightly-2026-11-27', status: 'FINISHED', lifecycle_stage: 'active' },
      { run_id: '0badc0ffee00', experiment_id: '1', run_name: 'debug-broken', status: 'FAILED', lifecycle_stage: 'active' },
    ],
    alerts: [],
    logs: {},
    owners: {},
    api: { loadedVersion: null, loadError: null, clipSource: null },
    weixinValidSecret: secret,
    commands: [],
  };
  const simulate = simulatedOwners();
  for (const p of [paths.models, paths.data, paths.mlflowVolume, paths.cache, paths.jsonData]) setOwner(state, simulate, p, CONTAINER_OWNER, true);
  const project = loadProject(paths, [paths.composeFile]);
  for (const config of project.values()) {
    startContainer(state, paths, config, now - 60_000);
    if (!state.images.includes(config.image)) state.images.push(config.image);
  }
  const day = 86_400_000;
  const midnight = Math.floor(now / day) * day;
  for (let i = 3; i >= 1; i--) {
    const t = midnight - i * day + 3 * 3600_000;
    const date = isoNow(t);
    const run = newDagRun(date, `scheduled__${date}`, {}, t, t);
    run.state = 'success';
    run.end_date = isoNow(t + 40 * 60_000);
    run.tasks = Object.fromEntries(DAG_TASKS.map((task) => [task, 'success' as TaskStatus]));
    state.dagRuns.push(run);
  }
  return state;
}
