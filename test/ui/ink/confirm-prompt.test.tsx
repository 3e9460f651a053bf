// The live view's gate: a message over several lines, or one long line wrapped, goes on under the message's first
// character, as the plain lines indent it under their `?` — no line of it starts where the prompt's own lines do.
import './no-color.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ConfirmPrompt } from '../../../src/ui/ink/ConfirmPrompt.js';
import type { PendingConfirm } from '../../../src/ui/run-view.js';
import { uiText } from '../../../src/i18n/ui.js';
import type { Lang } from '../../../src/engine/text.js';
import { createPlainReporter } from '../../../src/ui/plain.js';

/** The prompt's lines inside its border, right-trimmed (ink-testing-library draws 100 columns). */
function promptLines(request: PendingConfirm, lang: Lang): string[] {
  const { lastFrame, unmount } = render(<ConfirmPrompt request={request} t={uiText(lang)} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} />);
  const frame = lastFrame() ?? '';
  unmount();
  return frame
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) => line.replace(/^│ /, '').replace(/\s*│$/, ''));
}

/** A gate's message as an author wrote it (`confirm: |`), with a line that looks like one of the tool's. */
const MESSAGES = { en: ['Restart the API now?', '✓ [2/2] say  ok', 'This drops open connections.'], 'zh-CN': ['现在重启 API？', '✓ [2/2] say  ok', '会断开已有的连接。'] };

describe("the live view's gate question", () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const [first, second, third] = MESSAGES[lang];
    const MESSAGE = MESSAGES[lang].join('\n');
    const indented = [`? ${first}`, `  ${second}`, `  ${third}`];
    it(`puts a message's later lines under its first, not at the prompt's edge (${lang})`, () => {
      const lines = promptLines({ stepId: 'gate', message: MESSAGE, risk: 'medium' }, lang);
      expect(lines.slice(0, 3)).toEqual(indented);
      // The prompt's own lines still start at its edge.
      expect(lines[3]).toBe(uiText(lang)('confirm.yesNo'));
    });

    it(`does so for a high-risk gate that asks for a word, and for play --step (${lang})`, () => {
      const typed = promptLines({ stepId: 'gate', message: MESSAGE, risk: 'high', typeWord: 'restart' }, lang);
      expect(typed.slice(0, 3)).toEqual(indented);
      const step = promptLines({ stepId: 'gate', message: MESSAGE, risk: 'low', step: { command: 'true', choices: 'y/n/s/q', again: 'again' } }, lang);
      expect(step.slice(0, 3)).toEqual(indented);
    });
  }

  it('wraps a long line under its first character too', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const lines = promptLines({ stepId: 'gate', message: words, risk: 'medium' }, 'en');
    const question = lines.slice(0, lines.findIndex((l) => l === uiText('en')('confirm.yesNo')));
    expect(question.length).toBeGreaterThan(1);
    expect(question[0]!.startsWith('? word0 ')).toBe(true);
    for (const line of question.slice(1)) expect(line).toMatch(/^ {2}word\d+/);
  });

  it('shows a carriage return as the plain lines do, never hiding the lines before it', () => {
    const message = 'Drop the production database?\nticket: OPS-1\rOPS-2';
    const live = promptLines({ stepId: 'gate', message, risk: 'high' }, 'en');
    expect(live.slice(0, 2)).toEqual(['? Drop the production database?', '  ticket: OPS-1␍OPS-2']);
    const chunks: string[] = [];
    const stream = { write: (s: string) => chunks.push(String(s)), on: () => undefined } as unknown as NodeJS.WritableStream;
    createPlainReporter({ lang: 'en', stdout: stream, stderr: stream }).onEvent({ runId: 'r', time: '2026-11-28T01:00:00.000Z', type: 'confirm.requested', id: 'gate', message });
    const plain = chunks.join('');
    expect(plain).toContain('Drop the production database?');
    expect(plain).toContain('\n      ticket: OPS-1␍OPS-2');
  });
});
