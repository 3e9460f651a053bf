// stop() ends every process a sandboxed run left behind (`sleep 300 &`), found by the sandbox's marker in their environment.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { markedProcesses, SANDBOX_MARKER } from '../../src/sandbox/reap.js';
import { timings } from '../../src/sandbox/world.js';
import { sh } from './helpers.js';
import { playText } from './run-playbook.js';

timings.startupMs = 0;

/** Running (not gone, not a zombie waiting to be reaped by an init that may never reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const pidsOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map(Number);

let sb: Sandbox | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.runIf(existsSync('/proc/self/environ'))('stopping a sandbox', () => {
  it.each([
    ['succeeds', 'true'],
    ['fails', 'exit 3'],
  ])('ends the background processes a run left behind when the run %s', async (_, end) => {
    sb = await startSandbox();
    const out = mkdtempSync(join(tmpdir(), 'runbook-reap-'));
    dirs.push(out);
    const pids = join(out, 'pids');
    // One in the step's process group, one in a session of its own (out of reach of process-group kills).
    const yaml = `name: leaves-sleep
title: Leaves a sleep behind
steps:
  - id: background
    run: |-
      sleep 300 > /dev/null 2>&1 &
      echo $! >> ${JSON.stringify(pids)}
      setsid sleep 301 > /dev/null 2>&1 < /dev/null &
      echo $! >> ${JSON.stringify(pids)}
      ${end}
`;
    const played = await playText(sb, yaml);
    expect(played.result.status).toBe(end === 'true' ? 'ok' : 'failed');
    const left = pidsOf(pids);
    expect(left).toHaveLength(2);
    expect(left.every(running)).toBe(true);
    expect(markedProcesses(sb.env[SANDBOX_MARKER]!)).toEqual(expect.arrayContaining(left));
    const started = Date.now();
    await sb.stop();
    sb = undefined;
    expect(left.filter(running)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('kills a process that ignores SIGTERM', async () => {
    sb = await startSandbox();
    const r = await sh(sb, `sh -c 'trap "" TERM; while :; do sleep 1; done' > /dev/null 2>&1 & echo $!`);
    const pid = Number(r.stdout.trim());
    expect(running(pid)).toBe(true);
    await sb.stop();
    sb = undefined;
    expect(running(pid)).toBe(false);
  });

  it('leaves processes of other sandboxes and of the host alone', async () => {
    sb = await startSandbox();
    const other = await startSandbox();
    try {
      const r = await sh(other, 'sleep 300 > /dev/null 2>&1 & echo $!');
      const pid = Number(r.stdout.trim());
      await sb.stop();
      sb = undefined;
      expect(running(pid)).toBe(true);
      expect(running(process.pid)).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
