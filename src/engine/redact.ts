// Redaction of secret values from any text or JSON-like value before it reaches a sink.
//
// A secret is masked as written and as the sanitised terminal text would show it: escape sequences
// a child puts inside it (`abc\e[0mdef`) are removed by every human sink, so they must not hide it here.
import { ESCAPE_SEQUENCE_SOURCE, unfinishedSequenceAt } from './escapes.js';
import { shellQuote } from './template.js';

export const MASK = '••••••';

/** The forms a secret can take in output: as is, shell-quoted, JSON-escaped, percent-encoded (in URLs). Longest first. */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || !secret) continue;
    forms.add(secret);
    forms.add(shellQuote(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
    try {
      forms.add(encodeURIComponent(secret));
    } catch {
      // a lone surrogate cannot be percent-encoded, so no URL holds it that way
    }
  }
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}

const C1 = /[\u0080-\u009f]/;

/**
 * Whether the text holds something the sanitiser removes or expands (ESC, a C1 control, a tab): only
 * such text needs the projection. Single characters and the UTF-8 length are found with vector
 * instructions; a character class would be tested character by character over every chunk of output.
 */
export function mayHideText(text: string): boolean {
  if (text.includes('\u001b') || text.includes('\t')) return true;
  return Buffer.byteLength(text, 'utf8') !== text.length && C1.test(text);
}

/** A piece of raw text the sanitised view shows differently: an escape sequence (shown as nothing) or a tab. */
interface Cut {
  /** Index in the visible text. */
  at: number;
  raw: number;
  rawEnd: number;
  /** Length in the visible text: 0 for a sequence, 4 for a tab. */
  len: number;
}

/** The text as a sanitised line shows it (sequences removed, tabs as 4 spaces), with where each change is. */
export function project(text: string): { visible: string; cuts: Cut[] } {
  const pattern = new RegExp(`${ESCAPE_SEQUENCE_SOURCE}|\t`, 'g');
  const cuts: Cut[] = [];
  let visible = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    visible += text.slice(last, at);
    const shown = match[0] === '\t' ? '    ' : '';
    cuts.push({ at: visible.length, raw: at, rawEnd: at + match[0].length, len: shown.length });
    visible += shown;
    last = at + match[0].length;
  }
  return { visible: visible + text.slice(last), cuts };
}

/** The raw index where the visible character at `v` starts (`end`: where it ends). */
function rawIndex(cuts: readonly Cut[], v: number, end: boolean): number {
  let delta = 0;
  for (const cut of cuts) {
    // Sequences right before the character count (they come first in the raw text); later ones do not.
    if (cut.at > v) break;
    if (v < cut.at + cut.len) return end ? cut.rawEnd : cut.raw;
    delta += cut.rawEnd - cut.raw - cut.len;
  }
  return v + delta + (end ? 1 : 0);
}

/** Masks secrets the sanitised view would show whole; sequences inside a masked secret are kept after the mask. */
function maskProjected(text: string, needles: readonly string[]): string {
  let out = text;
  let view = project(out);
  for (const needle of needles) {
    let found = view.visible.indexOf(needle);
    if (found === -1) continue;
    const ranges: [number, number][] = [];
    while (found !== -1) {
      ranges.push([rawIndex(view.cuts, found, false), rawIndex(view.cuts, found + needle.length - 1, true)]);
      found = view.visible.indexOf(needle, found + needle.length);
    }
    for (const [start, end] of ranges.reverse()) {
      const kept = view.cuts.filter((c) => c.len === 0 && c.raw >= start && c.rawEnd <= end).map((c) => out.slice(c.raw, c.rawEnd));
      out = out.slice(0, start) + MASK + kept.join('') + out.slice(end);
    }
    view = project(out);
  }
  return out;
}

/** The forms that contain no other form: when none of them occurs in a text, no form does (one search, not four). */
export function rootForms(forms: readonly string[]): string[] {
  return forms.filter((form) => !forms.some((other) => other !== form && form.includes(other)));
}

/**
 * Replaces every occurrence of every form (as written, and as a sanitised terminal shows it) with the
 * mask. `roots` (rootForms) and `hides` (mayHideText of the text) save searches when already known.
 */
export function maskText(text: string, forms: readonly string[], known: { roots?: readonly string[]; hides?: boolean } = {}): string {
  if (forms.length === 0 || text.length === 0) return text;
  let out = text;
  if ((known.roots ?? forms).some((root) => text.includes(root))) {
    for (const form of forms) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
  }
  const hides = out === text && known.hides !== undefined ? known.hides : mayHideText(out);
  return hides ? maskProjected(out, forms) : out;
}

/**
 * Length of the longest suffix of `text` that is a proper prefix of some form: that much must be held
 * back until the next chunk tells whether it completes a secret.
 */
export function pendingSuffix(text: string, forms: readonly string[], longest = forms[0]?.length ?? 0): number {
  const max = Math.min(longest - 1, text.length);
  // Compared in place (no slice per length): this runs on every chunk of output.
  for (let k = max; k > 0; k--) {
    const start = text.length - k;
    for (const form of forms) if (form.length > k && startsAt(form, text, start)) return k;
  }
  return 0;
}

/** Whether `form` starts with `text.slice(start)` (`form` is longer). */
function startsAt(form: string, text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) if (text.charCodeAt(i) !== form.charCodeAt(i - start)) return false;
  return true;
}

/** Longest unfinished escape sequence held back at the end of a chunk; a longer one is let through. */
const MAX_UNFINISHED = 4096;

/**
 * Where the part of `text` that could still become (part of) a secret starts: a suffix that starts a
 * secret as written or as the sanitised view shows it, or an escape sequence that is not finished yet.
 */
export function pendingStart(text: string, forms: readonly string[], longest = forms[0]?.length ?? 0, hides = mayHideText(text)): number {
  if (!hides) return text.length - pendingSuffix(text, forms, longest);
  const unfinished = unfinishedSequenceAt(text, MAX_UNFINISHED);
  const head = unfinished === -1 ? text : text.slice(0, unfinished);
  const view = project(head);
  const k = pendingSuffix(view.visible, forms, longest);
  const inView = k === 0 ? head.length : rawIndex(view.cuts, view.visible.length - k, false);
  // The raw text is masked too (a secret holding a tab or an escape is found as written), so a raw suffix
  // that starts a secret waits as well: the view shows a tab as spaces, and would let `pa<TAB>` through.
  return Math.min(inView, head.length - pendingSuffix(head, forms, longest));
}

/** Replaces every occurrence of every secret (and its quoted forms) with the mask. */
export function redactText(text: string, secrets: readonly string[]): string {
  return secrets.length === 0 ? text : maskText(text, secretForms(secrets));
}

/** Redacts every string inside a JSON-like value (plans, events). Returns a new value. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const forms = secretForms(secrets);
  return mapStrings(value, (text) => maskText(text, forms));
}

/** Applies `fn` to every string inside a JSON-like value, except the values of `skip` keys. Returns a new value. */
export function mapStrings<T>(value: T, fn: (text: string) => string, skip: ReadonlySet<string> = new Set()): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = skip.has(k) ? inner : walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
