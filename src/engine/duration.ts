// Durations as written in playbooks (`30s`, `500ms`, `5m`, `1h`, or a number of seconds) to milliseconds.
import type { Duration } from './playbook.gen.js';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(value: Duration | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === 'number') return Math.round(value * 1000);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match) throw new Error(`invalid duration ${JSON.stringify(value)} (the schema should have caught it)`);
  return Math.round(Number(match[1]) * units[match[2]!]!);
}

/** Formats milliseconds the way playbooks write them: 1500 → `1.5s`, 120000 → `2m`. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))}s`;
  return `${ms}ms`;
}
