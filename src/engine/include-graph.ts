// The graph of `playbook:` includes, read before anything is compiled: cycles, nesting depth, and how many steps it brings in.
//
// `validate`, `lint` and the compiler (`plan`, `play`, `review`) all ask this one function, so they agree.
// Each file is read once, and the number of steps an include brings in is summed over the graph (not by
// expanding it), so a fan-out of 8 files × 10 includes each is refused in milliseconds instead of being
// compiled 10^8 times.
import { dirname, resolve } from 'node:path';
import type { Diagnostic, SourceLocation } from './errors.js';
import type { YamlPath } from './loaded.js';
import type { Lang } from './text.js';
import { compileText } from '../i18n/compile.js';

/** Playbooks nested at most this deep, the including one counted (a → b → … → h). */
export const MAX_INCLUDE_DEPTH = 8;
/** Steps all includes of a playbook may bring in, counting every time a file is included. */
export const MAX_INCLUDED_STEPS = 10_000;

/** Reads the data of an included playbook (absolute path); undefined when it cannot be read (reported elsewhere). */
export type ReadInclude = (absolutePath: string) => Promise<unknown>;

interface IncludeEdge {
  /** Where the include stands in its file (`steps`, i, `playbook`, `path`). */
  at: YamlPath;
  target: string;
}

interface FileInfo {
  /** Steps and finally steps of the file itself. */
  own: number;
  edges: IncludeEdge[];
}

interface Summary {
  /** Steps of the file and of everything it includes, every inclusion counted (capped: only "too many" matters). */
  steps: number;
  /** Files in the longest chain of includes starting at this one (itself counted). */
  depth: number;
  /** The chain of files back to one already on the way here, when there is a cycle below. */
  cycle?: string[];
}

/** The include steps (path known without rendering) and the step count of playbook data, read defensively. */
function describe(data: unknown, absolutePath: string): FileInfo {
  const pb = (data ?? {}) as { steps?: unknown; finally?: unknown };
  const info: FileInfo = { own: 0, edges: [] };
  for (const list of ['steps', 'finally'] as const) {
    const steps = pb[list];
    if (!Array.isArray(steps)) continue;
    info.own += steps.length;
    steps.forEach((step: unknown, i) => {
      const path = (step as { playbook?: { path?: unknown } } | null)?.playbook?.path;
      if (typeof path !== 'string' || path.includes('{{')) return;
      info.edges.push({ at: [list, i, 'playbook', 'path'], target: resolve(dirname(absolutePath), path) });
    });
  }
  return info;
}

/** True when playbook data has an include step: only those need the graph read. */
export function hasIncludes(data: unknown): boolean {
  return describe(data, '/').edges.length > 0;
}

export interface IncludeGraphInput {
  file: string;
  absolutePath: string;
  playbook: unknown;
  /** Where a path of the playbook stands, for the diagnostics (undefined: no position). */
  locate: (path: YamlPath) => { line: number; col: number; endLine?: number; endCol?: number } | undefined;
  read: ReadInclude;
  lang: Lang;
}

/**
 * The summary of a file's include graph: steps brought in (capped at `cap`), depth, the first cycle.
 * Depth-first with the chain of files on the way; a file's summary is kept once complete. The first cycle
 * ends the walk (what lies beyond it would be counted forever), and so does a chain too deep.
 */
function summarizer(read: ReadInclude, cap: number): (file: string, chain: string[]) => Promise<Summary> {
  const infos = new Map<string, FileInfo | null>();
  const summaries = new Map<string, Summary>();
  const infoOf = async (file: string): Promise<FileInfo | null> => {
    if (!infos.has(file)) {
      let data: unknown;
      try {
        data = await read(file);
      } catch {
        data = undefined;
      }
      infos.set(file, data === undefined ? null : describe(data, file));
    }
    return infos.get(file)!;
  };
  const summarize = async (file: string, chain: string[]): Promise<Summary> => {
    const known = summaries.get(file);
    if (known) return known;
    const info = await infoOf(file);
    const summary: Summary = { steps: info?.own ?? 0, depth: 1 };
    for (const edge of info?.edges ?? []) {
      if (chain.includes(edge.target)) {
        summary.cycle = [...chain.slice(chain.indexOf(edge.target)), edge.target];
        return summary;
      }
      if (chain.length >= MAX_INCLUDE_DEPTH) {
        summary.depth = MAX_INCLUDE_DEPTH + 1;
        return summary;
      }
      const below = await summarize(edge.target, [...chain, edge.target]);
      summary.steps = Math.min(cap, summary.steps + below.steps);
      summary.depth = Math.max(summary.depth, below.depth + 1);
      if (below.cycle || summary.depth > MAX_INCLUDE_DEPTH) return { ...summary, cycle: below.cycle };
    }
    summaries.set(file, summary);
    return summary;
  };
  return summarize;
}

/**
 * Cycles, too deep nesting and too many included steps, each reported once at the include step of
 * the playbook itself through which the problem is reached.
 */
export async function checkIncludeGraph(input: IncludeGraphInput): Promise<Diagnostic[]> {
  const t = compileText(input.lang);
  const cap = MAX_INCLUDED_STEPS + 1;
  const summarize = summarizer(input.read, cap);
  const out: Diagnostic[] = [];
  const root = describe(input.playbook, input.absolutePath);
  const name = (path: string) => path.split('/').pop() ?? path;
  let included = 0;
  const located = (at: YamlPath): SourceLocation | undefined => {
    const pos = input.locate(at);
    return pos ? { file: input.file, ...pos } : { file: input.file, line: 1, col: 1 };
  };
  for (const edge of root.edges) {
    const chain = [input.absolutePath, edge.target];
    if (edge.target === input.absolutePath) {
      out.push({ code: 'include.cycle', severity: 'error', message: t('include.cycle', { chain: chain.map(name).join(' → ') }), location: located(edge.at) });
      continue;
    }
    const below = await summarize(edge.target, chain);
    if (below.cycle) {
      const cycle = below.cycle[0] === input.absolutePath ? below.cycle : [input.absolutePath, ...below.cycle];
      out.push({ code: 'include.cycle', severity: 'error', message: t('include.cycle', { chain: cycle.map(name).join(' → ') }), location: located(edge.at) });
      return out;
    }
    if (below.depth + 1 > MAX_INCLUDE_DEPTH) {
      out.push({ code: 'include.depth', severity: 'error', message: t('include.depth', { max: MAX_INCLUDE_DEPTH }), hint: t('include.depthHint'), location: located(edge.at) });
      return out;
    }
    included = Math.min(cap, included + below.steps);
  }
  if (included > MAX_INCLUDED_STEPS && root.edges[0]) {
    out.push({
      code: 'include.too-many',
      severity: 'error',
      message: t('include.tooMany', { max: MAX_INCLUDED_STEPS }),
      hint: t('include.tooManyHint'),
      location: located(root.edges[0].at),
    });
  }
  return out;
}
