// Turns a shell code block into commands: prompts stripped, output dropped, `\` continuations joined, comments kept as names.
import { hasOpenQuote, quoteMap } from '../../shell/lex.js';

export interface BlockCommand {
  command: string;
  /** The trailing `# comment`, or a comment line just above: the step's name. */
  comment?: string;
}

export interface BlockResult {
  commands: BlockCommand[];
  /** Output lines of console blocks that were dropped. */
  droppedOutput: number;
}

const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'terminal', 'cmd', 'powershell']);
const PROMPT_LANGS = new Set(['console', 'shell-session', 'shellsession', 'terminal']);
const OTHER_LANGS = /^(ya?ml|json|jsonc|toml|ini|xml|html|python|py|js|javascript|ts|typescript|go|java|sql|diff|text|txt|log|conf|nginx|dockerfile|promql|hcl|properties)$/;

/** A line that starts a prompt: `$ `, `user@host:~$ `, `(venv) $ `, and in console blocks `# ` (root). */
function promptOf(line: string, rootHash: boolean): string | undefined {
  const re = rootHash
    ? /^\s*(?:\([^)\s]+\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*)?[$#%❯]\s/
    : /^\s*(?:\([^)\s]+\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*)?[$%❯]\s/;
  const m = line.match(re);
  return m ? m[0] : undefined;
}

const KNOWN_PROGRAMS = /^(sudo|docker|docker-compose|kubectl|helm|systemctl|service|journalctl|curl|wget|ls|cat|tail|head|grep|cp|mv|rm|mkdir|chown|chmod|ln|find|echo|export|source|cd|bash|sh|python3?|pip3?|npm|node|git|airflow|mlflow|redis-cli|psql|mysql|test|stat|df|du|ps|kill|tar|rsync|scp|ssh|make|crontab|nginx|apt(-get)?|yum|dnf|brew|touch|sed|awk|jq|env|set|unset|alias|\.\/[\w./-]+|[\w-]+\.sh)$/;

/** Whether a code block holds shell commands (by its language, or by looking at it when it has none). */
export function isShellBlock(lang: string, text: string): boolean {
  if (SHELL_LANGS.has(lang)) return true;
  if (lang && OTHER_LANGS.test(lang)) return false;
  if (lang && lang !== 'text' && lang !== 'txt') return false;
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  if (lines.length === 0) return false;
  if (lines.some((l) => promptOf(l, false))) return true;
  const looks = lines.filter((l) => KNOWN_PROGRAMS.test(l.trim().split(/\s+/)[0] ?? '')).length;
  return looks >= Math.ceil(lines.length / 2);
}

/** Splits a block into commands. */
export function blockCommands(lang: string, text: string): BlockResult {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const rootHash = PROMPT_LANGS.has(lang);
  const prompted = rootHash || lines.some((l) => promptOf(l, false) !== undefined);
  const commands: BlockCommand[] = [];
  let dropped = 0;
  let pendingComment: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (prompted) {
      const prompt = promptOf(line, rootHash);
      if (!prompt) {
        if (line.trim()) dropped++;
        continue;
      }
      line = line.slice(prompt.length);
    }
    if (!line.trim()) continue;
    if (/^\s*#/.test(line)) {
      pendingComment = line.replace(/^\s*#+\s*/, '').trim() || undefined;
      continue;
    }
    // Gather continuation lines.
    let command = line;
    for (;;) {
      const next = (): string | undefined => {
        const raw = lines[i + 1];
        if (raw === undefined) return undefined;
        i++;
        if (prompted) {
          const p = promptOf(raw, rootHash);
          // Continuation prompts (`> `) are stripped; a fresh prompt never continues.
          return p ? raw.slice(p.length) : raw.replace(/^\s*>\s?/, '');
        }
        return raw;
      };
      const stripped = command.replace(/\s+#[^'"]*$/, '');
      if (/\\$/.test(stripped) && !hasOpenQuote(command)) {
        const more = next();
        if (more === undefined) break;
        command = command.replace(/\s*\\$/, '') + ' ' + more.trim();
      } else if (hasOpenQuote(command) || /(\|\||&&|\|)\s*$/.test(stripped) || heredocOpen(command) || blockOpen(command)) {
        const more = next();
        if (more === undefined) break;
        command = command + '\n' + more;
      } else break;
    }
    const { body, comment } = splitComment(command);
    if (!body.trim()) continue;
    const name = comment ?? pendingComment;
    commands.push({ command: body.trim(), ...(name ? { comment: name } : {}) });
    pendingComment = undefined;
  }
  return { commands, droppedOutput: dropped };
}

/** The trailing `# comment` of a one-line command (outside quotes), and the command without it. */
export function splitComment(command: string): { body: string; comment?: string } {
  if (command.includes('\n')) return { body: command };
  const quotes = quoteMap(command);
  for (let i = 1; i < command.length; i++) {
    if (command[i] === '#' && quotes[i] === 'none' && /\s/.test(command[i - 1]!)) {
      const comment = command.slice(i + 1).trim();
      return { body: command.slice(0, i).trimEnd(), ...(comment ? { comment } : {}) };
    }
  }
  return { body: command };
}

function heredocOpen(command: string): boolean {
  const m = command.match(/<<-?\s*['"]?(\w+)['"]?/);
  if (!m) return false;
  const lines = command.split('\n');
  return !lines.slice(1).some((l) => l.trim() === m[1]);
}

function blockOpen(command: string): boolean {
  const words = command.replace(/'[^']*'|"[^"]*"/g, '').split(/[\s;]+/);
  let depth = 0;
  for (const w of words) {
    if (/^(if|for|while|until|case)$/.test(w)) depth++;
    else if (/^(fi|done|esac)$/.test(w)) depth--;
    else if (w === '{') depth++;
    else if (w === '}') depth--;
  }
  return depth > 0;
}
