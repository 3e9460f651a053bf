// Where history, logs, resume and unlock look: the host's runbook home (and its sandbox part), plus
// journals left in the per-checkout `.runbook/` folders of earlier versions, so they are still found.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ArgumentContext, CliContext } from './context.js';
import { UserError } from '../engine/errors.js';
import { defaultHome, homeArg, sandboxHome } from '../engine/run/home.js';
import { runDir } from '../engine/run/journal.js';
import type { Problem } from '../engine/run/journal-read.js';
import { isRunId, listRuns, newestFirst, resolveRunId, type RunSummary } from '../engine/run/resume.js';
import { engineText } from '../i18n/engine.js';

/** The home of `play`: --home, else RUNBOOK_HOME, else the host's default (never beside the playbook: one lock per host). */
export function resolveHome(ctx: Pick<CliContext, 'cwd' | 'env'>, flag: string | undefined): string {
  const chosen = flag ?? ctx.env.RUNBOOK_HOME;
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(ctx.cwd, chosen);
  return defaultHome(ctx.env);
}

/** A folder holding `runs/` and `locks/`: a home, or the sandbox part of one. */
export interface RunRoot {
  /** The folder with runs/ and locks/. */
  root: string;
  /** The home it belongs to (what `--home` names). */
  home: string;
  sandbox: boolean;
  /** A `.runbook/` folder of an earlier version, beside a checkout's playbooks. */
  legacy: boolean;
}

/** `.runbook/` folders of earlier versions: in the current folder and its direct subfolders (runbooks/.runbook). */
export function legacyHomes(cwd: string): string[] {
  const homes = [resolve(cwd, '.runbook')];
  try {
    for (const entry of readdirSync(cwd, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') homes.push(resolve(cwd, entry.name, '.runbook'));
    }
  } catch {
    // an unreadable cwd: only ./.runbook
  }
  return homes.filter((home) => existsSync(resolve(home, 'runs')) || existsSync(resolve(home, 'locks')));
}

/** Every folder to read runs and locks from: the home and its sandbox part; with no --home/RUNBOOK_HOME, also old `.runbook/` folders. */
export function runRoots(ctx: Pick<CliContext, 'cwd' | 'env'>, flag: string | undefined): RunRoot[] {
  const home = resolveHome(ctx, flag);
  const roots: RunRoot[] = [
    { root: home, home, sandbox: false, legacy: false },
    { root: sandboxHome(home), home, sandbox: true, legacy: false },
  ];
  if (!flag && !ctx.env.RUNBOOK_HOME) {
    for (const legacy of legacyHomes(ctx.cwd)) if (legacy !== home) roots.push({ root: legacy, home: legacy, sandbox: false, legacy: true });
  }
  return roots;
}

export interface FoundRun {
  root: RunRoot;
  runId: string;
  dir: string;
}

/** Runs of every root, newest first, each with the root it is in. */
export function listAllRuns(roots: readonly RunRoot[], onProblem?: (problem: Problem) => void): (RunSummary & { at: RunRoot })[] {
  return roots.flatMap((at) => listRuns(at.root, onProblem).map((run) => ({ ...run, at }))).sort(newestFirst);
}

/** Finds a run (an id, or `last`: the newest of all) in the roots; a clear error when there is none. */
export function findRun(ctx: ArgumentContext, flag: string | undefined, id: string): FoundRun {
  const roots = runRoots(ctx, flag);
  const t = engineText(ctx.lang);
  if (id === 'last') {
    const newest = listAllRuns(roots)[0];
    if (newest) return { root: newest.at, runId: newest.runId, dir: newest.dir };
  } else if (isRunId(id)) {
    for (const root of roots) {
      const runId = resolveRunId(root.root, id);
      if (runId) return { root, runId, dir: runDir(root.root, runId) };
    }
  }
  const where = roots.filter((r) => !r.sandbox).map((r) => r.root).join(', ');
  throw new UserError(t('resume.noRun', { run: id, home: where }), { hint: t('resume.noRunHint', { home: homeArg(roots[0]!.home, ctx.env) }) });
}

