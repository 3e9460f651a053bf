// Every file the journal writes whole (meta.json, plan.json, outputs) reaches the disk before it replaces the
// old one: temporary file, fsync, rename, fsync of the directory (issue 11: a power cut left meta.json empty).
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { plan, step } from './plan-builder.js';

/** What the journal did, in order: `open <path>`, `fsync <path>`, `rename <from> <to>`. */
const calls: string[] = [];
const paths = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (path: fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
      paths.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${paths.get(fd)}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`rename ${String(from)} ${String(to)}`);
      real.renameSync(from, to);
    },
  };
});

beforeEach(() => {
  calls.length = 0;
});

describe('durable journal files', () => {
  it('meta.json, plan.json and outputs are fsynced, renamed into place, and their directory fsynced; no temporary file is left', async () => {
    const home = tempDir();
    const result = await runPlan(plan([step('one', 'echo hello')]), { home });
    for (const file of [join(result.journalDir, 'meta.json'), join(result.journalDir, 'plan.json'), join(result.journalDir, 'steps', 'one.outputs.json')]) {
      const renamed = calls.findIndex((c) => c.startsWith('rename ') && c.endsWith(` ${file}`));
      expect(renamed, file).toBeGreaterThan(0);
      const tmp = calls[renamed]!.split(' ')[1]!;
      expect(calls.slice(0, renamed)).toContain(`fsync ${tmp}`);
      expect(calls.slice(renamed)).toContain(`fsync ${dirname(file)}`);
    }
    // meta.json is written at the start and replaced at the end: both times durably.
    expect(calls.filter((c) => c.endsWith(` ${join(result.journalDir, 'meta.json')}`))).toHaveLength(2);
    const leftovers = [...fs.readdirSync(result.journalDir), ...fs.readdirSync(join(result.journalDir, 'steps'))].filter((name) => name.includes('.tmp'));
    expect(leftovers).toEqual([]);
  });
});
