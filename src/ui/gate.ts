// Confirmation gates outside the live view: what counts as "yes", and asking on a plain terminal.
import { createInterface } from 'node:readline/promises';
import type { ConfirmReply, ConfirmRequest } from '../engine/events.js';
import type { Lang } from '../engine/text.js';
import { typedWordMatches } from '../steps/confirm.js';
import { uiText } from '../i18n/ui.js';
import { sanitizeLine } from './sanitize.js';

/**
 * Whether an answer passes a gate: a gate with a word to type wants exactly that word (the engine's
 * `typedWordMatches`, as docs/engine.md says: only a trailing newline is forgiven); else y/yes/是.
 */
export function isAccepted(answer: string, request: Pick<ConfirmRequest, 'typeWord'>): boolean {
  if (request.typeWord !== undefined) return typedWordMatches(answer, request.typeWord);
  return /^(y|yes|是)$/i.test(answer.trim());
}

export async function askOnTerminal(
  request: ConfirmRequest,
  stdin: NodeJS.ReadableStream,
  stderr: NodeJS.WritableStream,
  lang: Lang,
): Promise<ConfirmReply> {
  const t = uiText(lang);
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  const question = request.typeWord
    ? `? ${sanitizeLine(request.message)}\n  ${t('confirm.typeWord', { word: request.typeWord })} `
    : `? ${sanitizeLine(request.message)} ${t('confirm.yesNo')} `;
  const controller = new AbortController();
  let interrupted = false;
  rl.on('SIGINT', () => {
    // Raw terminal input swallows Ctrl-C: the answer says so, and the engine treats it as SIGINT.
    interrupted = true;
    controller.abort();
  });
  try {
    const answer = await rl.question(question, { signal: controller.signal });
    return isAccepted(answer, request);
  } catch {
    return interrupted ? 'interrupted' : false;
  } finally {
    rl.close();
  }
}
