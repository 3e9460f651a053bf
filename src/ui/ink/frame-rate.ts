// How often the live view draws: at most RUNBOOK_MAX_FPS frames a second (default 10).

/** Frames a second at most: `maxFps` if given, else RUNBOOK_MAX_FPS when it is a positive number, else 10. */
export function viewFps(env: NodeJS.ProcessEnv | undefined, maxFps?: number): number {
  const fromEnv = Number(env?.RUNBOOK_MAX_FPS);
  return maxFps ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 10);
}

/** The milliseconds of a frame at that rate (at least 1). */
export function frameMs(fps: number): number {
  return Math.max(1, Math.round(1000 / fps));
}
