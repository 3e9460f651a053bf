// Options and results of runPlan, and the per-step records the runner keeps.
import type { Reporter, RunStatus, StepPhase, StepStatus, UnrolledStep } from '../events.js';
import type { StepOutputs } from '../compile.js';
import type { Lang } from '../text.js';
import type { OutputLimits } from './output.js';
import type { RollbackResumeState } from './rollback-resume.js';
import type { InterruptSource } from './signals.js';
import type { TargetOptions } from './targets.js';

/** What `resume` hands the runner: steps done in an earlier run, with their outputs. */
export interface ResumeState {
  fromRun: string;
  /** Steps (top-level ids) that completed earlier, in plan order. */
  done: { id: string; status: 'ok' | 'already_done' | 'skipped'; outputs?: StepOutputs; /** Its outputs held a secret: not restored. */ masked?: true }[];
}

export interface RunOptions {
  /** The runbook home: journals under runs/, locks under locks/ (the CLI resolves the default). */
  home: string;
  reporter?: Reporter | readonly Reporter[];
  /** --yes: answers every confirmation gate. */
  yes?: boolean;
  /** A human can be asked at a gate (there is a terminal); otherwise gates need --yes. */
  interactive?: boolean;
  /** `play --step`: ask before each top-level step (run, skip, continue without asking, quit). */
  stepThrough?: boolean;
  /** --check: preconditions and check probes only; nothing changes. */
  checkOnly?: boolean;
  /** Environment runbook runs in; only BASE_ENV_NAMES of it reach commands. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Added last to every command's environment (the sandbox's PATH and variables). */
  extraEnv?: Record<string, string>;
  /** Working directory of commands without `cwd`, and base of relative ones. Default: process.cwd(). */
  cwd?: string;
  /** Interrupt source (the CLI bridges SIGINT/SIGTERM into it). */
  interrupts?: InterruptSource;
  /** Aborting it acts as a SIGTERM. */
  signal?: AbortSignal;
  resume?: ResumeState;
  /** `resume --rollback`: run only these rollbacks of an earlier run (no preconditions, steps or finally). */
  rollbackOnly?: RollbackResumeState;
  runId?: string;
  /** Time between SIGTERM and SIGKILL of a step's process group. Default 5s. */
  killGraceMs?: number;
  limits?: Partial<OutputLimits>;
  /** Take the playbook's lock (default true; --check never locks). */
  lock?: boolean;
  /** Recorded in meta.json so that `resume` can compile the same plan again. */
  source?: { file?: string; fileSha256?: string; params?: Record<string, string> };
  /** More values to redact (collectSecrets(plan) is always used). */
  secrets?: readonly string[];
  /** How step boundaries are flushed to disk (see Journal.syncMode). Default 'overlap'. */
  journalSync?: 'overlap' | 'strict';
  /** Language of playbook texts in events (confirmation messages). Default en. */
  lang?: Lang;
  /** A playbook with `targets`: the hosts selected from the inventory and how ssh reaches them (run/targets.ts). */
  targets?: TargetOptions;
}

export interface StepResult {
  /** `<parent>.<child>` for steps of included playbooks. */
  id: string;
  phase: StepPhase;
  status: StepStatus;
  /** The target host it ran on (absent: the ops host). */
  host?: string;
  attempts: number;
  durationMs: number;
  exitCode?: number;
  reason?: string;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  exitCode: number;
  journalDir: string;
  steps: StepResult[];
  failedStep?: string;
  reason?: string;
  /** --check: the steps a real run would run. */
  wouldRun?: string[];
  /** Completed steps whose rollback did not run because an earlier rollback failed (rendered commands, redacted). */
  unrolled?: UnrolledStep[];
  /** The hook that ran after `finally` (on_success, on_failure, on_rollback_failed), if the playbook has it. */
  hook?: 'on_success' | 'on_failure' | 'on_rollback_failed';
  /** Steps of that hook that failed: reported, the exit code unchanged. */
  hooksFailed?: string[];
  /** --check: the steps that may or may not run (what decides it reads outputs of steps --check did not run). */
  unknown?: string[];
}
