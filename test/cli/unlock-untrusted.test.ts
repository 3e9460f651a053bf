// `runbook unlock` reads lock files as untrusted input: their fields never drive the terminal nor start a line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('runbook unlock and a forged lock file', () => {
  it.each(['en', 'zh-CN'])('lists and removes it with its fields on their line, no control sequence (%s)', async (lang) => {
    const home = tempDir('runbook-unlock-');
    mkdirSync(join(home, 'locks'));
    const forged = '\u001b]0;pwned\u0007x\nl-00000000  prod-deploy  root@db1 pid 1  run 20261207-000000-beef  since now';
    const info = { lockId: 'l-1', key: 'k', playbook: 'p', runId: `r${forged}`, user: `u${forged}`, host: 'no-such-host.invalid', pid: 999_999_999, since: `s${forged}` };
    writeFileSync(join(home, 'locks', 'k.lock'), JSON.stringify(info));
    const env = { RUNBOOK_HOME: home };
    const listed = await runbook(['unlock', '--list', '--lang', lang], { env });
    const removed = await runbook(['unlock', 'l-1', '--force', '--lang', lang], { env });
    for (const out of [listed, removed]) {
      expect(out.code).toBe(0);
      expect(out.stdout.trimEnd().split('\n')).toHaveLength(1);
      for (const control of ['\u001b', '\u0007']) expect(out.stdout).not.toContain(control);
      expect(out.stdout).toContain('ux␤l-00000000  prod-deploy');
    }
  });

  it.each(['en', 'zh-CN'])('play refused by it (exit 5) names its holder with each field on its line (%s)', async (lang) => {
    const home = tempDir('runbook-lock-held-');
    mkdirSync(join(home, 'locks'));
    const dir = tempDir('runbook-lock-play-');
    writeFileSync(join(dir, 'p.yaml'), 'name: p\ntitle: P\nsteps:\n  - id: one\n    run: "true"\n');
    const forged = '\nrunbook: the lock was released, run again';
    const info = { lockId: `l-1${forged}`, key: 'p', playbook: 'p', runId: `r${forged}`, user: `u${forged}`, host: `elsewhere.invalid${forged}`, pid: 1, since: `s\u2028${forged}` };
    writeFileSync(join(home, 'locks', 'p.lock'), JSON.stringify(info));
    const played = await runbook(['play', join(dir, 'p.yaml'), '--lang', lang], { env: { RUNBOOK_HOME: home } });
    expect(played.code).toBe(5);
    expect(played.stderr).toContain('u␤runbook: the lock was released, run again');
    expect(played.stderr).not.toMatch(/^runbook: the lock was released/m);
  });
});
