// Runs the built CLI (`node bin/runbook.js …`) in English and returns its exit code and output, for command tests.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));

export interface RunbookResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` is added to this process's environment, with LANG=en_US.UTF-8 and LC_ALL unset unless `env` says otherwise. */
export async function runbook(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunbookResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...options.env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
