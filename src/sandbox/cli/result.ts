// What a simulated command returns, and the context it runs in.
import type { SandboxPaths } from '../paths.js';
import type { SandboxState } from '../state.js';

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface CliContext {
  paths: SandboxPaths;
  state: SandboxState;
  cwd: string;
  env: Record<string, string | undefined>;
  simulateOwners: boolean;
}

export function ok(stdout = '', stderr = ''): CliResult {
  return { stdout, stderr, code: 0 };
}

export function fail(stderr: string, code = 1, stdout = ''): CliResult {
  return { stdout, stderr: stderr.endsWith('\n') ? stderr : stderr + '\n', code };
}

export function lines(items: string[]): string {
  return items.length ? items.join('\n') + '\n' : '';
}

/** Formats rows as a left-aligned table with a header, like docker and airflow print. */
export function table(header: string[], rows: string[][], sep = '   '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join(sep);
  return lines([fmt(header), ...rows.map(fmt)]);
}
