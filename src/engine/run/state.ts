// The state of one run shared by its phases: options resolved, emitter, journal, interrupts, results.
import { isAbsolute, resolve } from 'node:path';
import { renderCommand, renderDeferred, type RenderContext, type StepOutputs } from '../template-render.js';
import { runFacts, type RunAbout, type RunSoFar } from './run-facts.js';
import type { ShellCommand } from '../../process/shell.js';
import type { BecomeTarget } from '../../process/become.js';
import type { CompiledPlan, PlanEnv, PlanStep, Rendered } from '../plan.js';
import type { ActionContext } from '../../steps/context.js';
import type { UnrolledStep } from '../events.js';
import type { Emitter } from './emitter.js';
import { baseEnv, buildEnv } from './env.js';
import { recordGroup } from './groups.js';
import type { Journal } from './journal.js';
import { defaultOutputLimits, OutputCapture, type OutputLimits } from './output.js';
import type { Redactor } from './redact-stream.js';
import type { Interrupts } from './signals.js';
import type { Targets } from './targets.js';
import type { RunOptions, StepResult } from './types.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { pickText, type Lang } from '../text.js';
import type { Text } from '../playbook.gen.js';

/** One playbook being run: the top-level plan, or an included one (its ids prefixed `<parent>.`). */
export interface Frame {
  plan: CompiledPlan;
  prefix: string;
  parent?: string;
  outputs: Record<string, StepOutputs>;
  /** Steps that changed something and may be rolled back, in the order they completed. */
  completed: Completed[];
  /** How the sequence stands once its steps and rollback are over: what `{{run.*}}` reads in `finally` and the hooks. */
  soFar?: RunSoFar;
}

export interface Completed {
  frame: Frame;
  step: PlanStep;
  fullId: string;
  /** For `playbook` steps: the included run, whose own completed steps roll back first. */
  nested?: Frame;
}

export class RunState {
  readonly base: Record<string, string>;
  readonly limits: OutputLimits;
  readonly killGraceMs: number;
  readonly cwd: string;
  readonly results = new Map<string, StepResult>();
  /** The first rollback that failed: from then on no rollback runs anywhere in the run (a human must look). */
  rollbackStoppedAt: string | undefined;
  /** Completed steps whose rollback did not run (an earlier rollback failed, or the run was halted), in rollback order. */
  readonly unrolled: UnrolledStep[] = [];
  /** Messages in the run's language (reasons in events and the journal). */
  readonly t: Translator<EngineKey>;
  /** A playbook with `targets`: the hosts, connected and locked (run/hosts.ts runs the rollout over them). */
  targets: Targets | undefined;
  /** The users commands run as (`become`), checked before the run started; empty in the sandbox (become is ignored there). */
  becomeTargets = new Map<string, BecomeTarget>();
  /** What `{{run.*}}` says of the run itself (set by the runner once the journal is open). */
  about: RunAbout | undefined;

  constructor(
    readonly runId: string,
    readonly options: RunOptions,
    readonly emitter: Emitter,
    readonly journal: Journal,
    readonly redactor: Redactor,
    readonly interrupts: Interrupts,
  ) {
    this.base = baseEnv(options.env ?? process.env);
    this.limits = { ...defaultOutputLimits, ...options.limits };
    this.killGraceMs = options.killGraceMs ?? 5_000;
    this.cwd = options.cwd ?? process.cwd();
    this.t = engineText(options.lang ?? 'en');
  }

  /** Nothing more may start: the journal cannot be written, or a second interrupt came. */
  get halted(): string | undefined {
    if (this.journal.failure) return this.t('halt.journal', { error: this.journal.failure.message });
    if (this.interrupts.forced) return this.t('halt.forced');
    return undefined;
  }

  render(frame: Frame, template: Rendered): string {
    return renderDeferred(template, this.renderContext(frame));
  }

  /** A command as it runs: its values in the environment (template-render.ts `renderCommand`). */
  command(frame: Frame, template: Rendered): ShellCommand {
    return renderCommand(template, this.renderContext(frame));
  }

  private renderContext(frame: Frame): RenderContext {
    const context: RenderContext = { params: frame.plan.params, steps: frame.outputs, lang: this.options.lang ?? 'en' };
    if (frame.soFar && this.about) context.run = runFacts(this.about, frame.soFar, this.redactor);
    return context;
  }

  /** The journal's name for a step's log and outputs (a target host's state adds `@<host>`). */
  logName(name: string): string {
    return name;
  }

  capture(logName: string, emitFor?: string): OutputCapture {
    logName = this.logName(logName);
    const emit = emitFor ? (stream: 'stdout' | 'stderr', piece: string | Buffer) => this.emitter.output({ type: 'step.output', id: emitFor, stream }, piece) : () => {};
    return new OutputCapture(this.limits, this.redactor, emit, this.journal, logName, emitFor ? () => this.emitter.congested() : undefined);
  }

  /**
   * The context of one attempt. `graceful` false: only a second interrupt stops it (rollbacks and
   * `finally` keep running after the first).
   */
  actionContext(
    frame: Frame,
    spec: { layers: readonly (readonly PlanEnv[])[]; cwd?: Rendered; timeoutMs: number; graceful: boolean; /** `become`: the user (a target resolved before the run). */ become?: string | undefined },
    capture: OutputCapture,
  ): ActionContext {
    const render = (template: Rendered) => this.render(frame, template);
    const dir = spec.cwd ? render(spec.cwd) : undefined;
    const become = spec.become !== undefined ? this.becomeTargets.get(spec.become) : undefined;
    return {
      ...(become ? { become } : {}),
      signal: spec.graceful ? this.interrupts.graceful.signal : NEVER,
      forceSignal: this.interrupts.force.signal,
      env: buildEnv(this.base, [frame.plan.env, ...spec.layers], this.options.extraEnv ?? {}, (e) => render(e.value)),
      cwd: dir ? (isAbsolute(dir) ? dir : resolve(this.cwd, dir)) : this.cwd,
      timeoutMs: spec.timeoutMs,
      killGraceMs: this.killGraceMs,
      output: capture,
      render,
      command: (template) => this.command(frame, template),
      trackGroup: (pgid) => recordGroup(this.journal, capture.logName, pgid),
      redact: (text) => this.redactor.redact(text),
      t: this.t,
    };
  }

  record(result: StepResult): void {
    this.results.set(result.id, result);
  }
}

/** The signal of actions only a second interrupt stops (rollbacks, `finally`): never aborted. */
const NEVER = new AbortController().signal;

/** The name of a step for events, in the run's language (`{en, zh-CN}` names), else its id. */
export function stepName(step: { id: string; name?: Text }, lang: Lang): string {
  return pickText(step.name, lang) ?? step.id;
}
