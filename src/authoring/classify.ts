// Sorts commands into read-only (probes), state-changing (steps needing a rollback) and destructive (flagged).
import { quoteMap, simpleCommands, unwrap, type Word } from './shell.js';

export type CommandKind = 'read' | 'change' | 'destroy';

export interface Classification {
  kind: CommandKind;
  /** Why, for review comments: the simple command that decided it. */
  reason: string;
}

const READ_COMMANDS = new Set([
  'ls', 'll', 'cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'rg', 'zgrep', 'stat', 'test', '[', '[[',
  'df', 'du', 'ps', 'pgrep', 'top', 'htop', 'free', 'uptime', 'whoami', 'id', 'pwd', 'echo', 'printf', 'env',
  'printenv', 'which', 'type', 'date', 'hostname', 'wc', 'sort', 'uniq', 'jq', 'yq', 'diff', 'file', 'journalctl',
  'dmesg', 'ss', 'netstat', 'lsof', 'ping', 'dig', 'nslookup', 'host', 'tree', 'realpath', 'readlink', 'md5sum',
  'sha256sum', 'getent', 'nproc', 'lscpu', 'lsblk', 'mount', 'findmnt', 'vmstat', 'iostat', 'watch', 'true', 'nc',
  'openssl', 'awk', 'sed', 'cut', 'tr', 'xargs', 'column', 'basename', 'dirname', 'smoke_test.sh',
]);

const READ_SUBCOMMANDS: Record<string, RegExp> = {
  docker: /^(ps|images|logs|inspect|stats|top|version|info|port|diff|events|history|search|container (ls|ps|inspect|logs|top|stats|port)|image (ls|inspect|history)|volume (ls|inspect)|network (ls|inspect)|system df|compose (ps|logs|config|top|images|ls|version|port|events))\b/,
  'docker-compose': /^(ps|logs|config|top|images|version|port)\b/,
  systemctl: /^(status|is-active|is-enabled|is-failed|list-units|list-unit-files|show|cat|list-timers)\b/,
  service: /^\S+ status\b/,
  kubectl: /^(get|describe|logs|top|explain|version|api-resources|cluster-info|auth can-i|config (view|get-contexts|current-context))\b/,
  helm: /^(list|ls|status|get|history|show|search|version)\b/,
  git: /^(status|log|diff|show|remote -v|rev-parse|describe|blame|ls-files|branch$)/,
  airflow: /^(version|info|dags (list|list-runs|list-jobs|state|show|report|list-import-errors|details)|tasks (list|state|states-for-dag-run|render)|config (get-value|list)|connections (get|list)|variables (get|list)|pools (get|list)|jobs check|db check)\b/,
  'redis-cli': /^(ping|info|get|mget|keys|scan|dbsize|ttl|pttl|type|exists|llen|lrange|hget|hgetall|hkeys|smembers|scard|zrange|zcard|config get|client list|memory usage|slowlog get)\b/i,
  mlflow: /^(experiments (search|list|describe)|runs (list|describe)|artifacts list)\b/,
  psql: /^(-l\b|-c ["']?\s*(select|show|\\d))/i,
  pip: /^(list|show|freeze)\b/,
  npm: /^(ls|list|view|outdated)\b/,
  crontab: /^-l\b/,
};

const DESTROY: { test: (v: string[], line: string) => boolean }[] = [
  { test: (v) => v[0] === 'rm' || v[0] === 'shred' || v[0] === 'mkfs' || v[0]?.startsWith('mkfs.') === true || v[0] === 'dd' || v[0] === 'wipefs' },
  { test: (v) => v[0] === 'truncate' || v[0] === 'rmdir' },
  { test: (v) => v[0] === 'find' && v.some((w) => w === '-delete' || w === 'rm') },
  { test: (v) => v[0] === 'docker' && /^(rm|rmi|system prune|volume (rm|prune)|image prune|container prune|network rm)\b/.test(v.slice(1).join(' ')) },
  { test: (v) => (v[0] === 'docker' && v[1] === 'compose' && v[2] === 'down' && v.some((w) => w === '-v' || w === '--volumes')) || (v[0] === 'docker' && v[1] === 'compose' && v[2] === 'rm') },
  { test: (v) => v[0] === 'redis-cli' && v.some((w) => /^(flushall|flushdb|del|unlink)$/i.test(w)) },
  { test: (v) => v[0] === 'kubectl' && (v[1] === 'delete' || v[1] === 'drain') },
  { test: (v) => v[0] === 'helm' && (v[1] === 'uninstall' || v[1] === 'delete') },
  { test: (v) => v[0] === 'git' && ((v[1] === 'reset' && v.includes('--hard')) || v[1] === 'clean' || (v[1] === 'push' && v.some((w) => w === '-f' || w.startsWith('--force')))) },
  { test: (v) => v[0] === 'airflow' && ((v[1] === 'dags' && v[2] === 'delete') || (v[1] === 'db' && (v[2] === 'reset' || v[2] === 'clean')) || (v[1] === 'tasks' && v[2] === 'clear')) },
  { test: (v) => v[0] === 'mlflow' && (v[1] === 'gc' || v.includes('delete')) },
  { test: (v) => v[0] === 'kill' && v.some((w) => w === '-9' || w === '-KILL' || w === '-SIGKILL') },
  { test: (v) => v[0] === 'killall' || v[0] === 'pkill' },
  { test: (_v, line) => /\b(drop\s+(database|table|schema)|truncate\s+table|delete\s+from)\b/i.test(line) },
  { test: (v) => (v[0] === 'chmod' || v[0] === 'chown') && v.includes('-R') && v.some((w) => w === '/' || w === '/*') },
];

/** Classifies a whole command line: the most dangerous of its simple commands wins. */
export function classifyCommand(line: string): Classification {
  const parts = simpleCommands(line);
  let result: Classification = { kind: 'read', reason: '' };
  const rank: Record<CommandKind, number> = { read: 0, change: 1, destroy: 2 };
  for (const words of parts) {
    const c = classifySimple(words, line);
    if (rank[c.kind] > rank[result.kind]) result = c;
    if (result.kind === 'read' && !result.reason) result = c;
  }
  if (result.kind === 'read' && writesFile(line)) result = { kind: 'change', reason: 'redirects output into a file' };
  return result;
}

function classifySimple(raw: Word[], line: string): Classification {
  const words = unwrap(raw);
  const v = words.map((w) => w.value);
  const name = (v[0] ?? '').replace(/^.*\//, '');
  const reason = v.slice(0, 4).join(' ');
  if (!name) return { kind: 'read', reason };
  for (const rule of DESTROY) if (rule.test([name, ...v.slice(1)], line)) return { kind: 'destroy', reason };
  if (name === 'curl' || name === 'wget' || name === 'http') return { kind: curlWrites(v) ? 'change' : 'read', reason };
  if (name === 'sed' && v.some((w) => /^-i/.test(w) || w === '--in-place')) return { kind: 'change', reason };
  if (name === 'find' && v.some((w) => w === '-exec' || w === '-execdir')) return { kind: 'change', reason };
  if (READ_COMMANDS.has(name)) return { kind: 'read', reason };
  const sub = READ_SUBCOMMANDS[name];
  const args = name === 'psql' || name === 'crontab' ? v.slice(1) : v.slice(1).filter((w) => !w.startsWith('-'));
  if (sub && sub.test(args.join(' '))) {
    return { kind: 'read', reason };
  }
  return { kind: 'change', reason };
}

function curlWrites(v: string[]): boolean {
  return v.some((w, i) => {
    if (/^-X(POST|PUT|PATCH|DELETE)$/i.test(w) || w === '-T' || w === '--upload-file') return true;
    if ((w === '-X' || w === '--request') && /^(POST|PUT|PATCH|DELETE)$/i.test(v[i + 1] ?? '')) return true;
    return /^(-d|--data.*|-F|--form|--json|--post-data|--post-file|-o|--output|-O|--remote-name)$/.test(w);
  });
}

/** `> file` or `>> file` outside quotes, except to /dev/null or another descriptor. */
function writesFile(line: string): boolean {
  const quotes = quoteMap(line);
  const re = /(\d?)>>?\s*(&\d|\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (quotes[m.index] !== 'none') continue;
    const target = m[2] ?? '';
    if (target.startsWith('&') || target === '/dev/null' || target.startsWith('/dev/std')) continue;
    if (line[m.index - 1] === '<' || line.slice(m.index - 2, m.index) === '<<') continue;
    return true;
  }
  return false;
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
