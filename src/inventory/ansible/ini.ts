// Reads an Ansible INI inventory (sections `[g]`, `[g:vars]`, `[g:children]`, host lines with `key=value`).
//
// No npm package reads Ansible's INI flavour (generic INI parsers take `host key=value` for one key), so
// this is a small reader scoped to the shape Ansible documents for its `ini` inventory plugin: comments
// `#`/`;` at the start of a line, host lines split like Python's shlex (the `shlex` package) with `#`
// comments, `host:port`, ranges (`www[01:50]`), values read as simple Python literals, and groups used in
// `[x:children]` or `[x:vars]` before they are declared.
import { split } from 'shlex';
import type { Translator } from '../../i18n/index.js';
import type { RemoteMessage } from '../../i18n/remote.js';
import { iniValue } from './literal.js';
import { AnsibleInventoryError, addChild, addHost, emptyInventory, groupOf, type AnsibleInventory } from './model.js';
import { expandHostRange } from './ranges.js';

export interface IniNote {
  line: number;
  name: string;
  value: string;
}

interface State {
  file: string;
  t: Translator<RemoteMessage>;
  line: number;
  inventory: AnsibleInventory;
  /** Groups named in `[x:children]` or `[x:vars]` before any `[x]`/`[x:children]` declared them: where first used. */
  pending: Map<string, { line: number; section: string }>;
  declared: Set<string>;
  /** Python lists/dicts/tuples kept as text. */
  complex: IniNote[];
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
const GROUP_LINE = /^([^:\]\s]+)\s*(?:#.*)?$/;

function fail(s: State, detail: string): never {
  throw new AnsibleInventoryError(s.t('import.iniSyntax', { file: s.file, line: s.line, detail }));
}

export function readIniInventory(file: string, text: string, t: Translator<RemoteMessage>): { inventory: AnsibleInventory; complex: IniNote[] } {
  const s: State = { file, t, line: 0, inventory: emptyInventory(), pending: new Map(), declared: new Set(['all', 'ungrouped']), complex: [] };
  let group = 'ungrouped';
  let kind = 'hosts';
  for (const raw of text.split(/\r?\n/)) {
    s.line++;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = SECTION.exec(line);
    if (section) {
      group = section[1]!;
      kind = section[2] ?? 'hosts';
      if (!['hosts', 'vars', 'children'].includes(kind)) fail(s, t('import.iniSectionKind', { section: `${group}:${kind}`, kind }));
      if (kind !== 'vars') {
        s.declared.add(group);
        s.pending.delete(group);
      } else if (!s.declared.has(group) && !s.pending.has(group)) s.pending.set(group, { line: s.line, section: `${group}:vars` });
      groupOf(s.inventory, group);
      continue;
    }
    if (line.startsWith('[')) fail(s, t('import.iniSection'));
    if (kind === 'hosts') readHostLine(s, group, line);
    else if (kind === 'vars') readVarLine(s, group, line);
    else readChildLine(s, group, line);
  }
  const [missing] = s.pending;
  if (missing) {
    s.line = missing[1].line;
    fail(s, t('import.iniUndefinedGroup', { group: missing[0], section: missing[1].section }));
  }
  return { inventory: s.inventory, complex: s.complex };
}

/** `name[:port] key=value ...`; a range expands to several hosts. */
function readHostLine(s: State, group: string, line: string): void {
  let tokens: string[];
  try {
    tokens = split(line);
  } catch {
    fail(s, s.t('import.iniQuote'));
  }
  const comment = tokens.findIndex((token) => token.startsWith('#'));
  if (comment !== -1) tokens = tokens.slice(0, comment);
  const [pattern, ...assignments] = tokens;
  if (!pattern) return;
  const vars: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) fail(s, s.t('import.iniExpectedVar', { text: assignment }));
    vars[assignment.slice(0, eq)] = value(s, assignment.slice(0, eq), assignment.slice(eq + 1));
  }
  const { host, port } = splitPort(pattern);
  if (port !== undefined) vars.ansible_port = port;
  let hosts: string[];
  try {
    hosts = expandHostRange(host);
  } catch {
    fail(s, s.t('import.badRange', { pattern: host }));
  }
  for (const name of hosts) addHost(s.inventory, group, name, vars);
}

/** `host:22` → host and port; a colon inside a range (`www[01:50]`) or an IPv6 address is not a port. */
function splitPort(pattern: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(pattern);
  if (bracketed && bracketed[1]!.includes(':')) return { host: bracketed[1]!, port: Number(bracketed[2]) };
  const outside = pattern.replace(/\[[^\]]*\]/g, (m) => '_'.repeat(m.length));
  const colons = outside.split(':').length - 1;
  const last = outside.lastIndexOf(':');
  if (colons === 1 && /^\d+$/.test(pattern.slice(last + 1))) return { host: pattern.slice(0, last), port: Number(pattern.slice(last + 1)) };
  return { host: pattern };
}

function readVarLine(s: State, group: string, line: string): void {
  const eq = line.indexOf('=');
  if (eq <= 0) fail(s, s.t('import.iniExpectedVar', { text: line }));
  const key = line.slice(0, eq).trim();
  groupOf(s.inventory, group).vars[key] = value(s, key, line.slice(eq + 1));
}

function readChildLine(s: State, group: string, line: string): void {
  const match = GROUP_LINE.exec(line);
  if (!match) fail(s, s.t('import.iniExpectedGroup', { text: line }));
  const child = match[1]!;
  if (!s.declared.has(child) && !s.pending.has(child)) s.pending.set(child, { line: s.line, section: `${group}:children` });
  addChild(s.inventory, group, child);
}

function value(s: State, name: string, raw: string): unknown {
  const read = iniValue(raw);
  if (read.complex) s.complex.push({ line: s.line, name, value: String(read.value) });
  return read.value;
}
