// Following `playbook:` includes for lint: the include steps of a playbook, and what the including playbooks give an included one (a confirm gate, a compose up in finally).
import { dirname, isAbsolute, join } from 'node:path';
import type { LoadedPlaybook } from '../../engine/loaded.js';
import { composeUpInFinally } from './rules/compose-down-without-up.js';
import { confirmBefore, playbookSites } from './sites.js';
import type { IncludeContext, IncludedFrom } from './types.js';

/** One `playbook:` step: the file it includes (as a path to show) and where the step's `path` is written. */
export interface IncludeStep {
  /** The included file, relative to where the including file's path is relative to (or absolute). */
  file: string;
  from: IncludedFrom;
  /** A `confirm` step comes before the include step in the same list. */
  gated: boolean;
  /** The including playbook runs `docker compose up` in `finally` (after the include, whatever happens). */
  upInFinally: boolean;
}

/** The include steps of a playbook whose path is known without parameters (a templated path is skipped). */
export function includeSteps(loaded: LoadedPlaybook): IncludeStep[] {
  const sites = playbookSites(loaded);
  const upInFinally = composeUpInFinally(sites);
  const out: IncludeStep[] = [];
  for (const site of sites.steps) {
    const path = site.step.playbook?.path;
    if (path === undefined || path.includes('{{')) continue;
    const pos = loaded.locate([...site.path, 'playbook', 'path']);
    out.push({
      file: isAbsolute(path) ? path : join(dirname(loaded.file), path),
      from: { file: loaded.file, line: pos?.line ?? 1, col: pos?.col ?? 1 },
      gated: confirmBefore(sites.steps, site),
      upInFinally,
    });
  }
  return out;
}

/** An include of a followed file: by which file (its key) and which step. */
export interface IncomingInclude {
  fromKey: string;
  step: IncludeStep;
}

/**
 * Which followed files have a property through every way in: each include of them has it (`holds`), or
 * sits in a file that has it. Files linted in their own right (`own`) never have it. Cycles are handled
 * as a greatest fixed point: a ring of files only reachable through includes that have it keeps it.
 */
function inherited(
  incoming: ReadonlyMap<string, readonly IncomingInclude[]>,
  own: ReadonlySet<string>,
  holds: (step: IncludeStep) => boolean,
): Set<string> {
  const have = new Set([...incoming.keys()].filter((k) => !own.has(k) && (incoming.get(k)?.length ?? 0) > 0));
  let changed = true;
  while (changed) {
    changed = false;
    for (const key of [...have]) {
      if ((incoming.get(key) ?? []).some((e) => !holds(e.step) && !have.has(e.fromKey))) {
        have.delete(key);
        changed = true;
      }
    }
  }
  return have;
}

/** What the including playbooks give each followed file (see IncludeContext), by file key. */
export function includeContexts(incoming: ReadonlyMap<string, readonly IncomingInclude[]>, own: ReadonlySet<string>): (key: string) => IncludeContext {
  const gated = inherited(incoming, own, (s) => s.gated);
  const up = inherited(incoming, own, (s) => s.upInFinally);
  return (key) => ({ gated: gated.has(key), upInFinally: up.has(key) });
}

/** The include to name in a note: the first one not behind a gate (a destructive finding stands because of it), else the first. */
export function noteFor(edges: readonly IncomingInclude[], context: (key: string) => IncludeContext): IncludedFrom | undefined {
  const open = edges.find((e) => !e.step.gated && !context(e.fromKey).gated);
  return (open ?? edges[0])?.step.from;
}
