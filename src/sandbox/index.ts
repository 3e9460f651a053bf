// The embedded sandbox: a simulated recommendation stack (files, HTTP services, CLI shims) in a temporary directory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../engine/errors.js';
import { didYouMean } from '../engine/suggest.js';
import { detectLang, type Lang } from '../i18n/index.js';
import { sandboxText } from '../i18n/sandbox.js';
import { runTool, OWNER_TOOLS, SHIMMED_TOOLS, type ToolRequest } from './cli/index.js';
import { applyFault, isKnownFault, passThroughTools, SANDBOX_FAULTS, withHttpFaults } from './faults.js';
import { close, listen, parseJson, type Handler, type Listening } from './http.js';
import { initialState, writeLayout } from './layout.js';
import { simulatedOwners } from './owners.js';
import { CONTAINER_OWNER, sandboxPaths, type SandboxPaths } from './paths.js';
import { alertmanagerHandler, apiHandler, gatewayHandler, prometheusHandler } from './services.js';
import { mlflowHandler } from './mlflow-service.js';
import { HTTP_TOOLS, REFUSED_TOOLS, writeGuards } from './guards.js';
import { reapMarked, SANDBOX_MARKER } from './reap.js';
import { writePassThroughs, writeShims } from './shims.js';
import { readState, writeState, type SandboxState } from './state.js';
import { writeDescriptor } from './attach.js';

export { SANDBOX_FAULTS } from './faults.js';
export type { SandboxState } from './state.js';

export interface Sandbox {
  /** The sandbox's root directory (a temporary directory). */
  dir: string;
  /** Values for `{{sandbox.*}}` in playbooks (and `sandbox.params` of a playbook). */
  vars: Record<string, string>;
  /** Environment for every command of a sandboxed run: PATH starts with the sandbox's shims. */
  env: Record<string, string>;
  /** The faults in effect. */
  faults: string[];
  /** Reads the simulated state (for tests and reports). */
  state(): SandboxState;
  /**
   * Stops every process the run left behind (they carry the sandbox's marker in their environment), closes the
   * servers and removes the directory (kept when RUNBOOK_SANDBOX_KEEP=1).
   */
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Fault(s) to inject, comma-separated (see SANDBOX_FAULTS). */
  fault?: string;
  /** Parent directory of the sandbox (default: the OS temporary directory). */
  root?: string;
  /** Language of error messages (default: from the environment). */
  lang?: Lang;
}

/** Splits `a,b` and checks every name; an unknown one is a UserError with a suggestion. */
export function parseFaults(fault: string | undefined, lang: Lang = detectLang()): string[] {
  const t = sandboxText(lang);
  const faults = (fault ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) {
    if (!isKnownFault(f)) {
      const names = SANDBOX_FAULTS.map((x) => x.name);
      const guess = didYouMean(f, names);
      throw new UserError(guess ? t('fault.didYouMean', { fault: f, guess }) : t('fault.unknown', { fault: f }), {
        hint: t('fault.hint', { faults: names.join(', ') }),
      });
    }
  }
  return faults;
}

/** The values of `{{sandbox.*}}`: where things are, the services' URLs, the mode. */
function sandboxVars(paths: SandboxPaths, urls: Record<string, string>, secret: string, faults: string[]): Record<string, string> {
  return {
    sandbox: 'true',
    dir: paths.dir,
    bin_dir: paths.bin,
    project_dir: paths.project,
    compose_file: paths.composeFile,
    env_file: paths.envFile,
    ...urls,
    volume_dir: paths.mlflowVolume,
    mlflow_volume_dir: paths.mlflowVolume,
    redis_volume_dir: paths.redisVolume,
    postgres_volume_dir: paths.postgresVolume,
    models_dir: paths.models,
    model_history_dir: paths.modelHistory,
    data_dir: paths.data,
    json_data_dir: paths.jsonData,
    cache_dir: paths.cache,
    clip_cache_dir: paths.clipCache,
    clip_bundle_dir: paths.clipOffline,
    clip_md5_file: join(paths.clipOffline, '..', 'clip-ViT-B-32.md5'),
    backup_dir: paths.backups,
    image_tar: paths.imageTar,
    weixin_secret: secret,
    owner: CONTAINER_OWNER,
    owners_simulated: String(simulatedOwners()),
    faults: faults.join(','),
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const faults = parseFaults(options.fault, options.lang);
  const dir = mkdtempSync(join(options.root ?? tmpdir(), 'runbook-sandbox-'));
  const servers: Listening[] = [];
  try {
    const paths = sandboxPaths(dir);
    const secret = `sbx-${randomBytes(12).toString('hex')}`;
    writeLayout(paths, secret);
    const state = initialState(paths, secret);
    for (const f of faults) applyFault(state, paths, f);
    writeState(dir, state);

    const token = randomBytes(16).toString('hex');
    const control = await listen(({ method, url, body, headers }) => {
      if (method !== 'POST' || url.pathname !== '/tool') return { status: 404, body: 'not found' };
      if (headers['x-sandbox-token'] !== token) return { status: 403, body: 'forbidden' };
      const req = parseJson(body) as ToolRequest | undefined;
      if (!req || !Array.isArray(req.argv)) return { status: 400, body: 'bad request' };
      return { status: 200, body: runTool(paths, req) };
    });
    servers.push(control);
    const service = (name: string, handler: Handler) => listen(withHttpFaults(dir, name, handler));
    const api = await service('recommendation-api', apiHandler(paths));
    const mlflow = await service('mlflow', mlflowHandler(paths));
    const gateway = await service('notification-gateway', gatewayHandler(paths));
    const prometheus = await service('prometheus', prometheusHandler(paths));
    const alertmanager = await service('alertmanager', alertmanagerHandler(paths, () => gateway.url));
    servers.push(api, mlflow, gateway, prometheus, alertmanager);
    const port = Number(new URL(control.url).port);
    const simulated = [...SHIMMED_TOOLS, ...(simulatedOwners() ? OWNER_TOOLS : [])];
    const t = sandboxText(options.lang ?? detectLang());
    const words = { notRunning: t('shim.notRunning') };
    writeShims(paths.bin, simulated, port, token, words);
    writeGuards({
      bin: paths.bin,
      ports: [api, mlflow, gateway, prometheus, alertmanager].map((s) => Number(new URL(s.url).port)),
      message: (tool) => t('tool.refused', { tool }),
    });
    // Real tools a fail-once fault names (`fail-once:cp -p`) pass through a shim that can fail that one call.
    writePassThroughs(paths.bin, passThroughTools(state, [...simulated, 'sudo', ...REFUSED_TOOLS, ...HTTP_TOOLS]), port, token, words);
    const marker = randomBytes(12).toString('hex');

    const urls = { api_url: api.url, mlflow_url: mlflow.url, gateway_url: gateway.url, prometheus_url: prometheus.url, alertmanager_url: alertmanager.url };
    const vars = sandboxVars(paths, urls, secret, faults);
    const env: Record<string, string> = {
      PATH: `${paths.bin}${delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`,
      RUNBOOK_SANDBOX: '1',
      RUNBOOK_SANDBOX_DIR: dir,
      TMPDIR: paths.tmp,
      [SANDBOX_MARKER]: marker,
    };
    // For `play --sandbox --sandbox-attach <dir>` (runbook serve keeps one sandbox up for all its runs).
    writeDescriptor(dir, { vars, env, faults });
    let stopped = false;
    return {
      dir,
      vars,
      env,
      faults,
      state: () => readState(dir),
      async stop() {
        if (stopped) return;
        stopped = true;
        // Background processes of steps (`sleep 77 &`) first: they may still be talking to the servers.
        await reapMarked(marker);
        await Promise.all(servers.map((s) => close(s.server)));
        if (process.env.RUNBOOK_SANDBOX_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(servers.map((s) => close(s.server)));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
