// Gates asked on a plain terminal (readline): a wrong word names the expected one and asks again; an empty
// line or Esc declines; Ctrl-C is an interrupt.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { askOnTerminal, judgeAnswer } from '../../src/ui/gate.js';

function terminal() {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stdin, stderr, written: () => written };
}

/** Resolves once the prompt has written `text` (no fixed sleeps). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const request = { stepId: 'flush', message: 'Flush Redis?', typeWord: 'FLUSHALL', risk: 'high' as const };

describe('gate on a plain terminal', () => {
  it('judges an answer: the word passes, another word asks again, an empty line declines', () => {
    expect(judgeAnswer('FLUSHALL', request)).toBe('accepted');
    expect(judgeAnswer('FLUSHAL', request)).toBe('again');
    expect(judgeAnswer('', request)).toBe('declined');
    expect(judgeAnswer('no', { typeWord: undefined })).toBe('declined');
  });

  it('asks again after a wrong word, naming the expected one, then takes the right one', async () => {
    const term = terminal();
    const answer = askOnTerminal(request, term.stdin, term.stderr, 'en');
    await until(() => term.written().includes('Type "FLUSHALL" to continue'));
    term.stdin.write('FLUSHAL\r');
    await until(() => term.written().includes('"FLUSHAL" is not "FLUSHALL".'));
    term.stdin.write('FLUSHALL\r');
    await expect(answer).resolves.toBe(true);
  });

  it('indents the lines after the first of a message under its question', async () => {
    const term = terminal();
    const answer = askOnTerminal({ ...request, message: 'Flush x\n✓ flush  ok\nreally?' }, term.stdin, term.stderr, 'en');
    await until(() => term.written().includes('Type "FLUSHALL" to continue'));
    expect(term.written()).toContain('? Flush x\n  ✓ flush  ok\n  really?\n  Type "FLUSHALL"');
    term.stdin.write('\r');
    await expect(answer).resolves.toBe(false);
  });

  it('declines on an empty line and on Esc; Ctrl-C interrupts', async () => {
    const empty = terminal();
    const declined = askOnTerminal(request, empty.stdin, empty.stderr, 'en');
    await until(() => empty.written().includes('Type "FLUSHALL"'));
    empty.stdin.write('\r');
    await expect(declined).resolves.toBe(false);

    const esc = terminal();
    const escaped = askOnTerminal(request, esc.stdin, esc.stderr, 'zh-CN');
    await until(() => esc.written().includes('输入 "FLUSHALL" 继续'));
    esc.stdin.write('FLU\u001b');
    await expect(escaped).resolves.toBe(false);

    const ctrlC = terminal();
    const interrupted = askOnTerminal(request, ctrlC.stdin, ctrlC.stderr, 'en');
    await until(() => ctrlC.written().includes('Type "FLUSHALL"'));
    ctrlC.stdin.write('\u0003');
    await expect(interrupted).resolves.toBe('interrupted');
  });
});
