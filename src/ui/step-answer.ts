// `play --step` outside the live view: what an answer means, how it is told, and asking on a plain terminal.
import { createInterface } from 'node:readline/promises';
import type { StepChoice, StepChoiceRequest } from '../engine/events.js';
import type { Lang } from '../engine/text.js';
import { selectText } from '../i18n/select.js';
import { sanitizeLine } from './sanitize.js';

const ANSWERS: Record<string, StepChoice> = {
  y: 'run',
  yes: 'run',
  r: 'run',
  run: 'run',
  是: 'run',
  执行: 'run',
  n: 'skip',
  no: 'skip',
  s: 'skip',
  skip: 'skip',
  否: 'skip',
  跳过: 'skip',
  c: 'continue',
  continue: 'continue',
  继续: 'continue',
  q: 'quit',
  quit: 'quit',
  退出: 'quit',
};

/** The choice a typed answer makes (y/n/c/q, the words, or their Chinese), or undefined: ask again. An empty answer asks again too. */
export function parseStepAnswer(typed: string): StepChoice | undefined {
  return ANSWERS[typed.trim().toLowerCase()];
}

/** An answer in words, for the live lines and `logs`: `--step: run`. */
export function answerText(answer: StepChoice, lang: Lang): string {
  const t = selectText(lang);
  return t('answered', { answer: t(`answer.${answer}`) });
}

/** The question, the command and the choices, as both the plain prompt and the live view show them. */
export function stepQuestion(request: StepChoiceRequest, lang: Lang): { question: string; command?: string; choices: string; again: string } {
  const t = selectText(lang);
  return {
    question: t('step.question', { id: sanitizeLine(request.stepId) }),
    ...(request.command !== undefined ? { command: request.command } : {}),
    choices: t('step.choices'),
    again: t('step.again'),
  };
}

/** Asks on a plain terminal (stderr), until an answer decides; Ctrl-C gives `'interrupted'`. */
export async function askStepOnTerminal(request: StepChoiceRequest, stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, lang: Lang): Promise<StepChoice | 'interrupted'> {
  const { question, command, choices, again } = stepQuestion(request, lang);
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  const controller = new AbortController();
  rl.on('SIGINT', () => controller.abort());
  const shownCommand = command !== undefined ? command.split('\n').map((line, i) => `    ${i === 0 ? '$ ' : '  '}${sanitizeLine(line)}`).join('\n') + '\n' : '';
  try {
    let prompt = `? ${question}\n${shownCommand}  ${choices} › `;
    for (;;) {
      const choice = parseStepAnswer(await rl.question(prompt, { signal: controller.signal }));
      if (choice) return choice;
      prompt = `  ${again} › `;
    }
  } catch {
    return 'interrupted';
  } finally {
    rl.close();
  }
}
