// Exit codes of command lines that cannot run: no command, an unknown --lang, a cancelled wizard.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs `runbook new` on a real pty, presses Esc at the first question, and returns the exit status. */
function cancelWizard(cwd: string, key: string): { status: number | null; output: string } {
  const script = `
import fcntl, os, pty, select, struct, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
out = b''
deadline = time.time() + 20
def read_until(pred):
    global out
    while time.time() < deadline and not pred():
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            out += data
read_until(lambda: b'Name' in out)
os.write(fd, ${JSON.stringify(key)}.encode())
read_until(lambda: False)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;
  const result = spawnSync('python3', ['-c', script, process.execPath, `${repoRoot}bin/runbook.js`, 'new'], {
    cwd,
    encoding: 'utf8',
    // CI set, as on a CI runner: the wizard on a terminal still draws (Ink's own CI detection is off in the bundle).
    env: { ...process.env, LANG: 'C', LC_ALL: '', TERM: 'xterm', CI: 'true' },
    timeout: 30_000,
  });
  return { status: result.status, output: result.stdout };
}

describe('exit codes of the command line', () => {
  it('no command: the usage on stderr, exit 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no command given');
    expect(result.stderr).toContain('Usage: runbook <command> [options]');
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: runbook <command> [options]');
  });

  it('an unknown --lang: exit 2 with the supported languages, for every command (validate included)', async () => {
    for (const args of [['--lang', 'fr', 'list'], ['validate', 'runbooks', '--lang=de'], ['plan', 'x.yaml', '--lang']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('supported: en, zh-CN');
    }
    expect((await runCli(['--lang', 'zh_CN.UTF-8', '--version'])).code).toBe(0);
  });

  it('the new wizard cancelled with Esc or Ctrl-C: exit 130, nothing written', () => {
    for (const key of ['\u001b', '\u0003']) {
      const dir = tempDir('runbook-new-cancel-');
      const { status, output } = cancelWizard(dir, key);
      expect(status, output).toBe(130);
      expect(output).toContain('Cancelled: nothing written.');
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});
