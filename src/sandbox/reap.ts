// Finds and stops every process a sandboxed run left behind: they all carry the sandbox's marker in their environment.
import { readdirSync, readFileSync } from 'node:fs';

/** The variable every command of a sandboxed run inherits (from `sandbox.env`), with a random value per sandbox. */
export const SANDBOX_MARKER = 'RUNBOOK_SANDBOX_ID';

/** Pids of live processes whose initial environment holds `RUNBOOK_SANDBOX_ID=<id>` (Linux /proc; none elsewhere). */
export function markedProcesses(id: string): number[] {
  const needle = Buffer.from(`${SANDBOX_MARKER}=${id}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or another user's process
    }
    // Entries are NUL-separated: match at the start or right after a NUL. A zombie's environ is empty.
    const at = environ.indexOf(needle);
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) pids.push(pid);
  }
  return pids;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to every marked process, then SIGKILL to those still there after `graceMs`.
 * Returns the pids that were signalled.
 */
export async function reapMarked(id: string, graceMs = 1000): Promise<number[]> {
  const first = markedProcesses(id);
  if (first.length === 0) return [];
  signal(first, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let left = markedProcesses(id);
  while (left.length > 0 && Date.now() < deadline) {
    await pause(20);
    left = markedProcesses(id);
  }
  if (left.length > 0) {
    signal(left, 'SIGKILL');
    // A process started between the scans (a step's loop spawning) is caught by one more pass.
    await pause(20);
    signal(markedProcesses(id), 'SIGKILL');
  }
  return [...new Set([...first, ...left])];
}
