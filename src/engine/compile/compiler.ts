// What every part of the compiler shares: the playbook, the options, the pass, the problems found so far,
// the parameter values, and where things are in the source.
import type { LoadedPlaybook, YamlPath } from '../loaded.js';
import type { Duration, Playbook } from '../playbook.gen.js';
import type { CompiledPlan, ParamValue, PlanWarning, Rendered } from '../plan.js';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { parseDuration } from '../duration.js';
import { didYouMean } from '../suggest.js';
import type { Lang } from '../text.js';
import { detectLang, type Translator } from '../../i18n/index.js';
import { compileText, type CompileKey } from '../../i18n/compile.js';
import type { Pass } from './pass.js';

export interface CompileOptions {
  /** Values from `--param name=value` (text; converted to each parameter's type). */
  params?: Record<string, string>;
  /** Sandbox variables (`{{sandbox.*}}`) when running against the built-in sandbox. */
  sandbox?: Record<string, string>;
  /** The environment runbook runs in: RUNBOOK_PARAM_* values and `env: {from_env}`. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  lang?: Lang;
  /** Loads an included playbook (default: src/engine/load.ts). */
  loadInclude?: (absolutePath: string) => Promise<LoadedPlaybook>;
  /** Absolute paths of the playbooks including this one, for cycle detection. */
  includeStack?: readonly string[];
  /** Included playbooks loaded so far, by absolute path: shared by a compile and the nested ones, so each file loads once. */
  includeCache?: Map<string, Promise<LoadedPlaybook>>;
  /** Steps of included playbooks compiled so far, shared by a compile and the nested ones (bounded by MAX_INCLUDED_STEPS). */
  includeBudget?: { steps: number };
  /**
   * Parameters the including playbook gives a value derived from one of its secrets: secret here too
   * (passed to commands through the environment, masked everywhere), whatever this playbook declares.
   */
  secretParams?: readonly string[];
}

/** Compiles one playbook (its includes are compiled by compilePlaybook, each with a compiler of its own). */
export type CompilePlaybook = (loaded: LoadedPlaybook, options: CompileOptions) => Promise<CompiledPlan>;

/** The longest a Node timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  readonly warnings: PlanWarning[] = [];
  /** Parameter values by name (set by the parameters, read by every template). */
  readonly values: Record<string, ParamValue | undefined> = {};
  readonly secretParams = new Set<string>();
  paramNames: string[] = [];
  /** The playbook's `cwd`: used by steps, preconditions and postconditions that name none. */
  defaultCwd: Rendered | undefined;
  /** Messages in the chosen language (default: from the environment, as the loader does). */
  readonly t: Translator<CompileKey>;
  readonly lang: Lang;
  /** Each step id's place in `steps` then `finally` (the first, if an id repeats): which steps run before which. */
  private order: Map<string, number> | undefined;
  private lines: string[] | undefined;
  private stepIds: string[] | undefined;

  constructor(
    readonly loaded: LoadedPlaybook,
    readonly options: CompileOptions,
    /** What this compile is for: a plan to run, or `validate`'s check (pass.ts, check.ts). */
    readonly pass: Pass,
  ) {
    this.lang = options.lang ?? detectLang();
    this.t = compileText(this.lang);
  }

  get pb(): Playbook {
    return this.loaded.playbook as Playbook;
  }

  /** `did you mean …?` for a name, or undefined when nothing is close. */
  suggest(name: string, candidates: readonly string[], prefix = ''): string | undefined {
    const s = didYouMean(name, candidates);
    return s ? this.t('didYouMean', { suggestion: prefix + s }) : undefined;
  }

  location(path: YamlPath, line = 1, col = 1): SourceLocation {
    const pos = this.loaded.locate(path);
    const file = this.loaded.file;
    if (!pos) return { file, line: 1, col: 1 };
    if (pos.scalar === 'BLOCK_LITERAL' || pos.scalar === 'BLOCK_FOLDED') {
      const lineNo = pos.line + line;
      this.lines ??= this.loaded.source.split(/\r?\n/);
      const text = this.lines[lineNo - 1] ?? '';
      const indent = text.length - text.trimStart().length;
      return { file, line: lineNo, col: indent + col };
    }
    const quoted = pos.scalar === 'QUOTE_DOUBLE' || pos.scalar === 'QUOTE_SINGLE' ? 1 : 0;
    return line === 1 ? { file, line: pos.line, col: pos.col + quoted + col - 1 } : { file, line: pos.line + line - 1, col };
  }

  /** Where a key is written (`owner:` of `params.owner`), for errors about the name itself. */
  keyLocation(path: YamlPath): SourceLocation | undefined {
    const pos = this.loaded.locateKey(path);
    return pos ? { file: this.loaded.file, line: pos.line, col: pos.col } : undefined;
  }

  error(code: string, message: string, path: YamlPath, hint?: string, at?: { line: number; col: number }): void {
    this.diagnostics.push({ code, severity: 'error', message, hint, location: this.location(path, at?.line, at?.col) });
  }

  /**
   * A duration in milliseconds. Timers cannot wait longer than 2^31-1 ms (about 24.8 days) — Node fires
   * longer ones at once — and a zero timeout could never succeed, so both are errors here.
   */
  duration(value: Duration | undefined, fallbackMs: number, path: YamlPath, kind: 'timeout' | 'delay'): number {
    const ms = parseDuration(value, fallbackMs);
    if (value !== undefined && (ms > MAX_TIMER_MS || (kind === 'timeout' && ms < 1))) {
      this.error('duration.range', this.t('duration.range', { field: String(path[path.length - 1] ?? kind), value: JSON.stringify(value) }), path);
      return fallbackMs;
    }
    return ms;
  }

  allStepIds(): string[] {
    return (this.stepIds ??= [...(this.pb.steps ?? []), ...(this.pb.finally ?? [])].map((s) => s.id));
  }

  /**
   * The steps that run before the `limit`-th one (counting `steps`, then `finally`): one shared map and a
   * number, so that compiling n steps takes time linear in n (a set per step was quadratic).
   */
  before(limit: number): { has(id: string): boolean } {
    if (!this.order) {
      const order = new Map<string, number>();
      this.allStepIds().forEach((id, i) => {
        if (!order.has(id)) order.set(id, i);
      });
      this.order = order;
    }
    const order = this.order;
    return { has: (id) => (order.get(id) ?? Infinity) < limit };
  }
}
