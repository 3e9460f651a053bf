// What human sinks are given: the plan with secrets masked and control characters shown, events and gates likewise.
import { collectSecrets } from '../engine/compile.js';
import type { ConfirmRequest, RunEvent, StepChoiceRequest } from '../engine/events.js';
import type { CompiledPlan } from '../engine/plan.js';
import { mapPlanText } from '../engine/plan-mask.js';
import { mapStrings, maskText, secretForms } from '../engine/redact.js';
import { showControls, showOnOneLine } from './sanitize.js';

/** The plan a person sees: secrets masked, control characters shown (`␛[8m`) instead of acted on. */
export function displayPlan(plan: CompiledPlan): CompiledPlan {
  const forms = secretForms(collectSecrets(plan));
  return mapPlanText(plan, (text) => showControls(maskText(text, forms)));
}

/**
 * An event for a human reporter: the texts that come from the playbook (names, commands, messages,
 * parameter values) show their control characters; a name, drawn inside a row, its line breaks too (␤). Output and reasons are sanitised where they are
 * drawn. The engine already masked secrets.
 */
export function displayEvent(event: RunEvent): RunEvent {
  switch (event.type) {
    case 'run.started':
      return {
        ...event,
        playbook: { ...event.playbook, name: showOnOneLine(event.playbook.name), title: mapStrings(event.playbook.title, showControls) },
        params: event.params.map((p) => ({ ...p, value: showControls(p.value) })),
      };
    case 'probe.started':
    case 'probe.finished':
    case 'step.would_run':
    case 'rollback.started':
      return { ...event, name: showOnOneLine(event.name) };
    case 'step.started':
      return { ...event, name: showOnOneLine(event.name), ...(event.command !== undefined ? { command: showControls(event.command) } : {}) };
    case 'confirm.requested':
      return { ...event, message: showControls(event.message), ...(event.typeWord !== undefined ? { typeWord: showControls(event.typeWord) } : {}) };
    default:
      return event;
  }
}

/**
 * A gate's question for a human: message and word to type show their control characters (a word
 * holding one could not be typed anyway; it is then the visible form that must be typed).
 */
export function displayRequest(request: ConfirmRequest): ConfirmRequest {
  return { ...request, message: showControls(request.message), ...(request.typeWord !== undefined ? { typeWord: showControls(request.typeWord) } : {}) };
}

/** A `play --step` question with the control characters of its name and command shown. */
export function displayStepRequest(request: StepChoiceRequest): StepChoiceRequest {
  return { ...request, name: showOnOneLine(request.name), ...(request.command !== undefined ? { command: showControls(request.command) } : {}) };
}
