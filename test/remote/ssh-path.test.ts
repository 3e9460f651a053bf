// The ssh client is found on PATH once per run (as execvp would find it), so no command on a host tries every folder of PATH.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SshSession } from '../../src/remote/session.js';
import { sshPath } from '../../src/remote/ssh-path.js';
import { tempDir } from '../helpers/temp-dir.js';

function folder(root: string, name: string, ssh?: { mode: number } | 'dir'): string {
  const dir = join(root, name);
  mkdirSync(dir);
  if (ssh === 'dir') mkdirSync(join(dir, 'ssh'));
  else if (ssh) {
    writeFileSync(join(dir, 'ssh'), '#!/bin/sh\n');
    chmodSync(join(dir, 'ssh'), ssh.mode);
  }
  return dir;
}

const sessions: SshSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('the ssh client on PATH', () => {
  it('is the first executable file named ssh, skipping folders without one, a file not executable and a folder named ssh', () => {
    const root = tempDir();
    const path = [folder(root, 'none'), folder(root, 'plain', { mode: 0o644 }), folder(root, 'folder', 'dir'), folder(root, 'found', { mode: 0o755 }), folder(root, 'later', { mode: 0o755 })].join(':');
    expect(sshPath(path)).toBe(join(root, 'found', 'ssh'));
  });

  it('stays `ssh` when PATH has none, or a relative folder comes first (execvp would look there, in the cwd)', () => {
    const root = tempDir();
    expect(sshPath(folder(root, 'empty'))).toBe('ssh');
    expect(sshPath(`relative:${folder(root, 'found', { mode: 0o755 })}`)).toBe('ssh');
    expect(sshPath(undefined)).toBe('ssh');
  });

  it('a session runs the ssh its PATH names, unless the settings name one', () => {
    const root = tempDir();
    const dir = folder(root, 'bin', { mode: 0o755 });
    const env = { ...process.env, PATH: dir };
    const found = SshSession.create({ env });
    const given = SshSession.create({ env, ssh: '/opt/ssh/bin/ssh' });
    sessions.push(found, given);
    expect(found.settings.ssh).toBe(join(dir, 'ssh'));
    expect(given.settings.ssh).toBe('/opt/ssh/bin/ssh');
  });
});
