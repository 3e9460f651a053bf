// Finds values worth a parameter (repeated hosts, paths, service names, dates; `<placeholders>`) and inserts `{{name}}`.
import { isReservedParamName } from '../engine/reserved-names.js';
import { quoteMap, simpleCommands } from '../shell/lex.js';
import { rewrite, type Replacement } from './shell.js';

export type LiteralKind = 'host' | 'path' | 'service' | 'date' | 'placeholder';

export interface ParamProposal {
  name: string;
  kind: LiteralKind;
  /** The literal value (absent for a placeholder: nobody knows it yet). */
  value?: string;
  /** For placeholders: the text as written, `<service>`. */
  placeholder?: string;
  occurrences: number;
}

interface Found {
  value: string;
  kind: LiteralKind;
}

const SYSTEM_PATH = /^\/(dev|proc|sys|bin|sbin|usr\/s?bin|usr\/local\/s?bin)(\/|$)/;

/** Literal values in one command, with their kind. */
export function literalsIn(command: string): Found[] {
  const out: Found[] = [];
  const quotes = quoteMap(command);
  for (const m of command.matchAll(/(?<![\d.:T-])(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?![\d])/g)) {
    out.push({ value: m[1]!, kind: 'date' });
  }
  for (const m of command.matchAll(/(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])/g)) {
    if (m[1] !== '0.0.0.0') out.push({ value: m[1]!, kind: 'host' });
  }
  for (const m of command.matchAll(/\b(?:https?|redis|postgres(?:ql)?|mysql|amqp|ssh):\/\/(?:[^@\s/"']+@)?([A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)/g)) {
    out.push({ value: m[1]!, kind: 'host' });
  }
  for (const m of command.matchAll(/(^|[\s"'=:])(\/[\w.@%+-]+(?:\/[\w.@%+-]+)+)\/?/g)) {
    const value = m[2]!;
    if (value.length >= 5 && !SYSTEM_PATH.test(value)) out.push({ value, kind: 'path' });
  }
  for (const words of simpleCommands(command)) {
    const v = words.map((w) => w.value);
    let i = -1;
    if (v[0] === 'docker' && v[1] === 'compose' && /^(logs|restart|stop|start|up|exec|rm|kill|pull|build|top|port|pause|unpause)$/.test(v[2] ?? '')) i = 3;
    else if (v[0] === 'docker' && /^(logs|restart|stop|start|exec|inspect|kill|top)$/.test(v[1] ?? '')) i = 2;
    else if (v[0] === 'systemctl' && /^(status|restart|stop|start|reload|enable|disable|is-active)$/.test(v[1] ?? '')) i = 2;
    else if (v[0] === 'journalctl') i = v.indexOf('-u') + 1 || -1;
    if (i < 0) continue;
    while (i < v.length && v[i]!.startsWith('-')) i += v[i] === '-u' || v[i] === '--tail' || v[i] === '-n' ? 2 : 1;
    const w = words[i];
    if (w && /^[A-Za-z][\w.-]*$/.test(w.value) && quotes[w.start] === 'none') out.push({ value: w.value, kind: 'service' });
  }
  return out;
}

/** Values that occur at least `min` times over all commands become parameter proposals. */
export function proposeParams(commands: readonly string[], min = 2): ParamProposal[] {
  const counts = new Map<string, { kind: LiteralKind; count: number }>();
  for (const command of commands) {
    const seen = literalsIn(command);
    for (const f of seen) {
      const entry = counts.get(f.value);
      if (entry) entry.count++;
      else counts.set(f.value, { kind: f.kind, count: 1 });
    }
  }
  // A path counts the longer paths below it too (`/srv/app` in `/srv/app/releases`).
  for (const [value, entry] of counts) {
    if (entry.kind !== 'path') continue;
    for (const [other, o] of counts) if (other !== value && other.startsWith(value + '/')) entry.count += o.count;
  }
  const chosen = [...counts].filter(([, e]) => e.count >= min);
  // Drop a path when a chosen parent path covers it.
  const kept = chosen.filter(([value, e]) => e.kind !== 'path' || !chosen.some(([p, pe]) => pe.kind === 'path' && p !== value && value.startsWith(p + '/')));
  const names = new Set<string>();
  return kept.map(([value, e]) => ({ name: uniqueName(nameFor(value, e.kind), names), kind: e.kind, value, occurrences: e.count }));
}

function nameFor(value: string, kind: LiteralKind): string {
  switch (kind) {
    case 'date':
      return value.includes('T') ? 'execution_date' : 'date';
    case 'host':
      return 'host';
    case 'service':
      return 'service';
    case 'path': {
      const segs = value.split('/').filter((s) => s && !s.startsWith('_'));
      const last = segs[segs.length - 1] ?? 'path';
      const base = toIdentifier(last.replace(/\.[a-z0-9]+$/i, ''));
      return /\.[a-z0-9]+$/i.test(last) ? `${base}_file` : `${base}_dir`;
    }
    default:
      return 'value';
  }
}

/** Placeholder words in other languages, mapped to a parameter name. */
const PLACEHOLDER_WORDS: Record<string, string> = {
  目录: 'dir', 路径: 'path', 服务: 'service', 服务名: 'service', 主机: 'host', 端口: 'port', 日期: 'date', 文件: 'file',
  容器: 'container', 名称: 'name', 用户: 'user', 密码: 'password', 地址: 'url', 版本: 'version', 任务: 'task', 环境: 'env',
};

/** `<service>` / `<目录>` / `<GRAFANA_HOST_PORT>` in a command (not `<<EOF`, not `< file`). */
export const PLACEHOLDER = /(?<![<\w])<([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff.-]{0,40})>(?!>)/g;

export function placeholderName(word: string): string {
  return PLACEHOLDER_WORDS[word] ?? toIdentifier(word);
}

/** Turns any word into a parameter identifier (`^[a-z_][a-z0-9_]*$`). */
export function toIdentifier(word: string): string {
  const id = word
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  if (!id) return 'param';
  return /^[a-z_]/.test(id) ? id : `p_${id}`;
}

/** What a proposal is called instead of a name the format reserves (`host` is kept for the coming multi-host runs). */
const INSTEAD_OF_RESERVED: Record<string, string> = { host: 'target_host' };

export function uniqueName(wanted: string, taken: Set<string>): string {
  const base = isReservedParamName(wanted) ? (INSTEAD_OF_RESERVED[wanted] ?? `${wanted}_value`) : wanted;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** Boundaries so `/srv/app` matches in `/srv/app/x` but not in `/srv/apple`, and `10.0.0.1` not in `10.0.0.12`. */
function occurrences(text: string, value: string, kind: LiteralKind): [number, number][] {
  const out: [number, number][] = [];
  const wordChar = kind === 'path' ? /[\w.@%+-]/ : kind === 'date' ? /[\d]/ : /[\w.-]/;
  let i = -1;
  while ((i = text.indexOf(value, i + 1)) >= 0) {
    const before = text[i - 1] ?? '';
    const after = text[i + value.length] ?? '';
    if (kind !== 'placeholder' && (wordChar.test(after) || (kind !== 'path' && wordChar.test(before)) || (kind === 'path' && /[\w.@%+-]/.test(before)))) continue;
    out.push([i, i + value.length]);
  }
  return out;
}

/** Rewrites a shell command with `{{name}}` for each proposal, keeping shell quoting right. */
export function applyParams(command: string, params: readonly ParamProposal[]): string {
  const reps: Replacement[] = [];
  const ordered = [...params].sort((a, b) => (b.value ?? b.placeholder ?? '').length - (a.value ?? a.placeholder ?? '').length);
  for (const p of ordered) {
    const needle = p.placeholder ?? p.value;
    if (!needle) continue;
    for (const [start, end] of occurrences(command, needle, p.kind)) {
      if (reps.some((r) => start < r.end && end > r.start)) continue;
      reps.push({ start, end, kind: 'template', value: `{{${p.name}}}` });
    }
  }
  return rewrite(command, reps);
}

/** The same for text that is not shell (a `cwd:`, a URL): plain substitution. */
export function applyParamsPlain(text: string, params: readonly ParamProposal[]): string {
  let out = text.replace(/\{\{/g, '\\{{');
  const ordered = [...params].sort((a, b) => (b.value ?? b.placeholder ?? '').length - (a.value ?? a.placeholder ?? '').length);
  for (const p of ordered) {
    const needle = p.placeholder ?? p.value;
    if (!needle) continue;
    const spans = occurrences(out, needle, p.kind);
    for (const [start, end] of spans.reverse()) out = out.slice(0, start) + `{{${p.name}}}` + out.slice(end);
  }
  return out;
}

/** Placeholders found in a text, as proposals (names shared across a playbook through `taken`). */
export function placeholdersIn(texts: readonly string[], known: Map<string, ParamProposal>, taken: Set<string>): ParamProposal[] {
  for (const text of texts) {
    for (const m of text.matchAll(PLACEHOLDER)) {
      const written = m[0];
      const existing = known.get(written);
      if (existing) {
        existing.occurrences++;
        continue;
      }
      known.set(written, { name: uniqueName(placeholderName(m[1]!), taken), kind: 'placeholder', placeholder: written, occurrences: 1 });
    }
  }
  return [...known.values()];
}
