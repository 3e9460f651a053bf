// What a step kind is: everything runbook asks of a kind of action — compiling its key, running it,
// telling it in plans, reviews and the live view, the templates lint looks at — in one module per kind
// (run.ts, http.ts, …), registered in index.ts (and probe.ts for the kinds probes may use).
import type { YamlPath } from '../engine/loaded.js';
import type { Step } from '../engine/playbook.gen.js';
import type { CompiledPlan, Rendered, TemplateKind } from '../engine/plan.js';
import type { PlanAction } from './index.js';
import type { PlanProbeAction } from './probe.js';
import type { Lang } from '../engine/text.js';
import type { Catalog } from '../i18n/index.js';
import type { StepCompiler, Pending } from './compiler.js';
import type { ActionContext, ActionResult } from './context.js';
import type { PlanMarkdownWriter, PlanTextWriter } from './describe.js';
import type { StepServices } from './services.js';

export type ActionKind = PlanAction['kind'];
export type ActionOf<K extends ActionKind> = Extract<PlanAction, { kind: K }>;
export type ProbeKindName = PlanProbeAction['kind'];
export type ProbeActionOf<K extends ProbeKindName> = Extract<PlanProbeAction, { kind: K }>;
/** A step's key for this kind as the schema types it (`run: …`, `http: {…}`). */
export type SpecOf<K extends ActionKind> = NonNullable<Step[K]>;
/** Renders a template as the run does (step outputs filled in). */
export type Render = (template: Rendered) => string;
/** Adds a template lint looks at: where it is written, its source (anything but a string is ignored), how values are inserted. */
export type AddTemplate = (at: YamlPath, source: unknown, kind: TemplateKind) => void;

export interface StepKind<K extends ActionKind> {
  /** The step's key (`at` is its path) into the plan's action; an include waits for the includes pass. */
  compile(spec: SpecOf<K>, at: YamlPath, c: StepCompiler): ActionOf<K> | Pending<ActionOf<K>>;
  /** One attempt of the action (the engine retries, times and reports it). */
  run(action: ActionOf<K>, ctx: ActionContext, services: StepServices): Promise<ActionResult>;
  /** The templates of its key as written (`at` is the key's path), for lint. */
  sites(spec: SpecOf<K>, at: YamlPath, add: AddTemplate): void;
  /** What `step.started` says is about to happen (a command as it runs); undefined: nothing to show. */
  started(action: ActionOf<K>, render: Render, lang: Lang): string | undefined;
  /** The action as one text, for reviews and diffs. */
  summary(action: ActionOf<K>, lang: Lang): string;
  /** Its lines in the text plan. */
  planText(action: ActionOf<K>, w: PlanTextWriter): string[];
  /** Its block in the Markdown plan. */
  planMarkdown(action: ActionOf<K>, w: PlanMarkdownWriter): string;
  /** The time limit the text plan shows for the step, when its kind has one beside its own settings. */
  timeLimit(action: ActionOf<K>, stepTimeoutMs: number): number | undefined;
  /** The shell commands the action runs (what destructive-operation checks read). */
  commands(action: ActionOf<K>): string[];
  /** The templates whose raw insertions (`{{raw x}}`) the Markdown plan warns about. */
  rawSites(action: ActionOf<K>): Rendered[];
  /**
   * Changes nothing outside (a gate, a poll, an include whose own steps count for themselves, a GET). Asked
   * without an action (a kind named by an event), whether that holds for every action of the kind.
   */
  readOnly(action?: ActionOf<K>): boolean;
  /** A human gate: counted as one, asked at run time, never retried. */
  readonly gate: boolean;
  /** It prints what `parse: json` reads into `{{steps.<id>.json}}`. */
  readonly output: boolean;
  /** A step of this kind is expected to say how to undo it: the text plan shows a missing rollback. */
  readonly expectsRollback: boolean;
  /** With `targets:` in the playbook, a step of this kind still runs on the ops host unless it says `on: targets` (a gate, a notification, an include). */
  readonly local?: true;
  /** The playbook it includes (only `playbook` steps have one): plans walk into it. */
  included?(action: ActionOf<K>): { path: string; plan: CompiledPlan };
  /** Its messages, in English and Chinese: its words in plans, its errors and reasons. */
  readonly messages: Catalog<string>;
  /** Fields of its action whose values are words of the format (`method: GET`): never masked as text. */
  readonly vocabulary?: Readonly<Record<string, readonly string[]>>;
}

/** A kind a probe (check, verify, precondition, rollback, wait) may also use. */
export interface ProbeKind<K extends ProbeKindName> {
  compile(spec: NonNullable<SpecOf<K>>, at: YamlPath, c: StepCompiler): ProbeActionOf<K>;
  run(action: ProbeActionOf<K>, ctx: ActionContext): Promise<ActionResult>;
  sites(spec: NonNullable<SpecOf<K>>, at: YamlPath, add: AddTemplate): void;
  /** The probe on one line, as a person would type it: the command, or `METHOD url`. */
  describe(action: ProbeActionOf<K>, render: Render): string;
  /** Its line in the text plan. */
  probeText(action: ProbeActionOf<K>, w: PlanTextWriter): string;
  /** Its block in the Markdown plan. */
  probeMarkdown(action: ProbeActionOf<K>, w: PlanMarkdownWriter): string;
  /** Every template it renders when it runs (what `--check` looks at for step outputs). */
  templates(action: ProbeActionOf<K>): (Rendered | undefined)[];
  commands(action: ProbeActionOf<K>): string[];
  rawSites(action: ProbeActionOf<K>): Rendered[];
}
