// Typed events the engine emits while it runs a plan; reporters (src/ui) subscribe, the engine never prints.
import type { Text } from './playbook.gen.js';
import type { Risk } from './plan.js';

export type Phase = 'preconditions' | 'steps' | 'postconditions' | 'rollback' | 'finally' | 'hooks';

/** The phases steps run in: `hooks` are the steps of on_success, on_failure or on_rollback_failed. */
export type StepPhase = 'steps' | 'finally' | 'hooks';

export type StepStatus =
  | 'ok'
  | 'failed'
  | 'skipped' // `when` was false, or the user declined
  | 'already_done' // the `check` probe passed
  | 'rolled_back'
  | 'rollback_failed'
  | 'unknown'; // started but never finished (engine killed)

export type RunStatus =
  | 'ok'
  | 'failed' // a step failed; completed steps rolled back cleanly
  | 'rollback_failed'
  | 'precondition_failed'
  | 'interrupted'
  | 'gate_stopped'; // a confirmation gate could not be answered (no terminal, no --yes)

/** Every event has a type, the run id and an ISO time. Secrets are redacted before emission. */
interface Base {
  runId: string;
  time: string;
  /** The target host the event is about (`on: targets` steps, their rollbacks, the host events); absent for the ops host. */
  host?: string;
}

/**
 * How a target host ended: `ok`; `failed` (its finished steps rolled back); `unreachable` (lost during the run: the
 * outcome of a command it ran is unknown; or, with `reached: false` on its event, never connected: nothing ran there); `rollback_failed`; `rolled_back` (finished, then undone because max_fail was passed with
 * `on_max_fail: rollback`); `interrupted`; `not_started` (no batch reached it).
 */
export type HostStatus = 'ok' | 'failed' | 'unreachable' | 'rollback_failed' | 'rolled_back' | 'interrupted' | 'not_started';

export type RunEvent = Base &
  (
    | {
        type: 'run.started';
        playbook: { name: string; title: Text; risk: Risk; file: string };
        params: { name: string; value: string; secret: boolean }[];
        sandbox: boolean;
        journalDir: string;
        totalSteps: number;
        resumedFrom?: string;
      }
    | { type: 'phase.started'; phase: Phase }
    | { type: 'phase.finished'; phase: Phase; ok: boolean }
    | { type: 'probe.started'; phase: 'preconditions' | 'postconditions'; index: number; name: string }
    | { type: 'probe.finished'; phase: 'preconditions' | 'postconditions'; index: number; name: string; ok: boolean; attempts: number; reason?: string }
    | {
        type: 'step.started';
        phase: StepPhase;
        id: string;
        name: string;
        index: number;
        total: number;
        kind: string;
        command?: string;
        /** Set for steps of an included playbook: the id of the including `playbook` step (ids are `<parent>.<child>`). */
        parent?: string;
      }
    | {
        type: 'step.skipped';
        phase: StepPhase;
        id: string;
        status: 'skipped' | 'already_done';
        reason: string;
        parent?: string;
        /** `runbook resume`: the step completed in that earlier run, with status `previous`. */
        fromRun?: string;
        previous?: 'ok' | 'already_done' | 'skipped';
        /** `resume`: the outputs restored from `fromRun` are kept in this run's journal (`kept`), or were masked there (`masked`). */
        outputs?: 'kept' | 'masked';
        /** Left out by the step selection (`--from`, `--only`, `--skip`): never ran; `resume` may select it again. */
        deselected?: true;
      }
    /**
     * `--check`: the step's check probe did not pass (or it has none), so a real run would run it.
     * `unknown`: whether it runs cannot be known without running earlier steps (its `when`, check, env or cwd
     * reads their outputs); a consumer that ignores the field sees the old "would run".
     */
    | { type: 'step.would_run'; id: string; name: string; reason: string; parent?: string; unknown?: true }
    /** A `for_each` over a step output reached its list: the loop step `id` runs as these iterations (`<id>[<label>]`), in order. */
    | { type: 'step.expanded'; phase: StepPhase; id: string; iterations: string[]; parent?: string }
    | { type: 'step.retrying'; id: string; attempt: number; of: number; delayMs: number; reason: string }
    | { type: 'step.output'; id: string; stream: 'stdout' | 'stderr'; text: string }
    /** A `wait` step is about to poll (1, 2, …); `remainingMs` until its timeout; `reason`: why the previous poll did not pass. */
    | { type: 'step.polled'; id: string; poll: number; remainingMs: number; reason?: string }
    | { type: 'step.verifying'; id: string; attempt: number; of: number }
    | { type: 'step.finished'; phase: StepPhase; id: string; status: 'ok' | 'failed'; durationMs: number; exitCode?: number; reason?: string; continued?: boolean; attempts?: number; parent?: string; /** A confirmation gate was declined or could not be asked (never done: resume asks again). */ gateStopped?: boolean; /** Its outputs are in `steps/<id>.outputs.json` (`kept`), or are there masked because they held a secret (`masked`: never used as data). */ outputs?: 'kept' | 'masked' }
    | { type: 'confirm.requested'; id: string; message: string; typeWord?: string }
    /** `play --step`: what the operator answered before the step (`continue`: this step and every later one run without asking). */
    | { type: 'step.answered'; id: string; answer: StepChoice }
    | { type: 'confirm.answered'; id: string; accepted: boolean; by: 'user' | 'yes-flag' | 'no-terminal'; /** Ctrl-C at the prompt. */ interrupted?: boolean }
    | { type: 'rollback.started'; id: string; name: string; /** The rendered rollback command (or `METHOD url`), redacted. */ command?: string }
    | {
        type: 'rollback.finished';
        id: string;
        ok: boolean;
        reason?: string;
        /** The rollback did not run: an earlier rollback failed (or the run was halted). The step is left as it is. */
        skipped?: true;
      }
    /** A playbook with `targets`: the hosts selected and the batches they go in. */
    | { type: 'hosts.planned'; pattern: string; hosts: string[]; batches: string[][]; maxFail: number }
    | { type: 'batch.started'; batch: number; of: number; hosts: string[] }
    | { type: 'host.finished'; host: string; status: HostStatus; batch: number; reason?: string; /** `unreachable` and never connected: nothing ran there. */ reached?: false }
    | { type: 'interrupt.received'; signal: 'SIGINT' | 'SIGTERM'; action: 'rollback' | 'stop' | 'force' }
    | {
        type: 'run.finished';
        status: RunStatus;
        exitCode: number;
        durationMs: number;
        counts: { ok: number; already_done: number; skipped: number; failed: number; rolled_back: number; rollback_failed: number };
        journalDir: string;
        failedStep?: string;
        reason?: string;
        /** Completed steps whose rollback did not run because an earlier rollback failed: for a human to finish by hand. */
        unrolled?: UnrolledStep[];
        /** A sandbox run (journal and lock kept apart; it cannot be resumed: its sandbox is gone). */
        sandbox?: true;
        /** The hook that ran (after `finally`), and its steps that failed: reported, the exit code unchanged. */
        hook?: 'on_success' | 'on_failure' | 'on_rollback_failed';
        hooksFailed?: string[];
      }
  );

/** A completed step left as it is: its rollback did not run. `command` is the rendered rollback (redacted). */
export interface UnrolledStep {
  id: string;
  name: string;
  command?: string;
}

export type RunEventType = RunEvent['type'];
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
/** A `step.output` event without its `text`: what Reporter.onOutputBytes is given with the bytes. */
export type StepOutputHead = Omit<EventOf<'step.output'>, 'text'>;

/**
 * A reporter's answer to a gate: accepted or not, or `'interrupted'` when the user pressed Ctrl-C at
 * the prompt (raw terminal input swallows the signal): the engine then treats it as SIGINT.
 */
export type ConfirmReply = boolean | 'interrupted';

/** What reporters implement. `onEvent` must not throw and must be fast (the UI throttles itself). */
export interface Reporter {
  onEvent(event: RunEvent): void;
  /**
   * Asks a human to pass a confirmation gate (y/N, or typing `typeWord`). Only reporters that own an
   * interactive terminal implement it; without it (and without --yes) a gate stops the run safely.
   */
  confirm?(request: ConfirmRequest): Promise<ConfirmReply>;
  /** `play --step`: asks a person what to do with the next step; `'interrupted'` for Ctrl-C at the prompt. Only reporters owning a terminal implement it. */
  chooseStep?(request: StepChoiceRequest): Promise<StepChoice | 'interrupted'>;
  /** Called once after run.finished; a reporter may flush or unmount here. */
  close?(): Promise<void> | void;
  /**
   * Backpressure: a promise while what the reporter writes is piling up (stdout is a pipe read more
   * slowly than a step prints), resolved when it can take more; else undefined. Until it resolves the
   * engine stops reading the step's output, so a slow reader slows the step instead of growing memory.
   */
  congested?(): Promise<void> | undefined;
  /**
   * A `step.output` event whose text is ASCII, as its bytes (each byte one character: `text` would be
   * `bytes.toString('latin1')`), for reporters that write bytes — instead of onEvent for that event. The
   * bytes are valid only until the call returns (the engine reads every pipe into one buffer): copy what
   * is kept. Reporters without it get the event, its text made from the bytes.
   */
  onOutputBytes?(event: StepOutputHead, bytes: Buffer): void;
}

/** `play --step`: run the step, skip it, run it and stop asking, or end the run before it. */
export type StepChoice = 'run' | 'skip' | 'continue' | 'quit';

/** `play --step`: the step about to run, as a person is asked about it (its command rendered, secrets masked). */
export interface StepChoiceRequest {
  stepId: string;
  name: string;
  kind: string;
  /** The rendered command (or request), as `step.started` shows it. */
  command?: string;
  index: number;
  total: number;
}

export interface ConfirmRequest {
  stepId: string;
  message: string;
  /** When set, the user must type exactly this word (high-risk gates). */
  typeWord?: string;
  risk: Risk;
}
