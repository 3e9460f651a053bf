// Host patterns as Ansible users write them: names, globs, `all`, `a:b` (either), `a:&b` (both), `a:!b` (a but not b).
import { UserError } from '../engine/errors.js';
import { didYouMean } from '../engine/suggest.js';
import { detectLang, type Lang } from '../i18n/index.js';
import { remoteText } from '../i18n/remote.js';
import { groupMembers, type InventoryHost, type LoadedInventory } from './model.js';

/** One part of a pattern: how it combines with the others, and what it names. */
export interface PatternTerm {
  op: 'union' | 'intersect' | 'exclude';
  text: string;
}

/** A host pattern that cannot be read or matches nothing: exit 2, with a hint. */
export class HostPatternError extends UserError {
  constructor(message: string, hint: string) {
    super(message, { hint });
    this.name = 'HostPatternError';
  }
}

/** Splits a pattern on `:` and `,` (Ansible accepts both) into its terms. */
export function parsePattern(pattern: string, lang: Lang = detectLang()): PatternTerm[] {
  const t = remoteText(lang);
  if (pattern.trim() === '') throw new HostPatternError(t('pattern.empty'), t('pattern.hint'));
  return splitTerms(pattern).map((raw) => {
    const part = raw.trim();
    const op = part.startsWith('!') ? 'exclude' : part.startsWith('&') ? 'intersect' : 'union';
    const text = op === 'union' ? part : part.slice(1).trim();
    if (text === '') throw new HostPatternError(t('pattern.emptyTerm', { pattern }), t('pattern.hint'));
    if (text.startsWith('~')) throw new HostPatternError(t('pattern.unsupported', { term: part, what: t('pattern.regex') }), t('pattern.hint'));
    return { op, text };
  });
}

/** Splits on `:` and `,` outside brackets (`api[0:2]` is one term). */
function splitTerms(pattern: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of pattern) {
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ':' || c === ',')) {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms;
}

/** fnmatch-style glob (`*`, `?`, `[abc]`) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/-]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const isGlob = (text: string) => /[*?[]/.test(text);

/** The hosts one term names (a host, a group, `all`/`*`, or a glob over host and group names); undefined when none. */
function termHosts(inventory: LoadedInventory, text: string): Set<string> | undefined {
  if (text === 'all' || text === '*') return new Set(inventory.hosts.map((h) => h.name));
  if (text === 'ungrouped') return new Set(inventory.hosts.filter((h) => h.groups.length === 0).map((h) => h.name));
  if (inventory.groups.some((g) => g.name === text)) return new Set(groupMembers(inventory, text).map((h) => h.name));
  if (inventory.hosts.some((h) => h.name === text)) return new Set([text]);
  if (!isGlob(text)) return undefined;
  const re = globToRegExp(text);
  const names = new Set<string>();
  for (const g of inventory.groups) if (re.test(g.name)) for (const h of groupMembers(inventory, g.name)) names.add(h.name);
  for (const h of inventory.hosts) if (re.test(h.name)) names.add(h.name);
  return names.size > 0 ? names : undefined;
}

/**
 * The hosts a pattern selects, in inventory order: the union of the plain terms, then narrowed by each
 * `&` term and reduced by each `!` term, wherever they stand (as Ansible does). A term that matches
 * nothing is an error naming it (a typo must not quietly select fewer hosts).
 */
export function selectHosts(inventory: LoadedInventory, pattern: string, lang: Lang = detectLang()): InventoryHost[] {
  const t = remoteText(lang);
  const terms = parsePattern(pattern, lang);
  const sets = terms.map((term) => {
    const subscript = /^(.+)\[(-?\d+|\d*:\d*)\]$/.exec(term.text);
    if (subscript && inventory.groups.some((g) => g.name === subscript[1])) {
      throw new HostPatternError(t('pattern.unsupported', { term: term.text, what: t('pattern.subscript') }), t('pattern.hint'));
    }
    const hosts = termHosts(inventory, term.text);
    if (!hosts) {
      const names = [...inventory.groups.map((g) => g.name), ...inventory.hosts.map((h) => h.name)];
      const guess = didYouMean(term.text, names);
      const hint = guess ? t('inv.didYouMean', { name: guess }) : t('pattern.noMatchHint', { names: ['all', ...names].slice(0, 30).join(', ') });
      throw new HostPatternError(t('pattern.noMatch', { term: term.text, file: inventory.file }), hint);
    }
    return { op: term.op, hosts };
  });
  const unions = sets.filter((s) => s.op === 'union');
  // `!b` or `&b` alone start from every host, as in Ansible.
  let selected = unions.length > 0 ? new Set(unions.flatMap((s) => [...s.hosts])) : new Set(inventory.hosts.map((h) => h.name));
  for (const s of sets) if (s.op === 'intersect') selected = new Set([...selected].filter((h) => s.hosts.has(h)));
  for (const s of sets) if (s.op === 'exclude') selected = new Set([...selected].filter((h) => !s.hosts.has(h)));
  return inventory.hosts.filter((h) => selected.has(h.name));
}
