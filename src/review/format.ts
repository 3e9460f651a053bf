// Small shared formatting for review output: what a step does, as one line of text.
import type { PlanStep } from '../engine/plan.js';
import { describeProbeAction } from '../engine/probe-text.js';
import { pickText, type Lang } from '../engine/text.js';

/** What a step does, as text: the command, the request, the question; undefined for an included playbook. */
export function stepActionText(step: PlanStep, lang: Lang): string {
  const a = step.action;
  switch (a.kind) {
    case 'run':
      return a.command.text;
    case 'http':
      return `${a.request.method} ${a.request.url.text}${a.request.body ? `\n\n${a.request.body.text}` : ''}`;
    case 'wait':
      return `wait ${describeProbeAction(a.probe)}`;
    case 'confirm':
      return `confirm: ${pickText(a.message, lang) ?? ''}${a.typeWord ? ` [type ${a.typeWord.text}]` : ''}`;
    case 'playbook':
      return `playbook ${a.path}`;
    case 'notify':
      return `notify ${a.via} ${a.url.text}: ${a.message.text}`;
  }
}
