// The simulated MLflow server: artifacts proxied to files in its volume (written as uid 50000), runs in its backend store (postgres-airflow).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parseJson, type Handler, type Reply } from './http.js';
import { ownerOf, setOwner, simulatedOwners } from './owners.js';
import { CONTAINER_OWNER, type SandboxPaths } from './paths.js';
import { log, readState, updateState, type SandboxState } from './state.js';
import { METADATA_DB_DOWN, metadataDbUp, ready, running } from './world.js';

const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

const notFound = (what: string): Reply => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `${what} not found` } });

/** The nearest existing directory of a path (what decides whether uid 50000 may create it). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p) && p !== dirname(p)) p = dirname(p);
  return p;
}

/** `/api/2.0/mlflow-artifacts/artifacts/<path>`: the artifacts destination is the volume (mounted at /mlflow). */
function artifacts(paths: SandboxPaths, state: SandboxState, method: string, url: URL, body: string): Reply {
  const rel = decodeURIComponent(url.pathname.slice(ARTIFACTS.length)).replace(/^\/+/, '') || (url.searchParams.get('path') ?? '');
  const file = normalize(join(paths.mlflowVolume, rel));
  if (file !== paths.mlflowVolume && !file.startsWith(paths.mlflowVolume + '/')) return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: `Invalid path: ${rel}` } };
  const simulate = simulatedOwners();
  if (method === 'PUT') {
    // MLflow runs as uid 50000: it creates the file (and its folders) only where it owns the nearest existing folder.
    if (ownerOf(state, simulate, existingAncestor(dirname(file))) !== CONTAINER_OWNER) {
      return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: `PermissionError: [Errno 13] Permission denied: '/mlflow/${rel}'` } };
    }
    return updateState(paths.dir, (s) => {
      const top = existingAncestor(dirname(file));
      mkdirSync(dirname(file), { recursive: true });
      const fresh = !existsSync(file);
      writeFileSync(file, body);
      // Everything it made belongs to it: the new folders below `top`, and the file.
      for (let p = dirname(file); p !== top && p.startsWith(top); p = dirname(p)) setOwner(s, simulate, p, CONTAINER_OWNER, false);
      if (fresh) setOwner(s, simulate, file, CONTAINER_OWNER, false);
      return { status: 200, body: {} };
    });
  }
  if (method === 'DELETE') {
    if (!existsSync(file)) return notFound(`Artifact '${rel}'`);
    rmSync(file, { recursive: true, force: true });
    return { status: 200, body: {} };
  }
  if (method !== 'GET') return { status: 405, body: { error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint for ${method} ${url.pathname}` } };
  if (!existsSync(file)) return notFound(`Artifact '${rel}'`);
  if (statSync(file).isFile()) return { status: 200, body: readFileSync(file, 'utf8'), type: 'application/octet-stream' };
  const files = readdirSync(file).sort().map((name) => {
    const st = statSync(join(file, name));
    return st.isDirectory() ? { path: join(rel, name), is_dir: true } : { path: join(rel, name), is_dir: false, file_size: st.size };
  });
  return { status: 200, body: { files } };
}

/** Runs: in the backend store (postgresql://…@postgres-airflow/mlflow), so they need postgres-airflow. */
function runs(paths: SandboxPaths, state: SandboxState, method: string, url: URL, body: string): Reply {
  const p = url.pathname;
  if (!metadataDbUp(state)) return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: METADATA_DB_DOWN } };
  const info = (r: SandboxState['mlflowRuns'][number]) => ({ info: { ...r, artifact_uri: `mlflow-artifacts:/${r.experiment_id}/${r.run_id}/artifacts` } });
  if (method === 'GET' && p === '/api/2.0/mlflow/runs/get') {
    const run = state.mlflowRuns.find((r) => r.run_id === url.searchParams.get('run_id'));
    return run ? { status: 200, body: { run: info(run) } } : notFound(`Run '${url.searchParams.get('run_id') ?? ''}'`);
  }
  if (method === 'POST' && p === '/api/2.0/mlflow/runs/search') {
    const req = (parseJson(body) ?? {}) as { run_view_type?: string };
    const view = req.run_view_type ?? 'ACTIVE_ONLY';
    const found = state.mlflowRuns.filter((r) => view === 'ALL' || (view === 'DELETED_ONLY' ? r.lifecycle_stage === 'deleted' : r.lifecycle_stage === 'active'));
    return { status: 200, body: { runs: found.map(info) } };
  }
  if (method === 'POST' && (p === '/api/2.0/mlflow/runs/delete' || p === '/api/2.0/mlflow/runs/restore')) {
    const id = ((parseJson(body) ?? {}) as { run_id?: string }).run_id;
    return updateState(paths.dir, (s) => {
      const run = s.mlflowRuns.find((r) => r.run_id === id);
      if (!run) return notFound(`Run '${id ?? ''}'`);
      // A soft delete: the run and its artifacts stay until `mlflow gc`.
      run.lifecycle_stage = p.endsWith('delete') ? 'deleted' : 'active';
      log(s, 'mlflow', `INFO  run ${run.run_id} ${run.lifecycle_stage}`);
      return { status: 200, body: {} };
    });
  }
  return { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint for ${method} ${p}` } };
}

export function mlflowHandler(paths: SandboxPaths): Handler {
  return ({ method, url, body }) => {
    const state = readState(paths.dir);
    if (!running(state, 'mlflow')) return 'drop';
    if (!ready(state, 'mlflow')) return { status: 503, body: { status: 'starting' } };
    if (url.pathname === '/health') return { status: 200, body: 'OK' };
    if (url.pathname === ARTIFACTS || url.pathname.startsWith(ARTIFACTS + '/')) return artifacts(paths, state, method, url, body);
    return runs(paths, state, method, url, body);
  };
}
