// Small shared formatting for review output: what a step does, as one line of text.
import type { PlanStep } from '../engine/plan.js';
import type { Lang } from '../engine/text.js';
import { stepKind } from '../steps/index.js';

/** What a step does, as text: the command, the request, the question — in its kind's words. */
export function stepActionText(step: PlanStep, lang: Lang): string {
  return stepKind(step.action).summary(step.action, lang);
}
