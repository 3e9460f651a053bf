// What a step kind gets to compile its key: the compiler's templates, texts, durations and errors, bound to
// where the step stands (which names its templates may read). src/engine/compile/ implements it.
import type { YamlPath } from '../engine/loaded.js';
import type { Duration, HttpSpec, Text } from '../engine/playbook.gen.js';
import type { CompiledPlan, ParamValue, Rendered, TemplateKind } from '../engine/plan.js';
import type { Lang } from '../engine/text.js';

export interface StepCompiler {
  readonly lang: Lang;
  /** What the step's templates are called in messages (`step \`x\` run`). */
  readonly where: string;
  /**
   * A template: checked and rendered once (or left for the run when it reads step outputs). `outputs: false`:
   * it may not read step outputs; `where` renames it in messages.
   */
  template(source: string, kind: TemplateKind, at: YamlPath, scope?: { outputs?: false; where?: string }): Rendered;
  /** A text in one or two languages, its templates rendered as text. */
  text(value: Text, at: YamlPath): Text;
  /** A duration in milliseconds (`fallbackMs` when absent); one no timer can wait is an error. */
  duration(value: Duration | undefined, fallbackMs: number, at: YamlPath, kind: 'timeout' | 'delay'): number;
  error(code: string, message: string, at: YamlPath, hint?: string): void;
  /** A template's final text when compile time knows it (never in `validate`'s check, never a step output). */
  known(template: Rendered): string | undefined;
  /** The typed value of a parameter, when `name` is one. */
  param(name: string): { value: ParamValue | undefined } | undefined;
  /** True when a template reads a secret parameter: what it makes is a secret too. */
  readsSecret(source: string): boolean;
  /** Templates placed inside the JSON strings of a text body: each is an error (values are not JSON-escaped there). */
  checkJsonStrings(source: string, at: YamlPath): void;
}

/** The keys of a probe that say what it does. */
export interface ProbeActionSpec {
  run?: string;
  http?: HttpSpec;
}

/** A playbook to compile before the action that includes it is complete (the includes pass). */
export interface IncludeRequest {
  /** As written, relative to the including playbook. */
  path: string;
  /** Parameter values given to it, rendered. */
  params: Record<string, string>;
  /** Parameters whose value holds a secret of the including playbook. */
  secret: string[];
  /** Where the include is written (for errors: cycles, depth, load failures). */
  at: YamlPath;
}

/** An action waiting for the includes pass: complete once the included playbook is compiled. */
export interface Pending<A> {
  include: IncludeRequest;
  complete(plan: CompiledPlan): A;
}

/** True for an action still waiting for an included plan. */
export function isPending<A extends object>(action: A | Pending<A>): action is Pending<A> {
  return 'include' in action && 'complete' in action;
}
