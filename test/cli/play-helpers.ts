// Runs the built CLI (`node bin/runbook.js`) in temp folders for the play/resume/lock/signal tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

export const root = resolve(import.meta.dirname, '../..');
export const bin = join(root, 'bin', 'runbook.js');
export const fixtures = join(root, 'test', 'fixtures', 'bin');

const dirs: string[] = [];
const children: ChildProcess[] = [];

export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-play-'));
  dirs.push(dir);
  return dir;
}

export function writePlaybook(dir: string, name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<Finished>;
}

export function start(args: string[], options: { cwd: string; env?: Record<string, string>; nodeArgs?: string[] }): Started {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    cwd: options.cwd,
    // The journal and locks in the workspace (never the host's real home); a test may override RUNBOOK_HOME.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd, RUNBOOK_HOME: join(options.cwd, '.runbook'), LANG: 'C', CI: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<Finished> {
  return start(args, options).done;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
