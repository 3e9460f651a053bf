// Recognises destructive shell commands (rm -rf, chown -R, FLUSHALL, docker compose down, DROP, kill) in a command text.

export type DestructiveKind = 'rm-rf' | 'chown-r' | 'flush' | 'compose-down' | 'drop' | 'kill' | 'truncate';

export interface DestructiveMatch {
  kind: DestructiveKind;
  /** The words that matched, for messages (`rm -rf`, `DROP TABLE`). */
  text: string;
  /** The shell segment (between `;`, `&&`, `||`, `|`, newlines) that holds the match. */
  segment: string;
}

/** Splits a command into its simple commands; good enough for recognising what each one does. */
export function splitSegments(command: string): string[] {
  return command
    .split(/\|\||&&|[;|\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const RM_RF = /(?:^|[\s(`$])(?:sudo\s+)?rm\s+((?:-{1,2}[\w-]+\s+)*)/;
const CHOWN_R = /(?:^|[\s(`$])(?:sudo\s+)?ch(?:own|mod|grp)\s+((?:-{1,2}[\w-]+\s+)*)/;

/** Whether the flags hold a recursive option (`-R`, `-rf`, `--recursive`; `letters` says which short ones count). */
function hasRecursive(flags: string, letters: RegExp = /R/): boolean {
  const words = flags.split(/\s+/).filter(Boolean);
  const short = words.filter((w) => /^-[A-Za-z]+$/.test(w)).join('');
  return letters.test(short) || words.includes('--recursive');
}

const PATTERNS: { kind: DestructiveKind; match: (segment: string) => string | undefined }[] = [
  {
    kind: 'rm-rf',
    match: (s) => {
      const m = RM_RF.exec(s);
      // Recursive deletion, forced or not (`rm -r` only asks about write-protected files).
      return m && hasRecursive(m[1] ?? '', /[rR]/) ? `rm ${(m[1] ?? '').trim()}` : undefined;
    },
  },
  {
    kind: 'chown-r',
    match: (s) => {
      const m = CHOWN_R.exec(s);
      if (!m || !hasRecursive(m[1] ?? '')) return undefined;
      return m[0].trim().replace(/^[(`$]/, '');
    },
  },
  { kind: 'flush', match: (s) => /\b(FLUSHALL|FLUSHDB)\b/i.exec(s)?.[1]?.toUpperCase() },
  {
    kind: 'compose-down',
    match: (s) => /\bdocker(?:\s+compose|-compose)\b(?:\s+-{1,2}[\w-]+(?:[=\s]+\S+)?)*\s+(down|rm|kill)\b/.exec(s)?.[0].trim(),
  },
  { kind: 'drop', match: (s) => /\bDROP\s+(TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE)\b/i.exec(s)?.[0].toUpperCase() },
  { kind: 'truncate', match: (s) => /\bTRUNCATE\s+(TABLE\s+)?\w/i.exec(s) ? 'TRUNCATE' : undefined },
  {
    kind: 'kill',
    // `kill -0 <pid>` only asks whether the process exists.
    match: (s) => {
      const m = /(?:^|[\s(`$])(?:sudo\s+)?(kill|pkill|killall)\b(\s+(?:-0|-s\s*0)\b)?/.exec(s);
      return m && !m[2] ? m[1] : undefined;
    },
  },
];

/** Every destructive operation in a command, in order. */
export function findDestructive(command: string): DestructiveMatch[] {
  const found: DestructiveMatch[] = [];
  for (const segment of splitSegments(command)) {
    for (const pattern of PATTERNS) {
      const text = pattern.match(segment);
      if (text !== undefined) found.push({ kind: pattern.kind, text, segment });
    }
  }
  return found;
}

/** True when the command brings a compose stack (or a service of it) back up. */
export function isComposeUp(command: string): boolean {
  return /\bdocker(?:\s+compose|-compose)\b(?:\s+-{1,2}[\w-]+(?:[=\s]+\S+)?)*\s+(up|start|restart)\b/.test(command);
}
