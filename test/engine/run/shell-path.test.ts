// A step's bash is found on its PATH once, as execvp would find it, instead of by every exec.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellPath } from '../../../src/process/shell.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('shellPath', () => {
  it('is the first executable bash on PATH, skipping directories without one', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty');
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    for (const d of [empty, first, second]) mkdirSync(d);
    writeFileSync(join(first, 'bash'), '#!/bin/sh\n');
    chmodSync(join(first, 'bash'), 0o644); // not executable: execvp skips it too
    writeFileSync(join(second, 'bash'), '#!/bin/sh\n');
    chmodSync(join(second, 'bash'), 0o755);
    expect(shellPath([empty, first, second, '/usr/bin', '/bin'].join(':'))).toBe(join(second, 'bash'));
  });

  it("leaves the lookup to exec when PATH has a relative directory (it depends on the step's cwd)", () => {
    expect(shellPath(`./bin:${tempDir()}:/usr/bin:/bin`)).toBe('bash');
    expect(shellPath(`:/usr/bin:/bin`)).toBe('bash');
  });

  it('is just bash when no directory of PATH holds one: exec then reports it missing, as before', () => {
    expect(shellPath(tempDir())).toBe('bash');
  });
});
