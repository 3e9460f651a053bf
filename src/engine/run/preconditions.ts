// Preconditions and postconditions: read-only probes that must all pass (before the steps, after them).
import { pickText } from '../text.js';
import { describeProbeAction } from '../../steps/probe.js';
import { runProbe } from './probes.js';
import type { Frame, RunState } from './state.js';

export interface ConditionsOutcome {
  ok: boolean;
  reason?: string;
  interrupted?: boolean;
}

export async function runConditions(state: RunState, frame: Frame, phase: 'preconditions' | 'postconditions', options: { events: boolean }): Promise<ConditionsOutcome> {
  const probes = frame.plan[phase];
  if (probes.length === 0) return { ok: true };
  if (options.events) state.emitter.emit({ type: 'phase.started', phase });
  let outcome: ConditionsOutcome = { ok: true };
  for (const [index, probe] of probes.entries()) {
    const name = pickText(probe.name, state.options.lang ?? 'en') ?? describeProbeAction(probe.action);
    const halted = state.halted;
    if (halted) {
      outcome = { ok: false, reason: halted };
      break;
    }
    state.emitter.emit({ type: 'probe.started', phase, index, name });
    const result = await runProbe(state, frame, probe, { logName: `${frame.prefix}${phase}.${index + 1}` });
    state.emitter.emit({ type: 'probe.finished', phase, index, name, ok: result.ok, attempts: result.attempts, ...(result.reason ? { reason: result.reason } : {}) });
    if (!result.ok) {
      outcome = { ok: false, reason: state.t(phase === 'preconditions' ? 'cond.precondition' : 'cond.postcondition', { n: index + 1, name, reason: result.reason ?? '' }).trim(), interrupted: result.interrupted };
      break;
    }
  }
  if (options.events) state.emitter.emit({ type: 'phase.finished', phase, ok: outcome.ok });
  return outcome;
}
