// Signals to a whole process group, and waiting until no live process of it is left.
import { groupMembers } from './proc.js';

/** Sends `signal` to every process of the group (0: none, only asks whether any is there); false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

/** Polls until no process of the group is left (zombies awaiting their reaper count as gone). */
export async function waitGroupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  // Quick at first (most groups are gone within milliseconds), then at most every 100 ms: each look
  // at a live group scans /proc.
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    if (!groupHasLiveMember(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, deadline - Date.now()))));
  }
}

/** Like groupAlive, but ignores zombies when /proc tells us (Linux); elsewhere trusts kill(0). */
export function groupHasLiveMember(pgid: number): boolean {
  if (!groupAlive(pgid)) return false;
  const members = groupMembers(pgid);
  return members === undefined || members.some((m) => m.state !== 'Z');
}
