// A run of `runbook serve`: a `runbook play … --output json --yes` process, its NDJSON events read line by line.
//
// The process is started in a session of its own (detached): a Ctrl-C or SIGTERM of the server does not
// reach it, and it goes on when the server dies, as any `runbook play` would (journal, lock, rollback).
// Its parameters are argv elements (no shell ever parses them); the engine passes them to commands
// through the environment.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../i18n/index.js';

/** One line of `--output json` (docs/output.md): only what the server reads. */
export interface PlayEvent {
  type: string;
  runId: string;
  [field: string]: unknown;
}

export interface PlayExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last `run.finished` event, when the run got that far. */
  finished?: PlayEvent;
  /** The end of stderr (a usage error, a crash's stack), capped. */
  stderr: string;
}

export interface PlayHandle {
  pid: number;
  done: Promise<PlayExit>;
}

export interface PlayOptions {
  playbook: string;
  params: Readonly<Record<string, string>>;
  home?: string;
  /** Play in this sandbox (kept up by the server) instead of a real system. */
  sandboxDir?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  lang: Lang;
  onEvent(event: PlayEvent): void;
  /** A line that is not an event (cut, garbled, too long): reported, never fatal. */
  onBadLine(line: string): void;
  /** The `runbook` entry to run (default: bin/runbook.js of this installation). */
  bin?: string;
}

/** Longest NDJSON line read (a step's output chunk is far smaller); longer ones are reported and skipped. */
const MAX_LINE = 1024 * 1024;
const STDERR_KEPT = 16 * 1024;

/** bin/runbook.js of this installation, from wherever this module was bundled to (dist/, dist/chunks/) or run from (src/serve/). */
export function runbookBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'bin', 'runbook.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('internal: bin/runbook.js not found beside this installation');
}

/** The argv of the run: every parameter one `-p name=value` element. */
export function playArgs(options: Pick<PlayOptions, 'playbook' | 'params' | 'home' | 'sandboxDir' | 'lang'>): string[] {
  const args = ['--lang', options.lang, 'play', options.playbook, '--output', 'json', '--yes'];
  for (const [name, value] of Object.entries(options.params)) args.push('-p', `${name}=${value}`);
  if (options.home) args.push('--home', options.home);
  if (options.sandboxDir) args.push('--sandbox', '--sandbox-attach', options.sandboxDir);
  return args;
}

function parseEvent(line: string): PlayEvent | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const e = value as Record<string, unknown>;
      if (typeof e.type === 'string' && typeof e.runId === 'string') return e as PlayEvent;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

export function startPlay(options: PlayOptions): PlayHandle {
  const child = spawn(process.execPath, [options.bin ?? runbookBin(), ...playArgs(options)], {
    cwd: options.cwd,
    env: { ...options.env, NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let finished: PlayEvent | undefined;
  let pending = '';
  let skipping = false;
  const take = (line: string) => {
    if (line.trim() === '') return;
    const event = parseEvent(line);
    if (!event) return options.onBadLine(line.slice(0, 200));
    if (event.type === 'run.finished') finished = event;
    try {
      options.onEvent(event);
    } catch {
      // the server's handler must not break the reading of the run
    }
  };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    let text = pending + chunk;
    let nl: number;
    while ((nl = text.indexOf('\n')) !== -1) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (skipping) skipping = false;
      else take(line);
    }
    if (text.length > MAX_LINE) {
      options.onBadLine(text.slice(0, 200));
      text = '';
      skipping = true;
    }
    pending = text;
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const done = new Promise<PlayExit>((resolve) => {
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let closed = false;
    let ended = false;
    const end = () => {
      if (!exited || !closed || ended) return;
      ended = true;
      if (pending && !skipping) take(pending);
      resolve({ ...exited, stderr, ...(finished ? { finished } : {}) });
    };
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      end();
      // A process the run left in the background may hold the pipe open: the run has ended all the same.
      setTimeout(() => {
        closed = true;
        end();
      }, 2000).unref();
    });
    child.stdout!.once('close', () => {
      closed = true;
      end();
    });
    child.once('error', (error) => {
      stderr += String(error);
      exited = { code: null, signal: null };
      closed = true;
      end();
    });
  });
  return { pid: child.pid ?? -1, done };
}

/** Whether `pid` is a `runbook play` process of this playbook (after a restart: a pid may have been reused). */
export function isPlayProcess(pid: number, playbook: string): boolean {
  try {
    process.kill(pid, 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes('play') && argv.includes(playbook);
  } catch {
    return false;
  }
}
