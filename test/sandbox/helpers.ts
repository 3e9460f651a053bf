// Runs shell commands with a sandbox's environment (its shims first on PATH), without blocking the sandbox's servers.
import { execFile } from 'node:child_process';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function sh(sb: Sandbox, command: string, cwd = sb.vars.project_dir): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd, env: { ...process.env, ...sb.env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: res.status, body };
}
