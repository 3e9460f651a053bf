// Confirmation gates outside the live view: what counts as "yes", and asking on a plain terminal.
import { createInterface } from 'node:readline/promises';
import type { ConfirmRequest } from '../engine/events.js';
import type { Lang } from '../engine/text.js';
import { uiText } from '../i18n/ui.js';
import { sanitizeLine } from './sanitize.js';

/** Whether an answer passes a gate: the exact word for high-risk gates, else y/yes/是. */
export function isAccepted(answer: string, request: Pick<ConfirmRequest, 'typeWord'>): boolean {
  const trimmed = answer.trim();
  if (request.typeWord !== undefined) return trimmed === request.typeWord;
  return /^(y|yes|是)$/i.test(trimmed);
}

export async function askOnTerminal(
  request: ConfirmRequest,
  stdin: NodeJS.ReadableStream,
  stderr: NodeJS.WritableStream,
  lang: Lang,
): Promise<boolean> {
  const t = uiText(lang);
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  const question = request.typeWord
    ? `? ${sanitizeLine(request.message)}\n  ${t('confirm.typeWord', { word: request.typeWord })} `
    : `? ${sanitizeLine(request.message)} ${t('confirm.yesNo')} `;
  const controller = new AbortController();
  rl.on('SIGINT', () => {
    // Raw terminal input swallows Ctrl-C: decline, and deliver the signal to the engine as a real one.
    controller.abort();
    process.kill(process.pid, 'SIGINT');
  });
  try {
    const answer = await rl.question(question, { signal: controller.signal });
    return isAccepted(answer, request);
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
