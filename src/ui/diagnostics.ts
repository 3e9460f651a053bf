// Formats diagnostics for people (text with source snippets), machines (json) and GitHub Actions annotations.
import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../engine/errors.js';
import { MAX_FILE_BYTES, withoutBom } from '../engine/read-playbook.js';
import type { Lang } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { diagnosticsCatalog } from '../i18n/diagnostics.js';
import { eastAsianWidth } from 'get-east-asian-width';
import { showControls, showOnOneLine } from './sanitize.js';

/** The diagnostics of one file, with its text when known (for the snippets). */
export interface FileDiagnostics {
  file: string;
  diagnostics: readonly Diagnostic[];
  source?: string;
}

export type DiagnosticFormat = 'text' | 'json' | 'github';
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'github'];

export interface TextOptions {
  lang: Lang;
  color: boolean;
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Diagnostics shown per file in text and github output; the rest are counted in one line. */
export const MAX_SHOWN_PER_FILE = 20;
const TAB_WIDTH = 4;
const MAX_SNIPPET_LINES = 3;

const ansi = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const styles = { red: ansi('1;31'), yellow: ansi('1;33'), cyan: ansi('36'), dim: ansi('2'), bold: ansi('1') };
const plain = { red: id, yellow: id, cyan: id, dim: id, bold: id };
function id(text: string): string {
  return text;
}

/**
 * Shows control characters instead of acting on them, so file text cannot drive the terminal: Control
 * Pictures for C0 and DEL (`␛`), `\x9b` for C1, `\u202e` for bidi controls (src/ui/sanitize.ts).
 */
export function sanitize(text: string): string {
  return showControls(text);
}

/**
 * A diagnostic's message, hint or file name for a person: sanitize, and line breaks shown (`␤`). No message of
 * the catalogs spans lines (test/i18n/one-line-diagnostics.test.ts), so a break can only come from a value quoted
 * in it — a key, an id, a name, a value, a file name — and must not start a line that reads like the tool's own.
 * The JSON format keeps the raw text.
 */
export function oneLine(text: string): string {
  return showOnOneLine(text);
}

/**
 * go-task style:
 *   file:line:col: error: message
 *      4 |   - id: stop
 *      5 |     rn: docker compose down
 *        |     ^~
 *     hint: ...
 */
export function formatDiagnosticsText(files: readonly FileDiagnostics[], options: TextOptions): string {
  const t = translator(diagnosticsCatalog, options.lang);
  const s = options.color ? styles : plain;
  const blocks: string[] = [];
  for (const entry of files) {
    let lines: string[] | undefined;
    const sourceLines = (): string[] => (lines ??= splitLines(entry.source ?? readSource(entry.file)));
    for (const d of entry.diagnostics.slice(0, MAX_SHOWN_PER_FILE)) {
      const loc = d.location;
      const where = loc ? `${loc.file}:${loc.line}:${loc.col}` : entry.file;
      const label = d.severity === 'error' ? s.red(t('error')) : s.yellow(t('warning'));
      // `error: …` / `错误：…`: the colon after the label is Chinese in Chinese text.
      const out = [`${s.bold(oneLine(where))}: ${label}${t('colon')}${oneLine(d.message)}`];
      if (loc) out.push(...snippet(sourceLines(), loc.line, loc.col, loc.endLine ?? loc.line, loc.endCol ?? loc.col + 1, s, d.severity === 'error' ? s.red : s.yellow));
      if (d.hint) out.push(`  ${s.cyan(t('hint'))}${t('colon')}${oneLine(d.hint)}`);
      blocks.push(out.join('\n'));
    }
    const hidden = entry.diagnostics.length - MAX_SHOWN_PER_FILE;
    if (hidden > 0) blocks.push(`${oneLine(entry.file)}: ${t('more', { count: hidden })}`);
  }
  return blocks.length > 0 ? blocks.join('\n\n') + '\n' : '';
}

function splitLines(source: string | undefined): string[] {
  if (source === undefined) return [];
  return source.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Reads a file for snippets when the caller did not keep its text (e.g. errors thrown by `plan`). */
function readSource(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return undefined;
    return withoutBom(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

interface Rendered {
  text: string;
  /** Display column (0-based) where each character (by code point index) starts; one extra entry for the end. */
  columns: number[];
}

/**
 * Columns a character takes: 2 for East Asian wide and fullwidth (CJK, most emoji), 0 for combining marks, else 1.
 * (Same rule as ui/width.ts, without loading string-width's emoji tables: this module sits on every command's start-up path.)
 */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200b || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  return eastAsianWidth(code);
}

/** Expands tabs and measures each character's display width (CJK = 2), so the marker lands under the right column. */
function render(line: string): Rendered {
  let text = '';
  const columns: number[] = [];
  let column = 0;
  for (const ch of line) {
    columns.push(column);
    if (ch === '\t') {
      const w = TAB_WIDTH - (column % TAB_WIDTH);
      text += ' '.repeat(w);
      column += w;
    } else {
      const shown = sanitize(ch);
      text += shown;
      // A Control Picture takes one column, `\x9b` four: every character of a replacement is ASCII or one column.
      column += shown === ch ? charWidth(ch) : shown.length;
    }
  }
  columns.push(column);
  return { text, columns };
}

/** Lines longer than this (in characters) are shown as a window around the marker. */
const MAX_LINE_CHARS = 120;

/** Cuts a long line to a window around `col`; returns the shown text and the column of `col` in it. */
function windowLine(line: string, col: number, endCol: number): { text: string; col: number; endCol: number } {
  const chars = [...line];
  if (chars.length <= MAX_LINE_CHARS) return { text: line, col, endCol };
  const start = Math.max(0, Math.min(col - 1 - 20, chars.length - MAX_LINE_CHARS));
  const end = Math.min(chars.length, start + MAX_LINE_CHARS);
  const lead = start > 0 ? '…' : '';
  const text = lead + chars.slice(start, end).join('') + (end < chars.length ? '…' : '');
  const shift = start - lead.length;
  return { text, col: col - shift, endCol: Math.min(endCol - shift, end - shift + 1) };
}

function snippet(lines: string[], line: number, col: number, endLine: number, endCol: number, s: typeof plain, mark: (text: string) => string): string[] {
  if (lines[line - 1] === undefined) return [];
  const last = Math.min(endLine, line + MAX_SNIPPET_LINES - 1, lines.length);
  // One line of context before, unless it is blank.
  const start = line > 1 && (lines[line - 2] ?? '').trim() !== '' ? line - 1 : line;
  const gutter = String(Math.max(line, last)).length;
  const out: string[] = [];
  for (let n = start; n <= Math.max(line, last); n++) {
    const shown = windowLine(lines[n - 1] ?? '', n === line ? col : 1, n === line && endLine === line ? endCol : Infinity);
    const r = render(shown.text);
    out.push(`  ${s.dim(String(n).padStart(gutter))} ${s.dim('|')} ${r.text}`.trimEnd());
    if (n === line) {
      const c = shown.col;
      const from = r.columns[Math.min(c - 1, r.columns.length - 1)] ?? 0;
      const toIndex = endLine === line ? Math.max(shown.endCol - 1, c) : r.columns.length - 1;
      const to = Math.max(r.columns[Math.min(toIndex, r.columns.length - 1)] ?? from + 1, from + 1);
      const marker = '^' + '~'.repeat(Math.max(0, to - from - 1));
      out.push(`  ${' '.repeat(gutter)} ${s.dim('|')} ${' '.repeat(from)}${mark(marker)}`);
    }
  }
  return out;
}

/** A stable JSON array: one object per diagnostic, always the same keys (null when unknown). */
export function formatDiagnosticsJson(files: readonly FileDiagnostics[]): string {
  const rows = files.flatMap((entry) =>
    entry.diagnostics.map((d) => ({
      file: d.location?.file ?? entry.file,
      line: d.location?.line ?? null,
      col: d.location?.col ?? null,
      endLine: d.location?.endLine ?? null,
      endCol: d.location?.endCol ?? null,
      severity: d.severity,
      code: d.code,
      message: d.message,
      hint: d.hint ?? null,
    })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}

/** Workflow-command data: %, CR and LF escaped, so no text can end the line and start a command of its own. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values additionally escape `:` and `,` (they delimit properties and the command). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=runbook validate::message` per diagnostic. */
export function formatDiagnosticsGithub(files: readonly FileDiagnostics[], options: { lang: Lang }): string {
  const t = translator(diagnosticsCatalog, options.lang);
  const out: string[] = [];
  for (const entry of files) {
    for (const d of entry.diagnostics.slice(0, MAX_SHOWN_PER_FILE)) {
      const loc = d.location;
      const props = [`file=${escapeProperty(loc?.file ?? entry.file)}`];
      if (loc) {
        props.push(`line=${loc.line}`, `col=${loc.col}`);
        if (loc.endLine !== undefined) props.push(`endLine=${loc.endLine}`);
        if (loc.endCol !== undefined && loc.endLine === loc.line) props.push(`endColumn=${loc.endCol}`);
      }
      props.push(`title=${escapeProperty('runbook validate')}`);
      // The annotation's own break (message, then hint) stays; a value's break and controls are shown.
      const message = d.hint ? `${oneLine(d.message)}\n${t('hint')}${t('colon')}${oneLine(d.hint)}` : oneLine(d.message);
      out.push(`::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}`);
    }
    const hidden = entry.diagnostics.length - MAX_SHOWN_PER_FILE;
    if (hidden > 0) out.push(`::error file=${escapeProperty(entry.file)},title=runbook validate::${escapeData(t('more', { count: hidden }))}`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

export function formatDiagnostics(files: readonly FileDiagnostics[], format: DiagnosticFormat, options: TextOptions): string {
  if (format === 'json') return formatDiagnosticsJson(files);
  if (format === 'github') return formatDiagnosticsGithub(files, options);
  return formatDiagnosticsText(files, options);
}
