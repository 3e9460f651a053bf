// Node started with --jitless (on the command line or in NODE_OPTIONS) has no WebAssembly, which the live view's
// layout engine (Yoga) needs: `play` on a terminal shows plain lines instead, an explicit `--output ink` and the
// `new` wizard say so (exit 2) instead of an internal error. Driven in a real terminal (a private tmux server).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-jitless-'));
const socket = join(temp, 'tmux.sock');
const playbook = join(temp, 'one.yaml');
writeFileSync(playbook, 'name: one\ntitle: One step\nrisk: low\nsteps:\n  - id: a\n    run: echo printed-by-a\n');

afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(temp, { recursive: true, force: true });
});

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
}

/** Runs `args` of runbook under `node --jitless` in a terminal of its own; the pane once it printed `EXIT:<code>`. */
async function inTerminal(session: string, args: string, how: 'argv' | 'NODE_OPTIONS'): Promise<string> {
  const node = how === 'argv' ? `${process.execPath} --jitless` : `NODE_OPTIONS=--jitless ${process.execPath}`;
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION -u GITHUB_ACTIONS -u NO_COLOR -u FORCE_COLOR',
    `LANG=C.UTF-8 LC_ALL=C.UTF-8 RUNBOOK_HOME=${join(temp, session)} TERM=xterm-256color`,
    `${node} ${bin} ${args}; printf '\\nEXIT:%s\\n' $?; sleep 600`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-c', temp, '-x', '120', '-y', '40', command);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = tmux('capture-pane', '-p', '-S', '-', '-t', session);
    if (/EXIT:\d+/.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out; screen was:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the live view under node --jitless (no WebAssembly)', { timeout: 60_000 }, () => {
  it('play on a terminal shows plain lines and the run succeeds', async () => {
    for (const how of ['argv', 'NODE_OPTIONS'] as const) {
      const screen = await inTerminal(`auto-${how}`, `play ${playbook} --yes`, how);
      expect(screen, how).toContain('EXIT:0');
      expect(screen, how).toContain('│ printed-by-a');
      expect(screen, how).toContain('✓ Succeeded');
      expect(screen, how).not.toContain('internal error');
    }
  });

  it('an explicit --output ink is refused before the run (exit 2) and says what to use', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', RUNBOOK_HOME: join(temp, 'explicit') };
    delete env.NODE_OPTIONS;
    const result = await exec(process.execPath, ['--jitless', bin, 'play', playbook, '--yes', '--output', 'ink'], { env }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WebAssembly');
    expect(result.stderr).toContain('--output plain');
    expect(result.stderr).not.toContain('internal error');
    expect(result.stdout).not.toContain('printed-by-a');
  });

  it('the new wizard says it needs WebAssembly (exit 2) instead of an internal error', async () => {
    const screen = await inTerminal('new', 'new', 'argv');
    expect(screen).toContain('EXIT:2');
    expect(screen).toContain('WebAssembly');
    expect(screen).toContain('--from-alert');
    expect(screen).not.toContain('internal error');
  });
});
