// `play --step`: before each top-level step a person chooses run, skip, continue without asking, or quit;
// every answer is an event (journaled, shown by `logs`). Quit stops the run as a declined gate does.
import type { Reporter, StepChoice } from '../events.js';
import type { PlanStep } from '../plan.js';
import { selectText } from '../../i18n/select.js';
import type { SequenceOutcome } from './sequence.js';
import { untilInterrupted } from './services.js';
import { describeAction } from './step.js';
import { stepName, type Frame, type RunState } from './state.js';

/** What the sequence does with the step: run it, go on to the next one, or stop (the outcome says why). */
export type StepThroughVerdict = 'run' | 'skip' | 'stop';

export class StepThrough {
  /** False once the operator answered `continue`: the rest of the run goes on without asking. */
  private asking = true;
  private readonly asker: Reporter | undefined;

  constructor(
    private readonly state: RunState,
    reporters: readonly Reporter[],
  ) {
    this.asker = reporters.find((r) => typeof r.chooseStep === 'function');
  }

  /** Asks about `step` (at `index` of `total`); a skip is journaled here, a quit or Ctrl-C sets `outcome`. */
  async before(frame: Frame, step: PlanStep, index: number, total: number, outcome: SequenceOutcome): Promise<StepThroughVerdict> {
    if (!this.asking) return 'run';
    const { state } = this;
    const id = frame.prefix + step.id;
    const t = selectText(state.options.lang ?? 'en');
    if (!this.asker?.chooseStep) {
      // No one to ask (no reporter owns a terminal; the CLI refuses --step without one): nothing runs unasked.
      Object.assign(outcome, { status: 'gate_stopped', reason: t('step.noTerminal') });
      return 'stop';
    }
    const answer = await this.ask(this.asker.chooseStep.bind(this.asker), frame, step, index, total);
    if (answer === 'interrupted') {
      // Ctrl-C at the prompt (the terminal was in raw mode, so no signal came): an interrupt like SIGINT.
      if (!state.interrupts.interrupted) state.interrupts.receive('SIGINT');
      Object.assign(outcome, { status: 'interrupted', reason: state.t('step.interruptedBefore', { signal: state.interrupts.signal ?? 'SIGINT', step: id }) });
      return 'stop';
    }
    state.emitter.emit({ type: 'step.answered', id, answer });
    if (answer === 'skip') {
      const reason = t('step.skippedByOperator');
      state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason });
      state.record({ id, phase: 'steps', status: 'skipped', attempts: 0, durationMs: 0, reason });
      return 'skip';
    }
    if (answer === 'quit') {
      // As a declined confirmation gate: the completed steps are rolled back, `finally` runs, exit 1.
      Object.assign(outcome, { status: 'gate_stopped', reason: t('step.quit', { id }) });
      return 'stop';
    }
    // `continue`: this step runs, and every later one without asking.
    if (answer === 'continue') this.asking = false;
    return 'run';
  }

  private async ask(choose: NonNullable<Reporter['chooseStep']>, frame: Frame, step: PlanStep, index: number, total: number): Promise<StepChoice | 'interrupted'> {
    const { state } = this;
    const lang = state.options.lang ?? 'en';
    const command = describeAction(state, frame, step);
    const request = {
      stepId: frame.prefix + step.id,
      name: state.redactor.redact(stepName(step, lang)),
      kind: step.action.kind,
      ...(command !== undefined ? { command: state.redactor.redact(command) } : {}),
      index,
      total,
    };
    return untilInterrupted(choose(request), state.interrupts.graceful.signal);
  }
}
