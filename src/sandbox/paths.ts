// Where things live inside a sandbox directory: the ops host's layout mirrored under the sandbox root.
import { join } from 'node:path';

export const COMPOSE_PROJECT = 'recommend';
/** The uid:gid the containers run as (Airflow's default user), which the manual chowns to. */
export const CONTAINER_OWNER = '50000:50000';
/** The owner a wrong volume has in the `mlflow-volume-owner` and `permission-denied` faults. */
export const WRONG_OWNER = '0:0';
export const DAG_ID = 'recommendation_pipeline';
export const DAG_TASKS = ['extract_data', 'build_features', 'train_models', 'evaluate', 'compute_exposure'] as const;
export const CURRENT_IMAGE_TAG = '1.5.0';
export const PREVIOUS_IMAGE_TAG = '1.4.0';
export const CLIP_FILES = ['config.json', 'modules.json', 'pytorch_model.bin', 'tokenizer.json', 'vocab.json'] as const;

export interface SandboxPaths {
  dir: string;
  bin: string;
  project: string;
  envFile: string;
  composeFile: string;
  models: string;
  modelHistory: string;
  data: string;
  jsonData: string;
  cache: string;
  clipCache: string;
  clipOffline: string;
  volumes: string;
  mlflowVolume: string;
  redisVolume: string;
  postgresVolume: string;
  backups: string;
  /** The host's temporary directory (`TMPDIR` of a sandboxed run), so that `mktemp` leaves nothing outside. */
  tmp: string;
  images: string;
  imageTar: string;
}

export function sandboxPaths(dir: string): SandboxPaths {
  const project = join(dir, 'opt/recommend');
  const volumes = join(dir, 'var/lib/docker/volumes');
  return {
    dir,
    bin: join(dir, 'bin'),
    project,
    envFile: join(project, '.env'),
    composeFile: join(project, 'docker-compose.yml'),
    models: join(project, 'models'),
    modelHistory: join(project, 'models/history'),
    data: join(project, 'data'),
    jsonData: join(project, 'json_data'),
    cache: join(project, 'cache'),
    clipCache: join(project, 'cache/sentence-transformers/clip-ViT-B-32'),
    clipOffline: join(dir, 'opt/offline-bundle/clip-ViT-B-32'),
    volumes,
    mlflowVolume: join(volumes, `${COMPOSE_PROJECT}_mlflow-data/_data`),
    redisVolume: join(volumes, `${COMPOSE_PROJECT}_redis-data/_data`),
    postgresVolume: join(volumes, `${COMPOSE_PROJECT}_postgres-airflow-data/_data`),
    backups: join(dir, 'backups'),
    tmp: join(dir, 'tmp'),
    images: join(dir, 'opt/offline-bundle/images'),
    imageTar: join(dir, `opt/offline-bundle/images/recommendation-api_${PREVIOUS_IMAGE_TAG}.tar`),
  };
}
