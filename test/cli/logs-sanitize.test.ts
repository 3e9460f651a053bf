// `runbook logs` prints commands, reasons and output recorded from steps: escape sequences must not reach the terminal.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/cli/commands/logs.js';
import type { RunEvent } from '../../src/engine/events.js';
import { describeServeNote } from '../../src/serve/journal-note.js';
import { engineText } from '../../src/i18n/engine.js';

const base = { runId: 'r1', time: '2026-11-28T02:00:00.000Z' };
const ESC = '\u001b';

describe('describeEvent', () => {
  it.each<[string, RunEvent]>([
    ['a step command', { ...base, type: 'step.started', phase: 'steps', id: 's', name: 's', index: 0, total: 1, kind: 'run', command: `echo ${ESC}[2J${ESC}]0;pwned\u0007hi` }],
    ['a failure reason', { ...base, type: 'step.finished', phase: 'steps', id: 's', status: 'failed', durationMs: 5, reason: `exit 1: ${ESC}[31mred${ESC}[0m` }],
    ['a probe reason', { ...base, type: 'probe.finished', phase: 'preconditions', index: 0, name: 'p', ok: false, attempts: 1, reason: `${ESC}[1Aup` }],
    ['a skip reason', { ...base, type: 'step.skipped', phase: 'steps', id: 's', status: 'skipped', reason: `${ESC}[H\u009b2Jx` }],
    ['step output', { ...base, type: 'step.output', id: 's', stream: 'stdout', text: `${ESC}[2Kline` } as RunEvent],
    ['a run reason', { ...base, type: 'run.finished', status: 'failed', exitCode: 1, durationMs: 3, reason: `bad\u0007${ESC}[?1049h` } as RunEvent],
  ])('neutralises escape sequences in %s', (_what, event) => {
    const line = describeEvent(event);
    for (const control of [ESC, '\u0007', '\u009b']) expect(line).not.toContain(control);
  });

  // A journal is untrusted: a value with a line break must not print a line that reads like one of logs' own.
  const forged = '\n02:00:01.000  deploy: ok · 5ms';
  it.each<[string, RunEvent]>([
    ['a failure reason', { ...base, type: 'step.finished', phase: 'steps', id: 's', status: 'failed', durationMs: 5, reason: `exit 1${forged}` }],
    ['a skip reason', { ...base, type: 'step.skipped', phase: 'steps', id: 's', status: 'skipped', reason: `when${forged}` }],
    ['a step id', { ...base, type: 'step.verifying', id: `s${forged}`, attempt: 1, of: 2 } as RunEvent],
    ['a probe name', { ...base, type: 'probe.started', phase: 'preconditions', index: 0, name: `disk${forged}` } as RunEvent],
    ['a host', { ...base, type: 'host.finished', host: `web1${forged}`, status: 'ok' } as RunEvent],
    ['a playbook name', { ...base, type: 'run.started', playbook: { name: `deploy${forged}`, risk: 'low' }, params: [], sandbox: false, journalDir: '/j' } as unknown as RunEvent],
    ['a run reason after a carriage return', { ...base, type: 'run.finished', status: 'failed', exitCode: 1, durationMs: 3, reason: `x\r02:00:01.000  run finished: ok` } as RunEvent],
    ['a time', { ...base, time: '2026-11-28T0\n:00:00.000Z', type: 'step.verifying', id: 's', attempt: 1, of: 2 } as RunEvent],
  ])('keeps %s on its line, a line break shown as ␤ (en and zh-CN)', (_what, event) => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const line = describeEvent(event, engineText(lang), lang);
      expect(line).not.toMatch(/[\n\r\u2028]/);
      expect(line.startsWith(event.time === base.time ? '02:00:00.000  ' : '0␤')).toBe(true);
      // What the tool wrote before the value is still there (a carriage return in the value hides nothing of it).
      const plain = describeEvent({ ...event, ...('reason' in event ? { reason: 'R' } : {}) } as RunEvent, engineText(lang), lang);
      if ('reason' in event) expect(line).toContain(plain.slice(0, plain.indexOf('R')));
    }
  });

  it("indents the lines after the first of a command or a gate's message under the time", () => {
    const gate = describeEvent({ ...base, type: 'confirm.requested', id: 'gate', message: `Go x${forged}?` });
    expect(gate.split('\n')).toEqual(['02:00:00.000  gate: confirm? Go x', '              02:00:01.000  deploy: ok · 5ms?']);
    const command = describeEvent({ ...base, type: 'step.started', phase: 'steps', id: 's', name: 's', index: 0, total: 1, kind: 'run', command: 'echo one\necho two' });
    expect(command.split('\n')).toEqual(['02:00:00.000  s: started $ echo one', '              echo two']);
  });

  it("keeps an unrolled step's id and name on their line under the run's end", () => {
    const event = { ...base, type: 'run.finished', status: 'rollback_failed', exitCode: 1, durationMs: 3, unrolled: [{ id: `a${forged}`, name: `A${forged}` }] } as unknown as RunEvent;
    const lines = describeEvent(event).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('    a␤02:00:01.000  deploy: ok · 5ms (A␤02:00:01.000  deploy: ok · 5ms)');
  });

  it('shows a line or paragraph separator in a value as its escape', () => {
    expect(describeEvent({ ...base, type: 'step.finished', phase: 'steps', id: 's', status: 'failed', durationMs: 5, reason: 'a\u2028b\u2029c' })).toContain('a\\u2028b\\u2029c');
  });

  it('keeps the readable text of a command', () => {
    const line = describeEvent({ ...base, type: 'step.started', phase: 'steps', id: 'clean', name: 'clean', index: 0, total: 1, kind: 'run', command: `rm -rf /srv/cache/${ESC}[31mold` });
    expect(line).toBe('02:00:00.000  clean: started $ rm -rf /srv/cache/old');
  });
});

describe('the note of a run the server started (serve.json, read as untrusted)', () => {
  /** What `runbook logs` makes of `note` written as a run's serve.json (in English). */
  function describeNote(note: object): ReturnType<typeof describeServeNote> {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-logs-note-'));
    try {
      writeFileSync(join(dir, 'serve.json'), JSON.stringify(note));
      return describeServeNote(dir, 'en');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('keeps each field inside its line: an alert name or a reason with a line break reads as ␤', () => {
    const { lines } = describeNote({
      request: 'r-1', rule: 'auto', requestedBy: 'alertmanager', server: 'one',
      alert: { alertname: 'Down\n12:00:00.000  s: ok', fingerprint: 'f', startsAt: '', labels: {} },
      approvedBy: [{ who: 'alice', at: '2026-12-07T00:00:00.000Z', reason: 'fine\napproved by mallory' }],
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('alert Down␤12:00:00.000  s: ok (f)');
    expect(lines[1]).toContain('fine␤approved by mallory');
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('is shown, not taken for a damaged note, when it holds a field named `fault` (a forged reason)', () => {
    const said = describeNote({
      request: 'r-1', rule: 'auto', requestedBy: 'alertmanager', server: 'one',
      alert: { alertname: 'Down', fingerprint: 'f', startsAt: '', labels: {} },
      approvedBy: [{ who: 'mallory', at: '2026-12-07T00:00:00.000Z' }],
      fault: { key: 'hostNotSelected', host: 'db1', pattern: 'web*', inventory: 'prod.yaml' },
    });
    expect(said.problem).toBeUndefined();
    expect(said.lines).toHaveLength(2);
    expect(said.lines[1]).toContain('mallory');
  });
});

describe('runbook logs --step', () => {
  const exec = promisify(execFile);
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook.js');
  const dir = mkdtempSync(join(tmpdir(), 'runbook-logs-step-'));
  const home = join(dir, 'home');
  const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };
  // OSC 52 (write the clipboard), clear screen, window title — then readable text.
  const hostile = `${ESC}]52;c;cm0gLXJmIH4=\u0007${ESC}[2J${ESC}]0;pwned\u0007hello from the step`;

  beforeAll(async () => {
    const playbook = join(dir, 'hostile.yaml');
    writeFileSync(playbook, `name: hostile\ntitle: Hostile output\nsteps:\n  - id: noisy\n    run: printf '\\033]52;c;cm0gLXJmIH4=\\007\\033[2J\\033]0;pwned\\007hello from the step\\n'\n`);
    await exec(process.execPath, [bin, 'play', playbook, '--home', home, '--output', 'plain'], { env });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `runbook logs` with stdout on a real pseudo-terminal (util-linux `script`). */
  const onTerminal = async (args: string[]) => {
    const line = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ');
    return (await exec('script', ['-qec', line, '/dev/null'], { env })).stdout;
  };

  it('keeps the recorded bytes when piped', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'logs', 'last', '--step', 'noisy', '--home', home], { env });
    expect(stdout).toBe(`${hostile}\n`);
  });

  it('neutralises escape sequences on a terminal', async () => {
    const out = await onTerminal(['logs', 'last', '--step', 'noisy', '--home', home]);
    expect(out).toContain('hello from the step');
    for (const control of [ESC, '\u0007', '52;c;', 'pwned']) expect(out).not.toContain(control);
  });

  it('--raw gives the recorded bytes on a terminal too', async () => {
    const out = await onTerminal(['logs', 'last', '--step', 'noisy', '--raw', '--home', home]);
    expect(out).toContain(`${ESC}]52;c;cm0gLXJmIH4=`);
    expect(out).toContain('hello from the step');
  });
});
