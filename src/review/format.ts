// Small shared formatting for review output: durations, step labels, one-line commands.
import type { PlanProbeAction, PlanStep } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';

/** 600000 → `10m`, 1500 → `1.5s`, 250 → `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 100) / 10}s`;
}

/** What a probe or rollback action does, as one line of text (a command, or `GET url`). */
export function probeActionText(action: PlanProbeAction): string {
  return action.kind === 'run' ? action.command.text : `${action.request.method} ${action.request.url.text}`;
}

/** What a step does, as text: the command, the request, the question; undefined for an included playbook. */
export function stepActionText(step: PlanStep, lang: Lang): string {
  const a = step.action;
  switch (a.kind) {
    case 'run':
      return a.command.text;
    case 'http':
      return `${a.request.method} ${a.request.url.text}${a.request.body ? `\n\n${a.request.body.text}` : ''}`;
    case 'wait':
      return `wait ${probeActionText(a.probe)}`;
    case 'confirm':
      return `confirm: ${pickText(a.message, lang) ?? ''}${a.typeWord ? ` [type ${a.typeWord.text}]` : ''}`;
    case 'playbook':
      return `playbook ${a.path}`;
    case 'notify':
      return `notify ${a.via} ${a.url.text}: ${a.message.text}`;
  }
}
