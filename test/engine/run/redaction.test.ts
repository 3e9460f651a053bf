// Secrets are masked in every sink: events, journal, step logs, reasons, plan.json — also when split across chunks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../../src/engine/redact.js';
import { Redactor } from '../../../src/engine/run/redact-stream.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, env, plan, probe, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

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
