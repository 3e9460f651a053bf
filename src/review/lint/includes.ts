// Following `playbook:` includes for lint: the include steps of a playbook, and which included files sit behind a confirm gate.
import { dirname, isAbsolute, join } from 'node:path';
import type { LoadedPlaybook } from '../../engine/loaded.js';
import { confirmBefore, playbookSites } from './sites.js';
import type { IncludedFrom } from './types.js';

/** One `playbook:` step: the file it includes (as a path to show) and where the step's `path` is written. */
export interface IncludeStep {
  /** The included file, relative to where the including file's path is relative to (or absolute). */
  file: string;
  from: IncludedFrom;
  /** A `confirm` step comes before the include step in the same list. */
  gated: boolean;
}

/** The include steps of a playbook whose path is known without parameters (a templated path is skipped). */
export function includeSteps(loaded: LoadedPlaybook): IncludeStep[] {
  const sites = playbookSites(loaded);
  const out: IncludeStep[] = [];
  for (const site of sites.steps) {
    const path = site.step.playbook?.path;
    if (path === undefined || path.includes('{{')) continue;
    const pos = loaded.locate([...site.path, 'playbook', 'path']);
    out.push({
      file: isAbsolute(path) ? path : join(dirname(loaded.file), path),
      from: { file: loaded.file, line: pos?.line ?? 1, col: pos?.col ?? 1 },
      gated: confirmBefore(sites.steps, site),
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
 * Which followed files are gated: every include of them is behind a confirm step, or sits in a file
 * that is itself gated. Files linted in their own right (`own`) are never gated. Cycles are handled as
 * a greatest fixed point: a ring of files only reachable through a gate stays gated.
 */
export function gatedFiles(incoming: ReadonlyMap<string, readonly IncomingInclude[]>, own: ReadonlySet<string>): Set<string> {
  const gated = new Set([...incoming.keys()].filter((k) => !own.has(k) && (incoming.get(k)?.length ?? 0) > 0));
  let changed = true;
  while (changed) {
    changed = false;
    for (const key of [...gated]) {
      if ((incoming.get(key) ?? []).some((e) => !e.step.gated && !gated.has(e.fromKey))) {
        gated.delete(key);
        changed = true;
      }
    }
  }
  return gated;
}

/** The include to name in a note: the first one not behind a gate (it is why a finding stands), else the first. */
export function noteFor(edges: readonly IncomingInclude[], gated: ReadonlySet<string>): IncludedFrom | undefined {
  const open = edges.find((e) => !e.step.gated && !gated.has(e.fromKey));
  return (open ?? edges[0])?.step.from;
}
