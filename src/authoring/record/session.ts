// Runs the user's shell with recording hooks in a private temp dir, and deletes the log once it is read.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bashRc, zshFiles } from './hooks.js';
import { parseSessionLog, type RecordedCommand } from './log.js';

/** How long a recorded shell is given to end on a hangup (SIGTERM or SIGHUP to `record`) before it is killed. */
const HANGUP_GRACE_MS = 3000;

export type RecordShell = 'bash' | 'zsh';

export interface SessionOptions {
  shell: RecordShell;
  /** Path of the shell binary. */
  shellPath: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Load the user's ~/.bashrc / ~/.zshrc first (default true). */
  userRc?: boolean;
}

/** Which shell `$SHELL` (or --shell) names, if we can hook it. */
export function shellKind(path: string): RecordShell | undefined {
  const name = basename(path);
  if (name === 'bash' || name.startsWith('bash')) return 'bash';
  if (name === 'zsh' || name.startsWith('zsh')) return 'zsh';
  return undefined;
}

/** Runs the session (the user types, then exits) and returns what was typed. The log never outlives this call. */
export async function recordSession(options: SessionOptions): Promise<RecordedCommand[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-record-'));
  chmodSync(dir, 0o700);
  const log = join(dir, 'session.jsonl');
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const onSignal = (): void => cleanup();
  process.once('exit', onSignal);
  try {
    writeFileSync(log, '', { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { ...options.env, RUNBOOK_RECORDING: '1' };
    let args: string[];
    if (options.shell === 'bash') {
      const rc = join(dir, 'bashrc');
      writeFileSync(rc, bashRc(log, { userRc: options.userRc ?? true }), { mode: 0o600 });
      args = ['--rcfile', rc, '-i'];
    } else {
      const userZdotdir = options.env['ZDOTDIR'] ?? options.env['HOME'] ?? '';
      for (const [name, text] of Object.entries(zshFiles(log, { userRc: options.userRc ?? true, userZdotdir }))) {
        writeFileSync(join(dir, name), text, { mode: 0o600 });
      }
      env['ZDOTDIR'] = dir;
      args = ['-i'];
    }
    // Ctrl-C belongs to the recorded shell, not to us.
    const ignore = (): void => {};
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(options.shellPath, args, { cwd: options.cwd, env, stdio: 'inherit' });
        // An interactive shell ignores SIGTERM; SIGHUP ends it (and its jobs) as a closed terminal would. A hangup that
        // lands while bash sits in readline can be noted and left for the next key (seen once on a loaded machine: the
        // shell, and so `record`, waited for ever): the shell that has not ended after HANGUP_GRACE_MS is killed.
        // What was typed is in the session's log already (each command is written as it is run).
        let killer: NodeJS.Timeout | undefined;
        const onTerm = (): void => {
          child.kill('SIGHUP');
          killer ??= setTimeout(() => child.kill('SIGKILL'), HANGUP_GRACE_MS);
        };
        const onHup = onTerm;
        process.on('SIGTERM', onTerm);
        process.on('SIGHUP', onHup);
        const done = (): void => {
          if (killer) clearTimeout(killer);
          process.off('SIGTERM', onTerm);
          process.off('SIGHUP', onHup);
        };
        child.on('error', (error) => {
          done();
          reject(error);
        });
        child.on('exit', () => {
          done();
          resolve();
        });
      });
    } finally {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
    }
    return parseSessionLog(readFileSync(log, 'utf8'));
  } finally {
    cleanup();
    process.off('exit', onSignal);
  }
}
