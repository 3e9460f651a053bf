// Closing the journal while a background flush of events.jsonl is in flight: the flush ends on the open descriptor and
// closes it itself, at once (no polling, no descriptor closed under a running fdatasync, none left open).
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../src/engine/events.js';
import { Journal, type RunMeta } from '../../../src/engine/run/journal.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** fdatasync calls held back until released: each entry runs the real call and its callback. */
const held: (() => void)[] = [];
const closed: number[] = [];
/** For each flush released, once its callback has returned: whether its descriptor was still open then. */
const openAfterFlush: boolean[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    fdatasync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      held.push(() =>
        real.fdatasync(fd, (error) => {
          callback(error);
          openAfterFlush.push(isOpen(fd));
        }),
      );
    },
    closeSync: (fd: number) => {
      closed.push(fd);
      real.closeSync(fd);
    },
  };
});

const meta: RunMeta = {
  runId: 'r1',
  playbook: 'p',
  title: 'P',
  file: '',
  lock: 'p',
  params: {},
  secretParams: [],
  sandbox: false,
  user: 'u',
  host: 'h',
  pid: process.pid,
  startedAt: new Date(0).toISOString(),
};

const event = (stepId: string): RunEvent => ({ type: 'step.started', stepId, attempt: 1, at: new Date(0).toISOString() }) as unknown as RunEvent;

/** Whether `fd` is an open descriptor of this process. */
function isOpen(fd: number): boolean {
  try {
    fs.fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

describe('Journal.close with a background flush in flight', () => {
  it('leaves the descriptor to the flush, which closes it when it ends; every event is on disk', async () => {
    const journal = Journal.create(tempDir(), 'r1', {}, meta);
    journal.append(event('a'), true);
    journal.append(event('b'), true); // coalesced: another flush is due after the first
    expect(held).toHaveLength(1);
    const fd = (journal as unknown as { eventsFd: number }).eventsFd;

    closed.length = 0; // descriptor numbers are reused: only what is closed from here on
    journal.close();
    // As long as the flush runs (here: until released), the descriptor stays open under it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(isOpen(fd)).toBe(true);
    expect(closed).not.toContain(fd);

    const flushed = new Promise<void>((resolve) => {
      const wait = (): void => void (openAfterFlush.length > 0 ? resolve() : setImmediate(wait));
      wait();
    });
    held.shift()!();
    await flushed;
    // Closed by the flush itself as it ended (no poll after it, no timer keeping the process up).
    expect(openAfterFlush).toEqual([false]);
    expect(closed.filter((c) => c === fd)).toHaveLength(1);
    // The flush due after the first is not started on a closed descriptor.
    expect(held).toHaveLength(0);
    const lines = fs.readFileSync(join(journal.dir, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { stepId: string }).stepId)).toEqual(['a', 'b']);
  });

  it('closes at once when no flush is in flight', () => {
    const journal = Journal.create(tempDir(), 'r2', {}, { ...meta, runId: 'r2' });
    journal.append(event('a'));
    const fd = (journal as unknown as { eventsFd: number }).eventsFd;
    journal.close();
    expect(isOpen(fd)).toBe(false);
  });
});
