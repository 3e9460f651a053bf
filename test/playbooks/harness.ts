// Plays a shipped playbook in a fresh sandbox through the engine API, and snapshots the sandbox (state + files).
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compilePlaybook } from '../../src/engine/compile.js';
import type { RunEvent } from '../../src/engine/events.js';
import { loadPlaybookFile } from '../../src/engine/load.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import { runInSandbox } from '../sandbox/run-playbook.js';
import type { RunResult } from '../../src/engine/run/runner.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ownerOf, simulatedOwners } from '../../src/sandbox/owners.js';
import { timings } from '../../src/sandbox/world.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;

// Simulated services start at once in tests: retries with a delay would only cost time.
timings.startupMs = 0;

export interface Played {
  plan: CompiledPlan;
  result: RunResult;
  events: RunEvent[];
}

export async function withSandbox<T>(fault: string | undefined, fn: (sb: Sandbox) => Promise<T>): Promise<T> {
  const sb = await startSandbox({ fault });
  try {
    return await fn(sb);
  } finally {
    await sb.stop();
  }
}

/** Compiles `runbooks/<name>.yaml` for the sandbox and runs it with --yes; nothing is printed. */
export async function play(sb: Sandbox, name: string, params: Record<string, string> = {}): Promise<Played> {
  const loaded = await loadPlaybookFile(join(repoRoot, 'runbooks', `${name}.yaml`));
  const plan = await compilePlaybook(loaded, { params, sandbox: sb.vars, env: {} });
  const { result, events } = await runInSandbox(sb, plan);
  return { plan, result, events };
}

/** Ids of the top-level steps that ended `already_done` (their check passed). */
export function alreadyDone(events: RunEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'step.skipped' && e.status === 'already_done' ? [e.id] : []));
}

/** Ids of the steps whose rollback ran, and whether each succeeded. */
export function rollbacks(events: RunEvent[]): { id: string; ok: boolean }[] {
  return events.flatMap((e) => (e.type === 'rollback.finished' ? [{ id: e.id, ok: e.ok }] : []));
}

/** Why a run ended as it did, for failure messages. */
export function explain(p: Played): string {
  return JSON.stringify({ status: p.result.status, failedStep: p.result.failedStep, reason: p.result.reason }, null, 1);
}

/** Every file and folder under the sandbox (but its shims and state file): owner, and content hash for files. */
export function fileTree(sb: Sandbox): Record<string, string> {
  const state = sb.state();
  const simulate = simulatedOwners();
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(sb.dir, path);
      if (rel === 'bin' || rel.startsWith('state.json')) continue;
      const st = lstatSync(path);
      const owner = ownerOf(state, simulate, path);
      if (st.isDirectory()) {
        out[rel + '/'] = owner;
        walk(path);
      } else {
        out[rel] = `${owner} ${createHash('sha1').update(readFileSync(path)).digest('hex')}`;
      }
    }
  };
  walk(sb.dir);
  return out;
}

/**
 * What a rollback must put back: files and owners, containers and their config, images, data in services.
 * `keeps`: files left on purpose (backups no rollback deletes), left out of the comparison.
 */
export function snapshot(sb: Sandbox, keeps: readonly RegExp[] = []): unknown {
  const s = sb.state();
  return {
    files: Object.fromEntries(Object.entries(fileTree(sb)).filter(([path]) => !keeps.some((k) => k.test(path)))),
    containers: Object.fromEntries(Object.entries(s.containers).map(([n, c]) => [n, { status: c.status, image: c.image, env: c.env, mounts: [...c.mounts].sort() }])),
    images: [...s.images].sort(),
    redis: s.redis,
    mlflowRuns: s.mlflowRuns,
    featuresComplete: s.featuresComplete,
    api: s.api,
    // DAG runs are history, not state: a run triggered by a failed playbook stays, as in Airflow.
    dagRuns: s.dagRuns.filter((r) => !r.run_id.startsWith('manual__')).map((r) => ({ run_id: r.run_id, state: r.state, tasks: r.tasks })),
  };
}

/** The patterns of `keeps` that match no file of the sandbox (each must match one: a backup that is kept). */
export function missingKept(sb: Sandbox, keeps: readonly RegExp[]): string[] {
  const files = Object.keys(fileTree(sb));
  return keeps.filter((k) => !files.some((f) => k.test(f))).map(String);
}
