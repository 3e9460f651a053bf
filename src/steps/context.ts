// What a step type gets to run one attempt, and what it returns. Shared by all files of src/steps.
import type { Rendered } from '../engine/plan.js';
import type { ShellCommand } from '../process/shell.js';
import type { ProcessGroup, SpawnGroupOptions } from '../process/group.js';
import type { BecomeTarget } from '../process/become.js';
import type { EngineKey } from '../i18n/engine.js';
import type { Translator } from '../i18n/index.js';

export interface ActionContext {
  /** Aborted when the run is interrupted: stop the action (gracefully, within `killGraceMs`). */
  signal: AbortSignal;
  /** Aborted on a second interrupt: stop at once. */
  forceSignal: AbortSignal;
  env: Record<string, string>;
  cwd: string;
  /** Time limit of this attempt. */
  timeoutMs: number;
  killGraceMs: number;
  /**
   * Receives the action's output (HTTP bodies go to stdout). `congested()` returns a promise while the
   * reporters are behind: a process stops reading its pipes until it resolves.
   */
  output: { push(stream: 'stdout' | 'stderr', chunk: Buffer): void; congested?(): Promise<void> | undefined };
  /** Renders a template just before use (reads earlier steps' outputs when deferred), as plans show it. */
  render(template: Rendered): string;
  /**
   * A shell template as a process runs it: values only as `"${RUNBOOK_V_<n>}"` in the text, and in
   * `env`, so that no value becomes shell source (template-render.ts).
   */
  command(template: Rendered): ShellCommand;
  /**
   * Called right after a process group was spawned (before its shell got to run the command): the
   * engine records it in the journal so that `resume` can tell whether it still runs. Returns the
   * function to call once the group is done.
   */
  trackGroup?(pgid: number): () => void;
  /** Masks secrets in text that leaves the engine (notification payloads). */
  redact(text: string): string;
  /** Messages in the run's language. */
  t: Translator<EngineKey>;
  /**
   * Set when the step runs on a target host: starts the command there (over ssh, src/remote) instead of a local
   * process group; `cwd` is then a folder on the host ('' for the login folder) and `env` only the playbook's.
   */
  spawn?(options: SpawnGroupOptions): ProcessGroup;
  /** Run shell commands as this user (`become`, resolved before the run started). */
  become?: BecomeTarget;
  /** Progress of a long action (a `wait` step's polls), for the live view. */
  progress?(update: { poll: number; remainingMs: number; reason?: string }): void;
}

export interface ActionResult {
  ok: boolean;
  /** Process exit code (128+n when killed by signal n); for HTTP 0 when expectations hold, else 1. */
  exitCode?: number;
  /** Why it failed, in one line (redacted by the engine before it is shown). */
  reason?: string;
  timedOut?: boolean;
  interrupted?: boolean;
}
