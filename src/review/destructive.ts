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

function hasRecursiveForce(flags: string): boolean {
  const words = flags.split(/\s+/).filter(Boolean);
  const short = words.filter((w) => /^-[A-Za-z]+$/.test(w)).join('');
  const recursive = /[rR]/.test(short) || words.includes('--recursive');
  const force = /f/.test(short) || words.includes('--force');
  return recursive && force;
}

function hasRecursive(flags: string): boolean {
  const words = flags.split(/\s+/).filter(Boolean);
  return words.some((w) => /^-[A-Za-z]*R[A-Za-z]*$/.test(w)) || words.includes('--recursive');
}

const PATTERNS: { kind: DestructiveKind; match: (segment: string) => string | undefined }[] = [
  {
    kind: 'rm-rf',
    match: (s) => {
      const m = RM_RF.exec(s);
      return m && hasRecursiveForce(m[1] ?? '') ? `rm ${(m[1] ?? '').trim()}` : undefined;
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
    match: (s) => /(?:^|[\s(`$])(?:sudo\s+)?(kill|pkill|killall)\b/.exec(s)?.[1],
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
