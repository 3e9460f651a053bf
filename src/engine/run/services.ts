// What the engine offers to step types beyond a process: confirmation gates and included playbooks.
import type { ConfirmReply, Reporter } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { pickText } from '../text.js';
import type { ActionResult, StepServices } from '../../steps/index.js';
import { answerGate, type GateAnswer } from '../../steps/confirm.js';
import type { SequenceOutcome } from './sequence.js';
import type { Frame, RunState } from './state.js';

/** A pending question is abandoned when the run is interrupted (Ctrl-C or SIGTERM from elsewhere). */
export function untilInterrupted<R extends ConfirmReply | string>(answer: Promise<R>, signal: AbortSignal): Promise<R | 'interrupted'> {
  if (signal.aborted) return Promise.resolve('interrupted');
  return new Promise<R | 'interrupted'>((resolve, reject) => {
    const onAbort = () => resolve('interrupted');
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The services of a run; `runIncluded` runs an included playbook's frame (sequence.ts). */
export function createServices(state: RunState, plan: CompiledPlan, reporters: readonly Reporter[], runIncluded: (frame: Frame) => Promise<SequenceOutcome>): StepServices {
  const { options } = state;
  const asker = options.interactive ? reporters.find((r) => typeof r.confirm === 'function') : undefined;
  return {
    gate: async (action, actx, stepId = '') => {
      // What a person is asked, like every event, never shows a secret.
      const message = state.redactor.redact(pickText(action.message, options.lang ?? 'en') ?? '');
      const typeWord = action.typeWord ? state.redactor.redact(actx.render(action.typeWord)) : undefined;
      state.emitter.emit({ type: 'confirm.requested', id: stepId, message, ...(typeWord !== undefined ? { typeWord } : {}) });
      const answer = await answerGate(
        { stepId, message, ...(typeWord !== undefined ? { typeWord } : {}), risk: plan.playbook.risk },
        { yes: options.yes === true, ...(asker?.confirm ? { ask: (request) => untilInterrupted(asker.confirm!(request), state.interrupts.graceful.signal) } : {}) },
      );
      // Ctrl-C at the prompt (the terminal was in raw mode, so no signal came): an interrupt like SIGINT.
      if (answer.interrupted && !state.interrupts.interrupted) state.interrupts.receive('SIGINT');
      state.emitter.emit({ type: 'confirm.answered', id: stepId, accepted: answer.accepted, by: answer.by, ...(answer.interrupted ? { interrupted: true } : {}) });
      return answer;
    },
    runNested: async (action, _actx, parentId = 'include'): Promise<ActionResult & { frame?: Frame; gate?: GateAnswer }> => {
      const frame: Frame = { plan: action.plan, prefix: `${parentId}.`, parent: parentId, outputs: {}, completed: [] };
      const outcome = await runIncluded(frame);
      if (outcome.status === 'ok' && outcome.finallyFailed.length === 0) return { ok: true, exitCode: 0, frame };
      const reason = outcome.reason ?? (outcome.finallyFailed.length ? state.t('outcome.finallyFailed', { steps: outcome.finallyFailed.join(', ') }) : state.t('step.failed'));
      if (outcome.status === 'gate_stopped') return { ok: false, reason, gate: { accepted: false, by: 'user' } satisfies GateAnswer };
      return { ok: false, exitCode: 1, reason: `${action.path}: ${reason}`, interrupted: outcome.status === 'interrupted' };
    },
  };
}
