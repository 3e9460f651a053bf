// Tells read-only shell commands (cat, test, curl GET, docker compose ps, ...) from ones that may change state.
import { splitSegments } from './destructive.js';

/** First words of commands that only read. */
const READ_ONLY = new Set([
  'cat', 'ls', 'test', '[', '[[', 'stat', 'df', 'du', 'grep', 'egrep', 'fgrep', 'echo', 'printf', 'head', 'tail', 'wc',
  'jq', 'yq', 'true', 'false', 'sleep', 'date', 'whoami', 'id', 'hostname', 'uname', 'find', 'which', 'command', 'type',
  'env', 'printenv', 'pwd', 'ps', 'pgrep', 'free', 'uptime', 'nc', 'ping', 'dig', 'nslookup', 'getent', 'sha256sum',
  'md5sum', 'diff', 'cmp', 'sort', 'uniq', 'cut', 'awk', 'sed', 'tr', 'xargs', 'journalctl', 'systemctl', 'exit', 'read',
]);

const DOCKER_READ = /^(ps|logs|config|top|images|inspect|port|version|ls|stats|events)\b/;

function segmentIsReadOnly(segment: string): boolean {
  const words = segment.replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, '').split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return true;
  if (first === 'sed' && rest.some((w) => /^-[a-zA-Z]*i/.test(w))) return false; // sed -i edits files
  if (first === 'systemctl') return /^(status|is-active|is-enabled|show|list-units)$/.test(rest[0] ?? '');
  if (first === 'xargs') return segmentIsReadOnly(rest.filter((w) => !w.startsWith('-')).join(' '));
  if (READ_ONLY.has(first)) return true;
  if (first === 'curl' || first === 'wget' || first === 'http') {
    return !rest.some((w) => /^(-X|--request|-d|--data\S*|-F|--form|-T|--upload-file|POST|PUT|PATCH|DELETE)$/.test(w));
  }
  if (first === 'docker' || first === 'docker-compose') {
    const sub = rest.filter((w) => !w.startsWith('-'));
    const verb = sub[0] === 'compose' ? sub.slice(1).join(' ') : sub.join(' ');
    if (/^exec\b/.test(verb)) return /\b(airflow (dags|tasks) (list|state|list-runs)|redis-cli (ping|info|get|dbsize|--scan)|cat|ls|test|psql -c "?select)\b/i.test(segment);
    return DOCKER_READ.test(verb);
  }
  if (first === 'redis-cli') return /\b(ping|info|get|dbsize|ttl|exists|keys|scan)\b/i.test(rest.join(' '));
  if (first === 'airflow') return /^(dags|tasks) (list|state|list-runs|test)\b/.test(rest.join(' ')) || rest[0] === 'version';
  return false;
}

/** True when every simple command of a shell command only reads (a heuristic; unknown commands change state). */
export function isReadOnlyCommand(command: string): boolean {
  const withoutRedirects = command.replace(/\d?>>?\s*\/dev\/null|2>&1/g, '');
  if (/(^|[^0-9&>])>{1,2}\s*[^\s&]/.test(withoutRedirects)) return false; // writes a file
  return splitSegments(command).every(segmentIsReadOnly);
}
