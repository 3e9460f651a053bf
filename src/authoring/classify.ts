// Sorts commands into read-only (probes), state-changing (steps needing a rollback) and destructive (flagged).
import { classifyShell, type CommandKind } from '../shell/classify.js';

export type { CommandKind };

export interface Classification {
  kind: CommandKind;
  /** Why, for review comments: the simple command that decided it. */
  reason: string;
}

/**
 * Classifies a whole command line with the shared classifier (the one `lint` and `review` use): the most
 * dangerous of its simple commands wins, looking through pipes, `xargs`, `sudo`, `$(...)` and the like.
 */
export function classifyCommand(line: string): Classification {
  const { kind, reason } = classifyShell(line);
  return { kind, reason };
}

/** Lines that change the shell itself (`export`, `source`, `cd`): they matter to the commands after them. */
export function isShellStateLine(line: string): boolean {
  return /^\s*(export|source|\.|cd|pushd|popd|set|unset|alias|ulimit|umask|shopt)(\s|$)/.test(line) && !/^\s*\.\//.test(line);
}

/** Proposes an undo for well-known commands (reviewers still check it). */
export function proposeRollback(line: string): string | undefined {
  const pairs: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^(sudo\s+)?docker compose down\s*$/, (m) => `${m[1] ?? ''}docker compose up -d`],
    [/^(sudo\s+)?docker compose (stop|pause)\b(.*)$/, (m) => `${m[1] ?? ''}docker compose ${m[2] === 'stop' ? 'start' : 'unpause'}${m[3]}`],
    [/^(sudo\s+)?docker compose (start|unpause)\b(.*)$/, (m) => `${m[1] ?? ''}docker compose ${m[2] === 'start' ? 'stop' : 'pause'}${m[3]}`],
    [/^(sudo\s+)?docker (stop|start)\b(.*)$/, (m) => `${m[1] ?? ''}docker ${m[2] === 'stop' ? 'start' : 'stop'}${m[3]}`],
    [/^(sudo\s+)?systemctl (stop|start|disable|enable)\b(.*)$/, (m) => `${m[1] ?? ''}systemctl ${({ stop: 'start', start: 'stop', disable: 'enable', enable: 'disable' } as Record<string, string>)[m[2]!]}${m[3]}`],
    [/^(.*\bairflow dags) (pause|unpause)\b(.*)$/, (m) => `${m[1]} ${m[2] === 'pause' ? 'unpause' : 'pause'}${m[3]}`],
    [/^(sudo\s+)?kubectl scale (.*)$/, () => ''],
  ];
  const trimmed = line.trim();
  for (const [re, make] of pairs) {
    const m = trimmed.match(re);
    if (m) return make(m) || undefined;
  }
  return undefined;
}

/** Commands that never end on their own (`logs -f`, `tail -f`): the follow flag is dropped so a probe can finish. */
export function dropFollow(command: string): { command: string; changed: boolean } {
  let out = command;
  if (/\b(docker(\s+compose|-compose)?\s+logs|kubectl\s+logs|journalctl)\b/.test(out)) {
    out = out.replace(/\s(-f|--follow)(?=\s|$)/g, '');
    if (/\bjournalctl\b/.test(out) && !/\s(-n|--lines)\b/.test(out)) out = out.replace(/\bjournalctl\b/, 'journalctl --no-pager -n 200');
    if (/\blogs\b/.test(out) && !/--tail|--since/.test(out) && out !== command) out = out.replace(/\blogs\b/, 'logs --tail 200');
  }
  out = out.replace(/\btail\s+(-f|-F|--follow)\b/g, 'tail -n 100');
  return { command: out, changed: out !== command };
}
