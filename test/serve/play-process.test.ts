// The run process as the server reads it: NDJSON events line by line, a malformed or cut line skipped, a crash told apart from a result.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playArgs, startPlay, type PlayEvent } from '../../src/serve/play-process.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A stand-in for bin/runbook.js: writes what the script says to stdout, then exits as told. */
function fakeRunbook(dir: string, script: string): string {
  const file = join(dir, 'fake-runbook.js');
  writeFileSync(file, script);
  return file;
}

function run(bin: string) {
  const events: PlayEvent[] = [];
  const bad: string[] = [];
  const handle = startPlay({ bin, playbook: '/p.yaml', params: { service: 'a; rm -rf /' }, env: process.env, cwd: process.cwd(), lang: 'en', onEvent: (e) => events.push(e), onBadLine: (l) => bad.push(l) });
  return { handle, events, bad };
}

describe('the run process', () => {
  it('passes every parameter as one argv element, never through a shell', () => {
    expect(playArgs({ playbook: '/p.yaml', params: { service: 'a; rm -rf /', note: '$(x)' }, lang: 'en', sandboxDir: '/s' })).toEqual([
      '--lang', 'en', 'play', '/p.yaml', '--output', 'json', '--yes', '-p', 'service=a; rm -rf /', '-p', 'note=$(x)', '--sandbox', '--sandbox-attach', '/s',
    ]);
  });

  it('reads events split across writes, skips malformed lines, and keeps run.finished', async () => {
    const dir = tempDir();
    const bin = fakeRunbook(
      dir,
      `const w = (s) => process.stdout.write(s);
w('{"v":1,"type":"run.started","runId":"r1","jour');
setTimeout(() => {
  w('nalDir":"/j"}\\nnot json at all\\n{"v":1,"type":"step.started"}\\n[1,2]\\n');
  w('{"v":1,"type":"run.finished","runId":"r1","status":"ok","exitCode":0}\\n');
}, 20);`,
    );
    const { handle, events, bad } = run(bin);
    const exit = await handle.done;
    expect(events.map((e) => e.type)).toEqual(['run.started', 'run.finished']);
    expect(events[0]!.journalDir).toBe('/j');
    expect(bad).toEqual(['not json at all', '{"v":1,"type":"step.started"}', '[1,2]']);
    expect(exit).toMatchObject({ code: 0, signal: null, finished: { status: 'ok' } });
  });

  it('tells a crash (no run.finished, killed) from a result, with the end of stderr', async () => {
    const dir = tempDir();
    const bin = fakeRunbook(dir, `process.stdout.write('{"v":1,"type":"run.started","runId":"r2"}\\n'); process.stderr.write('about to die\\n'); process.kill(process.pid, 'SIGKILL');`);
    const { handle } = run(bin);
    const exit = await handle.done;
    expect(exit.finished).toBeUndefined();
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.stderr).toBe('about to die\n');
  });
});
