// Reads the session log the shell hooks wrote: one JSON object per command.

export interface RecordedCommand {
  command: string;
  cwd: string;
  exitCode: number;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
}

/** Parses the JSONL log; lines that do not parse (a command cut by a crash) are skipped. */
export function parseSessionLog(text: string): RecordedCommand[] {
  const out: RecordedCommand[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: { cmd?: unknown; cwd?: unknown; exit?: unknown; start?: unknown; end?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (typeof entry.cmd !== 'string') continue;
    const start = seconds(entry.start);
    const end = seconds(entry.end);
    out.push({
      command: entry.cmd,
      cwd: typeof entry.cwd === 'string' ? entry.cwd : '',
      exitCode: typeof entry.exit === 'number' ? entry.exit : 0,
      startedAt: Math.round(start * 1000),
      durationMs: Math.max(0, Math.round((end - start) * 1000)),
    });
  }
  return out;
}

function seconds(value: unknown): number {
  const n = Number(String(value ?? '0').replace(',', '.'));
  return Number.isFinite(n) ? n : 0;
}

/** Commands that say nothing about the procedure (navigation, the recorder itself). */
export function isNoise(command: string): boolean {
  return /^\s*(exit|logout|clear|reset|history|pwd|ls|ll|runbook\s+record)(\s.*)?\s*$/.test(command) && !/^\s*ls\s+\S/.test(command);
}
