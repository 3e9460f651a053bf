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

/**
 * What an answer does: pass, decline, or (a wrong word typed at a typed-word gate) ask again, showing the
 * expected word. An empty answer declines.
 */
export function judgeAnswer(answer: string, request: Pick<ConfirmRequest, 'typeWord'>): 'accepted' | 'declined' | 'again' {
  if (isAccepted(answer, request)) return 'accepted';
  return request.typeWord !== undefined && answer.trim() !== '' ? 'again' : 'declined';
}

export async function askOnTerminal(
  request: ConfirmRequest,
  stdin: NodeJS.ReadableStream,
  stderr: NodeJS.WritableStream,
  lang: Lang,
): Promise<ConfirmReply> {
  const t = uiText(lang);
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  // A message over several lines goes on indented under its `?`, as the plain lines show it.
  const message = sanitizeLine(request.message).replace(/\n/g, '\n  ');
  const question = request.typeWord
    ? `? ${message}\n  ${t('confirm.typeWord', { word: request.typeWord })} `
    : `? ${message} ${t('confirm.yesNo')} `;
  const controller = new AbortController();
  let stopped: 'interrupted' | 'declined' | undefined;
  rl.on('SIGINT', () => {
    // Raw terminal input swallows Ctrl-C: the answer says so, and the engine treats it as SIGINT.
    stopped = 'interrupted';
    controller.abort();
  });
  // Esc declines, as in the live view (readline has already turned the bytes into keypress events).
  const onKeypress = (_: unknown, key: { name?: string } | undefined): void => {
    if (key?.name !== 'escape') return;
    stopped ??= 'declined';
    controller.abort();
  };
  stdin.on('keypress', onKeypress);
  try {
    let prompt = question;
    for (;;) {
      const answer = await rl.question(prompt, { signal: controller.signal });
      const verdict = judgeAnswer(answer, request);
      if (verdict !== 'again') return verdict === 'accepted';
      prompt = `  ${t('confirm.wrongWord', { typed: sanitizeLine(answer), word: request.typeWord ?? '' })} ${t('confirm.typeWord', { word: request.typeWord ?? '' })} `;
    }
  } catch {
    return stopped === 'interrupted' ? 'interrupted' : false;
  } finally {
    stdin.off('keypress', onKeypress);
    rl.close();
  }
}
