// The one answer to "what does this shell command do": read only, change state, or destroy (and what destroys).
import { parseShell, unwrap, type SimpleCommand, type Word } from './lex.js';

export type CommandKind = 'read' | 'change' | 'destroy';

/** What kind of destruction: lint rules pick some (`rm-rf` and `chown-r` on a parameter, `compose-down`). */
export type DestructiveKind = 'rm-rf' | 'chown-r' | 'flush' | 'compose-down' | 'drop' | 'kill' | 'truncate' | 'wipe' | 'delete';

export interface DestructiveMatch {
  kind: DestructiveKind;
  /** The words that matched, for messages (`rm -rf`, `DROP TABLE`, `docker compose down`). */
  text: string;
  /** The simple command that holds the match, as written in the command text (a substring of it when possible). */
  segment: string;
}

export interface Classification {
  kind: CommandKind;
  /** Why, for review comments: the simple command that decided it (or the file a redirect writes). */
  reason: string;
  /** Every destructive operation, in order (empty unless `kind` is `destroy`). */
  destructive: DestructiveMatch[];
}

/** Commands that only read, whatever their arguments (a few exceptions are handled before this list is asked). */
const READ_COMMANDS = new Set([
  'ls', 'll', 'cat', 'tac', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'rg', 'zgrep', 'zcat', 'stat', 'test', '[', '[[',
  'df', 'du', 'ps', 'pgrep', 'top', 'htop', 'free', 'uptime', 'whoami', 'id', 'groups', 'pwd', 'echo', 'printf', 'printenv', 'which',
  'type', 'date', 'hostname', 'uname', 'wc', 'sort', 'uniq', 'jq', 'yq', 'diff', 'cmp', 'comm', 'file', 'journalctl', 'dmesg', 'ss',
  'netstat', 'lsof', 'ping', 'dig', 'nslookup', 'host', 'tree', 'realpath', 'readlink', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum',
  'cksum', 'base64', 'od', 'xxd', 'hexdump', 'strings', 'getent', 'nproc', 'lscpu', 'lsblk', 'findmnt', 'vmstat', 'iostat', 'true',
  'false', 'nc', 'cut', 'tr', 'column', 'paste', 'join', 'nl', 'rev', 'fold', 'basename', 'dirname', 'seq', 'expr', 'sleep', 'read',
  'exit', 'return', 'local', 'export', 'set', 'unset', 'shift', 'break', 'continue', ':', 'cd', 'pushd', 'popd', 'wait', 'declare',
  'typeset', 'readonly', 'trap', 'command', 'smoke_test.sh',
]);

/** Words that only structure a script: what follows them is the command (`if`, `then`, `do`, `!`, `{`). */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '{', '}', '!', 'time']);

/** Read-only subcommands (flags removed, except for `psql` and `crontab` where the flag is the subcommand). */
const READ_SUBCOMMANDS: Record<string, RegExp> = {
  docker: /^(ps|images|logs|inspect|stats|top|version|info|port|diff|events|history|search|config|ls|container (ls|ps|inspect|logs|top|stats|port|list)|image (ls|inspect|history|list)|volume (ls|inspect|list)|network (ls|inspect|list)|system (df|info)|compose (ps|logs|config|top|images|ls|version|port|events))\b/,
  'docker-compose': /^(ps|logs|config|top|images|version|port|events)\b/,
  systemctl: /^(status|is-active|is-enabled|is-failed|list-units|list-unit-files|show|cat|list-timers)\b/,
  service: /^\S+ status\b/,
  kubectl: /^(get|describe|logs|top|explain|version|api-resources|cluster-info|auth can-i|config (view|get-contexts|current-context))\b/,
  helm: /^(list|ls|status|get|history|show|search|version)\b/,
  git: /^(status|log|diff|show|remote -v|rev-parse|describe|blame|ls-files|branch$)/,
  airflow: /^(version|info|dags (list|list-runs|list-jobs|state|show|report|list-import-errors|details)|tasks (list|state|states-for-dag-run|render)|config (get-value|list)|connections (get|list)|variables (get|list)|pools (get|list)|jobs check|db check)\b/,
  mlflow: /^(experiments (search|list|describe|get)|runs (list|describe)|artifacts list)\b/,
  psql: /^(-l\b|(.* )?-c ["']?\s*(select|show|\\d|explain)\b)/i,
  pip: /^(list|show|freeze)\b/,
  npm: /^(ls|list|view|outdated)\b/,
  crontab: /^-l\b/,
  mount: /^$/,
};

const REDIS_READ = /^(ping|info|get|mget|keys|scan|dbsize|ttl|pttl|type|exists|llen|lrange|hget|hgetall|hkeys|hlen|smembers|scard|zrange|zcard|strlen|config get|client list|memory usage|slowlog get|--scan|--bigkeys|--memkeys|--stat|--latency)\b/i;
const REDIS_VALUE_FLAGS = /^-[hpanusri]$|^--(user|pass|tls|cacert|cert|key|sni)$/;

/** SQL that destroys data, in any argument or heredoc fed to any command but a text search. */
const SQL_DESTROY: [RegExp, DestructiveKind][] = [
  [/\bDROP\s+(TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE)\b/i, 'drop'],
  [/\bTRUNCATE\s+(TABLE\s+)?\w/i, 'truncate'],
  [/\bDELETE\s+FROM\b/i, 'delete'],
];
const TEXT_SEARCH = new Set(['grep', 'egrep', 'fgrep', 'rg', 'zgrep', 'ag']);

/** Redirect targets that are not files. */
const NOT_A_FILE = /^(\/dev\/(null|stdout|stderr|tty|fd\/\d+)|\d+|-)$/;

/** A command as one simple command to classify: its words after unwrapping, and where it came from. */
interface Effective {
  words: Word[];
  source: SimpleCommand;
  /** A file a redirect of a shell string writes (`sh -c 'echo x > /etc/hosts'`). */
  writes?: string;
  /** For a command `find … -exec` runs: the paths find searches (the command acts on what is under them). */
  findPaths?: string[];
}

/** The first file a redirect of the command writes (not /dev/null, not a descriptor). */
function writtenFile(simple: SimpleCommand): string | undefined {
  return simple.redirects.find((r) => /^(>|>>|>\||&>|&>>|<>)$/.test(r.op) && !NOT_A_FILE.test(r.target))?.target;
}

/** Classifies a whole command text: the most dangerous of its simple commands wins. */
export function classifyShell(command: string): Classification {
  const parsed = parseShell(command);
  const rank: Record<CommandKind, number> = { read: 0, change: 1, destroy: 2 };
  let result: Classification = { kind: 'read', reason: '', destructive: [] };
  const destructive: DestructiveMatch[] = [];
  const consider = (kind: CommandKind, reason: string): void => {
    if (rank[kind] > rank[result.kind] || (kind === 'read' && result.kind === 'read' && !result.reason)) result = { kind, reason, destructive };
  };
  for (const simple of parsed.commands) {
    const written = writtenFile(simple);
    if (written !== undefined) consider('change', `writes ${written}`);
    for (const body of simple.heredocs) {
      for (const [re, kind] of SQL_DESTROY) {
        const m = re.exec(body);
        if (m) destructive.push({ kind, text: m[0].toUpperCase().replace(/\s+/g, ' '), segment: segmentOf(command, simple) });
      }
    }
    for (const eff of expand(simple.words, simple, 0)) {
      if (eff.writes !== undefined) {
        consider('change', `writes ${eff.writes}`);
        continue;
      }
      const found = destroys(eff, command);
      if (found.length > 0) {
        destructive.push(...found);
        consider('destroy', reasonOf(eff.words));
        continue;
      }
      consider(kindOf(eff.words.map((w) => w.value), parsed.functions), reasonOf(eff.words));
    }
  }
  if (destructive.length > 0 && result.kind !== 'destroy') result = { kind: 'destroy', reason: destructive[0]!.text, destructive };
  result.destructive = destructive;
  return result;
}

function reasonOf(words: Word[]): string {
  return words
    .slice(0, 4)
    .map((w) => w.value)
    .join(' ');
}

/** The text of a simple command as written (for messages and offsets). */
function segmentOf(command: string, simple: SimpleCommand): string {
  return simple.start >= 0 && simple.end > simple.start ? command.slice(simple.start, simple.end) : simple.words.map((w) => w.value).join(' ');
}

/**
 * The commands a simple command really runs: wrappers removed (`sudo`, `env`, `nice`, `timeout`, `watch`, `xargs`,
 * `docker exec`), keywords dropped, and shell strings opened (`sh -c '...'`, `watch 'a | b'`, `ssh host '...'`,
 * `find -exec ... \;`).
 */
function expand(raw: readonly Word[], source: SimpleCommand, depth: number): Effective[] {
  let words = [...raw];
  for (;;) {
    while (words[0] && KEYWORDS.has(words[0].value)) words = words.slice(1);
    const before = words.length;
    words = unwrap(words);
    if (words.length === before) break;
  }
  if (words.length === 0 || depth > 4) return words.length === 0 ? [] : [{ words, source }];
  const v = words.map((w) => w.value);
  const name = baseName(v[0]!);
  const reparse = (text: string, at: Word): Effective[] =>
    parseShell(text).commands.flatMap((c) => {
      const inner = expand(c.words.map((w) => ({ ...w, start: at.start, end: at.end })), { ...source, words: c.words }, depth + 1);
      const writes = writtenFile(c);
      return writes === undefined ? inner : [...inner, { words: [], source, writes }];
    });
  // `for x in a b c` and `case $x in`: a header, not a command.
  if (name === 'for' || name === 'case' || name === 'select') return [];
  if (/^(ba|z|da|k)?sh$/.test(name)) {
    const c = v.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    if (c > 0 && words[c + 1]) return reparse(words[c + 1]!.value, words[c + 1]!);
  }
  if (name === 'su') {
    const c = v.findIndex((w) => w === '-c' || w === '--command');
    if (c > 0 && words[c + 1]) return reparse(words[c + 1]!.value, words[c + 1]!);
  }
  if (name === 'watch' || (name === 'ssh' && words.length > 1)) {
    // `watch 'df -h | tail -1'`: one string; `ssh [opts] host cmd ...`: the remote command.
    let i = 1;
    const valued = name === 'ssh' ? /^-[bcDEeFIiJLlmOopQRSWw]$/ : /^-[nq]$|^--(interval|equexit)$/;
    while (i < v.length && v[i]!.startsWith('-')) i += valued.test(v[i]!) ? 2 : 1;
    if (name === 'ssh') i++; // the host
    const rest = words.slice(i);
    if (rest.length === 0) return [];
    return reparse(rest.map((w) => w.value).join(' '), rest[0]!);
  }
  if (name === 'find') {
    const out: Effective[] = [];
    const kept: Word[] = [];
    for (let i = 0; i < words.length; i++) {
      if (/^-(exec|execdir|ok|okdir)$/.test(v[i]!)) {
        let end = i + 1;
        while (end < words.length && v[end] !== ';' && v[end] !== '+') end++;
        const firstTest = v.findIndex((x, j) => j > 0 && /^[-(!]/.test(x));
        const findPaths = v.slice(1, firstTest < 0 ? undefined : firstTest);
        out.push(...expand(words.slice(i + 1, end).filter((w) => w.value !== '{}'), source, depth + 1).map((e) => ({ ...e, findPaths })));
        i = end;
      } else kept.push(words[i]!);
    }
    return [{ words: kept, source }, ...out];
  }
  return [{ words, source }];
}

function baseName(word: string): string {
  return word.replace(/^.*\//, '');
}

/** The flags of a command (words starting with `-`, before `--`). */
function flagsOf(v: string[]): string[] {
  const end = v.indexOf('--');
  return v.slice(1, end < 0 ? undefined : end).filter((w) => /^-./.test(w));
}

function hasRecursive(flags: string[], letters: RegExp): boolean {
  return flags.some((f) => f === '--recursive' || (/^-[A-Za-z]+$/.test(f) && letters.test(f.slice(1))));
}

/** The destructive operations of one simple command. */
function destroys(eff: Effective, command: string): DestructiveMatch[] {
  const v = eff.words.map((w) => w.value);
  const name = baseName(v[0] ?? '');
  const found: DestructiveMatch[] = [];
  const add = (kind: DestructiveKind, text: string): void => {
    found.push({ kind, text, segment: segmentOf(command, eff.source) });
  };
  const flags = flagsOf(v);
  const args = v.slice(1).filter((w) => !w.startsWith('-'));
  const sub = args.join(' ');

  if (name === 'rm' && hasRecursive(flags, /[rR]/)) add('rm-rf', ['rm', ...flags].join(' '));
  if ((name === 'chown' || name === 'chmod' || name === 'chgrp') && hasRecursive(flags, /R/)) add('chown-r', [name, ...flags].join(' '));
  if (name === 'find' && v.includes('-delete')) add('rm-rf', 'find -delete');
  if (name === 'redis-cli') {
    const flush = v.find((w) => /^(flushall|flushdb)$/i.test(w));
    if (flush) add('flush', flush.toUpperCase());
  }
  if ((name === 'docker' && v[1] === 'compose') || name === 'docker-compose') {
    const start = name === 'docker' ? 2 : 1;
    let i = start;
    while (i < v.length && v[i]!.startsWith('-')) i += /^-[fp]$|^--(file|project-name|project-directory|env-file|profile|context|ansi|parallel)$/.test(v[i]!) ? 2 : 1;
    if (/^(down|rm|kill)$/.test(v[i] ?? '')) add('compose-down', v.slice(0, i + 1).join(' '));
  } else if (name === 'docker') {
    if (/^(rm|rmi|kill|(system|image|container|volume|network|builder) prune|(image|container|volume|network) rm)\b/.test(sub)) {
      add(args[0] === 'kill' ? 'kill' : 'delete', `docker ${sub.split(' ').slice(0, /^(rm|rmi|kill)$/.test(args[0] ?? '') ? 1 : 2).join(' ')}`);
    }
  }
  if ((name === 'kill' || name === 'pkill' || name === 'killall') && !v.slice(1).some((w, i) => w === '-0' || w === '--signal=0' || (/^(-s|--signal)$/.test(w) && v[i + 2] === '0') || w === '-s0')) add('kill', name);
  if (/^(shutdown|reboot|poweroff|halt)$/.test(name)) add('kill', name);
  if (name === 'truncate') add('truncate', 'truncate');
  if (name === 'mkfs' || name.startsWith('mkfs.') || name === 'wipefs' || name === 'shred') add('wipe', name);
  if (name === 'dd' && v.some((w) => w.startsWith('of='))) add('wipe', `dd ${v.find((w) => w.startsWith('of='))!}`);
  if (name === 'kubectl' && (args[0] === 'delete' || args[0] === 'drain')) add('delete', `kubectl ${args[0]}`);
  if (name === 'helm' && (args[0] === 'uninstall' || args[0] === 'delete')) add('delete', `helm ${args[0]}`);
  if (name === 'git' && ((args[0] === 'reset' && v.includes('--hard')) || args[0] === 'clean' || (args[0] === 'push' && v.some((w) => w === '-f' || w.startsWith('--force'))))) {
    add('delete', `git ${args[0]}${args[0] === 'reset' ? ' --hard' : args[0] === 'push' ? ' --force' : ''}`);
  }
  if (name === 'airflow' && /^(dags delete|db (reset|clean)|tasks clear)\b/.test(sub)) add('delete', `airflow ${args.slice(0, 2).join(' ')}`);
  if (name === 'mlflow' && (args[0] === 'gc' || args.includes('delete'))) add('delete', args[0] === 'gc' ? 'mlflow gc' : `mlflow ${args[0] ?? ''} delete`);
  if (name === 'crontab' && v.includes('-r')) add('delete', 'crontab -r');
  if (!TEXT_SEARCH.has(name)) {
    for (const [re, kind] of SQL_DESTROY) {
      const hit = v.slice(1).map((w) => re.exec(w)).find((m) => m !== null);
      if (hit) add(kind, hit[0].toUpperCase().replace(/\s+/g, ' ').replace(/^(TRUNCATE)\b.*/, '$1'));
    }
  }
  return found;
}

/** Read or change, for a command that destroys nothing. */
function kindOf(v: string[], functions: ReadonlySet<string>): CommandKind {
  const name = baseName(v[0] ?? '');
  if (!name) return 'read';
  if (v.every((w) => /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w))) return 'read'; // assignments only
  if (functions.has(name)) return 'read'; // a function of this script: its body is classified where it is defined
  if (name === 'curl' || name === 'wget' || name === 'http') return curlWrites(v) ? 'change' : 'read';
  if (name === 'sed') return v.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place')) ? 'change' : 'read';
  if (name === 'awk' || name === 'gawk' || name === 'mawk') return v.some((w) => /\bsystem\s*\(|print[^;]*>\s*"|\|\s*"/.test(w)) ? 'change' : 'read';
  if (name === 'sort') return v.some((w) => /^(-o|--output)/.test(w)) ? 'change' : 'read';
  if (name === 'kill') return v.slice(1).some((w, i) => w === '-0' || w === '-s0' || w === '--signal=0' || (/^(-s|--signal)$/.test(w) && v[i + 2] === '0')) ? 'read' : 'change';
  if (name === 'dd') return 'read'; // without `of=` (that one destroys) it writes to stdout
  if (name === 'openssl') return v.some((w) => /^-(out|keyout)$/.test(w)) ? 'change' : 'read';
  if (name === 'tee') return v.slice(1).some((w) => !w.startsWith('-') && !NOT_A_FILE.test(w)) ? 'change' : 'read';
  if (name === 'find') return v.some((w) => /^-(fprint|fprint0|fprintf|fls)$/.test(w)) ? 'change' : 'read';
  if (name === 'redis-cli') return REDIS_READ.test(redisCommand(v)) || v.slice(1).some((w) => REDIS_READ.test(w) && w.startsWith('--')) ? 'read' : 'change';
  if (READ_COMMANDS.has(name)) return 'read';
  const sub = READ_SUBCOMMANDS[name];
  if (sub) {
    const args = name === 'psql' || name === 'crontab' ? v.slice(1) : v.slice(1).filter((w) => !w.startsWith('-'));
    if (sub.test(args.join(' '))) return 'read';
  }
  return 'change';
}

/** The redis command of a `redis-cli` line (its options and their values skipped). */
function redisCommand(v: string[]): string {
  let i = 1;
  while (i < v.length && v[i]!.startsWith('-')) i += REDIS_VALUE_FLAGS.test(v[i]!) ? 2 : 1;
  return v.slice(i, i + 2).join(' ');
}

function curlWrites(v: string[]): boolean {
  return v.some((w, i) => {
    if (/^-X(POST|PUT|PATCH|DELETE)$/i.test(w) || w === '-T' || w === '--upload-file') return true;
    if ((w === '-X' || w === '--request') && /^(POST|PUT|PATCH|DELETE)$/i.test(v[i + 1] ?? '')) return true;
    if (w === '--method' && /^(POST|PUT|PATCH|DELETE)$/i.test(v[i + 1] ?? '')) return true;
    if (i > 0 && /^(POST|PUT|PATCH|DELETE)$/.test(w) && baseName(v[0] ?? '') === 'http') return true;
    return /^(-d|--data.*|-F|--form|--json|--post-data|--post-file|-o|--output|-O|--remote-name)$/.test(w);
  });
}

/** A simple command as it really runs, for rules that look at its arguments (which files it writes or deletes). */
export interface EffectiveCommand {
  /** Its words, quotes removed, wrappers (`sudo`, `env X=y`, `docker compose exec svc`, …) taken off. */
  words: string[];
  /** Files its redirects write: `append` for `>>`, else the file is replaced. */
  writes: { target: string; append: boolean }[];
  /** For a command run by `find … -exec`: the paths find searches (the `{}` it acts on is below them). */
  findPaths?: string[];
  /** Run inside a container (`docker compose exec`, `docker exec`, `kubectl exec`): its paths are the container's. */
  inContainer: boolean;
}

const IN_CONTAINER = /^((sudo|env|nice|timeout|[A-Za-z_][A-Za-z0-9_]*=\S*) )*\S*(docker( compose)?|docker-compose|podman|kubectl) (.+ )?exec /;

/** Every simple command of a command text as it really runs: wrappers removed, `sh -c` strings and `find -exec` opened. */
export function effectiveCommands(command: string): EffectiveCommand[] {
  const out: EffectiveCommand[] = [];
  for (const simple of parseShell(command).commands) {
    const inContainer = IN_CONTAINER.test(simple.words.map((w) => w.value).join(' ') + ' ');
    const redirects = simple.redirects
      .filter((r) => /^(>|>>|>\||&>|&>>)$/.test(r.op) && !NOT_A_FILE.test(r.target))
      .map((r) => ({ target: r.target, append: r.op.endsWith('>>') }));
    for (const eff of expand(simple.words, simple, 0)) {
      if (eff.writes !== undefined) out.push({ words: [], writes: [{ target: eff.writes, append: false }], inContainer });
      else out.push({ words: eff.words.map((w) => w.value), writes: redirects, ...(eff.findPaths ? { findPaths: eff.findPaths } : {}), inContainer });
    }
  }
  return out;
}
