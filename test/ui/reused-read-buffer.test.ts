// Output read into one reused buffer (src/process/pump.ts) reaches the plain and NDJSON reporters as it would in fresh buffers.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Reporter } from '../../src/engine/events.js';
import { Emitter } from '../../src/engine/run/emitter.js';
import { OutputCapture, defaultOutputLimits } from '../../src/engine/run/output.js';
import { Redactor } from '../../src/engine/run/redact-stream.js';
import { createJsonReporter } from '../../src/ui/json.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { random } from '../helpers/random.js';

const SECRETS = [`s3cr3t'"/ &x`, 'pässwörd42', 'tok\\en%9'];

/** Random output in pieces: lines, long lines, secrets (cut anywhere), escapes, tabs, UTF-8 cut anywhere, bytes. */
function output(rand: () => number): Buffer {
  const ascii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x20 + Math.floor(rand() * 95))).join('');
  const pieces: Buffer[] = [];
  for (let i = 0; i < 60; i++) {
    const k = rand();
    const secret = SECRETS[Math.floor(rand() * SECRETS.length)]!;
    const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
    if (k < 0.3) pieces.push(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 50) }, () => ascii(Math.floor(rand() * 120))).join('\n') + '\n'));
    else if (k < 0.45) pieces.push(Buffer.from(ascii(1000 + Math.floor(rand() * 200_000)) + (rand() < 0.5 ? '\n' : '')));
    else if (k < 0.6) pieces.push(Buffer.from(`${ascii(20)}${forms[Math.floor(rand() * forms.length)]}${ascii(20)}\n`));
    else if (k < 0.7) pieces.push(Buffer.from(`\x1b[31mred\x1b[0m\t${ascii(30)}\r\n`));
    else if (k < 0.8) pieces.push(Buffer.from(`héllo 漢字 🎉 ${ascii(30)}\n`));
    else pieces.push(Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))));
  }
  return Buffer.concat(pieces);
}

/** What the reporters print for `bytes` pushed in the chunks `cuts` gives, each copied into `shared` (when given) and overwritten after the call. */
function report(bytes: Buffer, cuts: number[], shared: Buffer | undefined) {
  const plainOut = new PassThrough();
  const jsonOut = new PassThrough();
  const texts: string[] = [];
  const reporters: Reporter[] = [
    createPlainReporter({ lang: 'en', stdout: plainOut, stderr: new PassThrough(), heartbeatMs: 0 }),
    createJsonReporter({ stdout: jsonOut }),
    { onEvent: (event) => event.type === 'step.output' && texts.push(event.text) },
  ];
  const redactor = new Redactor(SECRETS);
  const emitter = new Emitter('run', reporters, redactor);
  const capture = new OutputCapture(defaultOutputLimits, redactor, (stream, piece) => emitter.output({ type: 'step.output', id: 'step', stream }, piece), undefined, 'step');
  capture.beginAttempt();
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    const chunk = bytes.subarray(at, cut);
    at = cut;
    if (!shared) {
      capture.push(cut % 3 === 0 ? 'stderr' : 'stdout', Buffer.from(chunk));
      continue;
    }
    const view = shared.subarray(0, chunk.length);
    chunk.copy(view);
    capture.push(cut % 3 === 0 ? 'stderr' : 'stdout', view);
    view.fill(0x23);
  }
  const { tail } = capture.endAttempt();
  emitter.emit({ type: 'step.finished', phase: 'steps', id: 'step', status: 'ok', durationMs: 0 });
  const read = (stream: PassThrough) => String(stream.read() ?? '');
  return { plain: read(plainOut), json: read(jsonOut).replace(/"time":"[^"]*"/g, ''), text: texts.join(''), tail };
}

describe('output read into one reused buffer', () => {
  it('prints, masks and keeps what fresh buffers give, whatever the chunks (plain, NDJSON, text events, tail)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = random(seed);
      const bytes = output(rand);
      const cuts: number[] = [];
      for (let at = Math.floor(rand() * 4000); at < bytes.length; at += 1 + Math.floor(rand() * (rand() < 0.5 ? 300 : 256 * 1024))) cuts.push(at);
      const fresh = report(bytes, cuts, undefined);
      const reused = report(bytes, cuts, Buffer.alloc(256 * 1024));
      expect(reused, `seed ${seed}`).toEqual(fresh);
      for (const secret of SECRETS) expect(fresh.plain + fresh.text + fresh.tail, `seed ${seed}`).not.toContain(secret);
      expect(fresh.plain, `seed ${seed}`).toContain('    │ ');
    }
  });
});
