// /proc/<pid>/stat as the engine reads it: the fields that name a process group and its leader for good.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, procStat } from '../../src/process/proc.js';

const linux = process.platform === 'linux';

describe('parseProcStat', () => {
  it('takes state, group, session and start time after a command name holding spaces and parentheses', () => {
    const tail = Array.from({ length: 30 }, (_, i) => String(100 + i)).join(' ');
    const line = `4242 (evil) S 1 2 3 (x)) R 1 4242 4242 0 -1 4194560 ${tail}\n`;
    // After the last ')': R=state, 1=ppid, 4242=pgrp, 4242=session, then tty tpgid flags and the 30 numbers.
    const stat = parseProcStat(4242, line);
    expect(stat).toEqual({ pid: 4242, state: 'R', pgrp: 4242, session: 4242, startTicks: 112 });
  });

  it('refuses a line without a command name', () => {
    expect(parseProcStat(1, 'garbage')).toBeUndefined();
  });
});

describe.runIf(linux)('procStat', () => {
  it('reads this process as the kernel describes it', () => {
    const fields = readFileSync('/proc/self/stat', 'latin1');
    const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    const stat = procStat(process.pid);
    expect(stat).toMatchObject({ pid: process.pid, pgrp: Number(after[2]), session: Number(after[3]), startTicks: Number(after[19]) });
  });

  it('names a child in a session of its own as the leader of its group', async () => {
    const child = spawn('sleep', ['5'], { detached: true, stdio: 'ignore' });
    try {
      const stat = procStat(child.pid!);
      expect(stat).toMatchObject({ pid: child.pid, pgrp: child.pid });
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('is undefined for a process that is gone', async () => {
    const child = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    // Reaped by Node: /proc/<pid> no longer exists.
    expect(procStat(child.pid!)).toBeUndefined();
  });
});
