// Tells read-only shell commands (cat, test, curl GET, docker compose ps, ...) from ones that may change state.

/** First words of commands that only read. */
const READ_ONLY = new Set([
  'cat', 'ls', 'test', '[', '[[', ']]', 'stat', 'df', 'du', 'grep', 'egrep', 'fgrep', 'echo', 'printf', 'head', 'tail', 'wc',
  'jq', 'yq', 'true', 'false', 'sleep', 'date', 'whoami', 'id', 'hostname', 'uname', 'which', 'command', 'type',
  'env', 'printenv', 'pwd', 'ps', 'pgrep', 'free', 'uptime', 'nc', 'ping', 'dig', 'nslookup', 'getent', 'sha256sum',
  'md5sum', 'diff', 'cmp', 'sort', 'uniq', 'cut', 'awk', 'sed', 'tr', 'exit', 'return', 'read', 'nproc', 'basename',
  'dirname', 'realpath', 'readlink', 'seq', 'expr', 'local', 'export', 'set', 'shift', 'break', 'continue', ':',
]);

/** Shell keywords that only structure the script; what follows them is the command. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', 'case', 'esac', '{', '}', '!', 'time']);

const DOCKER_READ = /^(ps|logs|config|top|images|inspect|port|version|ls|stats|events)\b/;
const EXEC_VALUE_FLAGS = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index']);

/** The command run inside a container by `docker [compose] exec [flags] <service> <command...>`. */
function execCommand(words: string[]): string {
  let i = words.indexOf('exec') + 1;
  while (i < words.length && words[i]!.startsWith('-')) i += EXEC_VALUE_FLAGS.has(words[i]!) ? 2 : 1;
  return words.slice(i + 1).join(' ');
}

/** Quoted text replaced by a placeholder: `|`, `;` and `>` inside quotes (awk programs, messages) are not shell syntax. */
function withoutQuotes(command: string): string {
  return command.replace(/'[^']*'/g, "'q'").replace(/"(?:[^"\\]|\\.)*"/g, '"q"');
}

function segmentsOf(command: string): string[] {
  return command
    .split(/\|\||&&|[;|\n]|\$\(\(?|`|\)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function segmentIsReadOnly(segment: string, functions: ReadonlySet<string>): boolean {
  let words = segment.split(/\s+/).filter(Boolean);
  while (words.length > 0 && (KEYWORDS.has(words[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!))) words = words.slice(1);
  const [first, ...rest] = words;
  if (first === undefined) return true; // only an assignment or a keyword
  if (/^[A-Za-z_][A-Za-z0-9_]*\(\)?$/.test(first) || functions.has(first)) return true; // a function of this script
  if (first === 'sed') return !rest.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'));
  if (first === 'find') return !rest.some((w) => /^-(delete|exec|execdir|ok|fprint)/.test(w));
  if (first === 'systemctl') return /^(status|is-active|is-enabled|show|list-units)$/.test(rest[0] ?? '');
  if (first === 'xargs') return segmentIsReadOnly(rest.filter((w) => !w.startsWith('-')).join(' '), functions);
  if (READ_ONLY.has(first)) return true;
  if (first === 'curl' || first === 'wget' || first === 'http') {
    return !rest.some((w) => /^(-X|--request|-d|--data\S*|-F|--form|-T|--upload-file|POST|PUT|PATCH|DELETE)$/.test(w));
  }
  if (first === 'docker' || first === 'docker-compose') {
    const sub = rest.filter((w) => !w.startsWith('-'));
    const verb = sub[0] === 'compose' ? sub.slice(1).join(' ') : sub.join(' ');
    if (/^exec\b/.test(verb)) return segmentIsReadOnly(execCommand(rest), functions);
    return DOCKER_READ.test(verb);
  }
  if (first === 'redis-cli') return /^(ping|info|get|dbsize|ttl|exists|keys|scan|--scan)$/i.test(rest.find((w, i) => !w.startsWith('-') && !(rest[i - 1] ?? '').match(/^-[hpna]$/)) ?? '');
  if (first === 'airflow') return /^(dags|tasks) (list|state|list-runs)\b/.test(rest.join(' ')) || rest[0] === 'version';
  return false;
}

/** True when every simple command of a shell command only reads (a heuristic; unknown commands change state). */
export function isReadOnlyCommand(command: string): boolean {
  const text = withoutQuotes(command).replace(/\$\(\([^)]*\)\)/g, '0'); // arithmetic is not a command
  const withoutRedirects = text.replace(/\d?>>?\s*\/dev\/null|\d?>&\d/g, '');
  if (/>{1,2}\s*[^\s&]/.test(withoutRedirects)) return false; // writes a file
  const functions = new Set([...text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(\)\s*\{/g)].map((m) => m[1]!));
  return segmentsOf(text).every((segment) => segmentIsReadOnly(segment, functions));
}
