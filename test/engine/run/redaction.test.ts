// Secrets are masked in every sink: events, journal, step logs, reasons, plan.json — also when split across chunks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../../src/engine/redact.js';
import { Redactor } from '../../../src/engine/run/redact-stream.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, env, plan, probe, rollback, step } from './plan-builder.js';
import { confirmStep, param } from '../../helpers/plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { createJsonReporter } from '../../../src/ui/json.js';
import { createPlainReporter } from '../../../src/ui/plain.js';
import { sanitizeText } from '../../../src/ui/sanitize.js';
import type { ConfirmRequest, Reporter } from '../../../src/engine/events.js';

const SECRET = 'hunter2-Sup3r-secret';

function everything(dir: string): string {
  const files = ['plan.json', 'events.jsonl', 'meta.json', ...readdirSync(join(dir, 'steps')).map((f) => join('steps', f))];
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

describe('redaction', () => {
  it('masks a secret split across chunks and lines, in events, logs, reasons and the journal', async () => {
    const home = tempDir();
    const reporter = collector();
    const half = SECRET.length / 2;
    const result = await runPlan(
      plan(
        [
          // Printed in two writes with a pause, so the two halves arrive in separate chunks.
          step('split', `printf '%s' '${SECRET.slice(0, half)}'; sleep 0.1; printf '%s\\n' '${SECRET.slice(half)}'; echo "$TOKEN" >&2`),
          step('fails', `echo "bad token $TOKEN" >&2; exit 1`, { rollback: rollback('echo "$TOKEN"') }),
        ],
        { env: [env('TOKEN', SECRET, true)], preconditions: [probe(`test -n "$TOKEN"`)] },
      ),
      { home, reporter },
    );
    expect(result.status).toBe('failed');
    const emitted = JSON.stringify(reporter.events);
    expect(emitted).not.toContain(SECRET);
    expect(emitted).not.toContain(SECRET.slice(0, half + 1));
    const splitOut = reporter
      .of('step.output')
      .filter((e) => e.id === 'split' && e.stream === 'stdout')
      .map((e) => e.text)
      .join('');
    expect(splitOut).toBe(`${MASK}\n`);
    expect(result.reason).toBe(`fails: exit code 1: bad token ${MASK}`);
    expect(everything(result.journalDir)).not.toContain(SECRET);
    expect(readFileSync(join(result.journalDir, 'steps', 'split.log'), 'utf8')).toContain(MASK);
  });

  it.each([
    ['the secret alone', 'printf %s "$TOKEN"', `(invalid, ${SECRET.length} characters)`],
    ['JSON followed by the secret', `printf '{"a":1} %s' "$TOKEN"`, '(at character 9)'],
    ['JSON cut short in the secret', `printf '{"a":"%s' "$TOKEN"`, `(at character ${'{"a":"'.length + SECRET.length + 1})`],
    ['empty', 'true', '(it ends early, after 0 characters)'],
  ])('a parse: json failure names a position, never a slice of stdout (%s)', async (_what, command, where) => {
    const home = tempDir();
    const reporter = collector();
    const result = await runPlan(plan([step('parse', command, { parse: 'json' })], { env: [env('TOKEN', SECRET, true)] }), { home, reporter });
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('not JSON');
    expect(result.reason).toContain(where);
    const events = readFileSync(join(result.journalDir, 'events.jsonl'), 'utf8');
    for (const text of [events, JSON.stringify(reporter.events), result.reason ?? '']) {
      expect(text).not.toContain(SECRET.slice(0, 4));
      expect(text).not.toContain('is not valid JSON');
    }
  });

  it('masks multi-line secrets', () => {
    const redactor = new Redactor(['line one\nline two']);
    const stream = redactor.stream();
    const out = stream.push('before line ') + stream.push('one\nli') + stream.push('ne two after') + stream.end();
    expect(out).toBe(`before ${MASK} after`);
  });

  it('holds back only what could start a secret', () => {
    const stream = new Redactor(['abcdef']).stream();
    expect(stream.push('xxab')).toBe('xx');
    expect(stream.push('cz')).toBe('abcz');
    expect(stream.push('abcdef!')).toBe(`${MASK}!`);
    expect(stream.end()).toBe('');
  });
});

describe('redaction of what a terminal would show', () => {
  /** A sink that keeps what it is given as text. */
  const sink = () => {
    const chunks: string[] = [];
    return { stream: { write: (s: string | Buffer) => chunks.push(String(s)), on: () => undefined } as unknown as NodeJS.WritableStream, text: () => chunks.join('') };
  };

  it('masks a secret printed with an escape sequence inside, in events, the step log and every reporter', async () => {
    const home = tempDir();
    const reporter = collector();
    const plain = sink();
    const json = sink();
    const result = await runPlan(
      plan([step('leak', `printf '%s\\033[0m%s\\n' "\${TOKEN:0:6}" "\${TOKEN:6}"; printf '%s\\033]0;t\\007%s\\n' "\${TOKEN:0:3}" "\${TOKEN:3}" >&2`)], { env: [env('TOKEN', SECRET, true)] }),
      {
        home,
        reporter: [reporter, createPlainReporter({ lang: 'en', stdout: plain.stream, stderr: plain.stream }), createJsonReporter({ stdout: json.stream })],
      },
    );
    expect(result.status).toBe('ok');
    const output = reporter
      .of('step.output')
      .map((e) => e.text)
      .join('');
    // What a human sink shows (escape sequences removed) never holds the secret, nor do the raw sinks.
    for (const text of [output, readFileSync(join(result.journalDir, 'steps', 'leak.log'), 'utf8'), plain.text(), json.text()]) {
      expect(sanitizeText(text)).not.toContain(SECRET);
      expect(text).toContain(MASK);
    }
    expect(plain.text()).toContain(`    │ ${MASK}\n`);
  });

  it("masks secrets in what a gate asks and in the journal's title", async () => {
    const home = tempDir();
    const asked: ConfirmRequest[] = [];
    const asker: Reporter = { onEvent: () => undefined, confirm: async (request) => (asked.push(request), true) };
    const result = await runPlan(
      plan([{ ...confirmStep('gate', `Deploy with ${SECRET}?`), action: { kind: 'confirm', message: `Deploy with ${SECRET}?`, typeWord: { text: SECRET, source: '{{token}}', kind: 'text', deferred: false, raw: [] } } }], {
        params: [param('token', SECRET, { secret: true, source: 'given' })],
      }, { title: `Title ${SECRET}` }),
      { home, reporter: asker, interactive: true },
    );
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked)).not.toContain(SECRET);
    expect(asked[0]!.message).toBe(`Deploy with ${MASK}?`);
    expect(everything(result.journalDir)).not.toContain(SECRET);
    expect(readFileSync(join(result.journalDir, 'meta.json'), 'utf8')).toContain(`Title ${MASK}`);
  });
});
