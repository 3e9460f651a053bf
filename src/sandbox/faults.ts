// Fault injection: puts a fresh sandbox into the failure states of the manual's troubleshooting table.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from './compose.js';
import { composeYaml } from './layout.js';
import { setOwner, simulatedOwners } from './owners.js';
import { WRONG_OWNER, type SandboxPaths } from './paths.js';
import { log, readState, updateState, type SandboxState } from './state.js';
import type { Handler } from './http.js';
import { running, startContainer, stopContainer } from './world.js';

export interface FaultInfo {
  name: string;
  description: string;
}

/** The named faults; `fail-once:<command prefix>` and `service-down:<service>` are accepted too. */
export const SANDBOX_FAULTS: FaultInfo[] = [
  { name: 'mlflow-volume-owner', description: 'the MLflow volume is owned by root, so artifact writes fail with Permission denied' },
  { name: 'permission-denied', description: 'models/ and data/ are owned by root, so train_models cannot write models' },
  { name: 'data-dir-missing', description: 'DATA_JSON_DIR is not mounted into the Airflow containers (JSON data directory not found)' },
  { name: 'clip-cache-missing', description: 'the CLIP cache directory is gone, so the API downloads clip-ViT-B-32 from Hugging Face' },
  { name: 'clip-bundle-corrupt', description: 'the offline CLIP bundle has a truncated file (its MD5 does not match), so copying it cannot fix the cache' },
  { name: 'api-unhealthy', description: 'the current model file is corrupt: /health reports models_loaded=false' },
  { name: 'task-fails', description: 'image features are missing, so the evaluate task fails (feature names missing); the latest DAG run failed' },
  { name: 'task-interrupted', description: 'train_models of the latest DAG run was killed (exit -9), its downstream tasks did not run; a rerun works' },
  { name: 'weixin-credentials-invalid', description: 'the WeChat Work secret in .env has expired, so the notification-gateway is unhealthy and drops alerts' },
  { name: 'compose-up-fails', description: 'the next `docker compose up` fails once (to exercise rollback)' },
  { name: 'reload-fails', description: 'the next POST /reload/primary fails once with 500 (to exercise rollback)' },
];

export function isKnownFault(name: string): boolean {
  return SANDBOX_FAULTS.some((f) => f.name === name) || /^fail-once:.+/.test(name) || /^service-down:[a-z-]+$/.test(name);
}

function recreate(state: SandboxState, paths: SandboxPaths, services: string[]): void {
  const project = loadProject(paths, [paths.composeFile]);
  for (const s of services) {
    const config = project.get(s);
    if (config) startContainer(state, paths, config, Date.now() - 60_000);
  }
}

export function applyFault(state: SandboxState, paths: SandboxPaths, fault: string): void {
  const simulate = simulatedOwners();
  state.faults.push(fault);
  switch (fault) {
    case 'mlflow-volume-owner':
      setOwner(state, simulate, paths.mlflowVolume, WRONG_OWNER, true);
      log(state, 'mlflow', "ERROR PermissionError: [Errno 13] Permission denied: '/mlflow/artifacts'");
      return;
    case 'permission-denied':
      setOwner(state, simulate, paths.models, WRONG_OWNER, true);
      setOwner(state, simulate, paths.data, WRONG_OWNER, true);
      return;
    case 'data-dir-missing':
      writeFileSync(paths.composeFile, composeYaml(false));
      writeFileSync(paths.envFile, readFileSync(paths.envFile, 'utf8').replace(/^DATA_JSON_DIR=.*$/m, 'DATA_JSON_DIR=/opt/airflow/data/json'));
      recreate(state, paths, ['airflow-webserver', 'airflow-scheduler']);
      return;
    case 'clip-cache-missing':
      rmSync(paths.clipCache, { recursive: true, force: true });
      recreate(state, paths, ['recommendation-api']);
      return;
    case 'clip-bundle-corrupt': {
      const file = join(paths.clipOffline, 'pytorch_model.bin');
      writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
      return;
    }
    case 'api-unhealthy':
      writeFileSync(join(paths.models, 'ranker.pkl'), 'CORRUPT\0\0');
      recreate(state, paths, ['recommendation-api']);
      return;
    case 'task-fails': {
      state.featuresComplete = false;
      const latest = state.dagRuns[state.dagRuns.length - 1];
      if (latest) {
        latest.state = 'failed';
        latest.tasks.evaluate = 'failed';
        latest.tasks.compute_exposure = 'upstream_failed';
        log(state, 'airflow-scheduler', `[${latest.run_id}] evaluate: ValueError: Feature names missing: image_emb_0, image_emb_1, ...`);
      }
      return;
    }
    case 'task-interrupted': {
      const latest = state.dagRuns[state.dagRuns.length - 1];
      if (latest) {
        latest.state = 'failed';
        latest.tasks.train_models = 'failed';
        latest.tasks.evaluate = 'upstream_failed';
        latest.tasks.compute_exposure = 'upstream_failed';
        log(state, 'airflow-scheduler', `[${latest.run_id}] train_models: Task exited with return code Negsignal.SIGKILL`);
      }
      return;
    }
    case 'weixin-credentials-invalid': {
      const text = readFileSync(paths.envFile, 'utf8').replace(/^WEIXIN_CORP_SECRET=.*$/m, 'WEIXIN_CORP_SECRET=expired-2025-secret');
      writeFileSync(paths.envFile, text);
      recreate(state, paths, ['notification-gateway']);
      return;
    }
    case 'compose-up-fails':
      state.failOnce.push('docker compose up');
      return;
    case 'reload-fails':
      state.failOnce.push('POST /reload/primary');
      return;
    default:
      if (fault.startsWith('fail-once:')) state.failOnce.push(fault.slice('fail-once:'.length));
      else if (fault.startsWith('service-down:')) stopContainer(state, paths, fault.slice('service-down:'.length));
      else throw new Error(`unknown sandbox fault: ${fault}`);
  }
}

// Whether a command line (`docker compose up -d`, `POST /reload/primary`) starts with the words of a fail-once prefix.
// `*` in the prefix stands for any characters inside one word: `chown 0:0 */data` matches `chown 0:0 /tmp/sbx/opt/data`.
export function matchesPrefix(prefix: string, command: string): boolean {
  const pattern = prefix.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^ ]*');
  return new RegExp(`^${pattern}(?: |$)`).test(command);
}

/** Consumes a one-shot failure matching `command`, if any. */
export function takeFailOnce(state: SandboxState, command: string): boolean {
  const i = state.failOnce.findIndex((prefix) => matchesPrefix(prefix, command));
  if (i < 0) return false;
  state.failOnce.splice(i, 1);
  return true;
}

/** HTTP methods: a fail-once prefix starting with one is a request to a simulated service (`POST /api/2.0/mlflow/runs/restore`). */
const HTTP_METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE)$/;

/**
 * The tools that fail-once faults name and the sandbox does not simulate (`cp`, `mv`, `rm`, `chown` as root, ...):
 * they get a shim that fails the matching call and runs the real tool otherwise.
 */
export function passThroughTools(state: SandboxState, simulated: readonly string[]): string[] {
  const tools = state.failOnce.map((prefix) => prefix.split(' ')[0] ?? '').filter((t) => /^[A-Za-z0-9._+-]+$/.test(t) && !HTTP_METHOD.test(t));
  return [...new Set(tools)].filter((t) => !simulated.includes(t));
}

/**
 * Wraps the handler of a simulated service: a `fail-once:<METHOD> <path>` fault (`reload-fails` is
 * `fail-once:POST /reload/primary`) makes the next matching request to the running service answer 500, once.
 */
export function withHttpFaults(dir: string, service: string, handler: Handler): Handler {
  return (req) => {
    const line = `${req.method} ${req.url.pathname}`;
    const armed = (s: SandboxState) => running(s, service) && s.failOnce.some((p) => matchesPrefix(p, line));
    // Read first: most requests match nothing and need not rewrite the state.
    const failed = armed(readState(dir)) && updateState(dir, (s) => armed(s) && takeFailOnce(s, line));
    if (failed) return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: `simulated failure of \`${line}\` (runbook sandbox fault)` } };
    return handler(req);
  };
}
