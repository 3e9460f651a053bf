// Loads a playbook file: safe YAML parsing, schema and semantic checks, positions, a deeply frozen result.
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { InvalidPlaybookError, type Diagnostic } from './errors.js';
import type { LoadedPlaybook } from './loaded.js';
import type { Playbook } from './playbook.gen.js';
import { byPosition } from './diagnostic-order.js';
import { checkSchema } from './schema-check.js';
import { checkSemantics } from './semantic.js';
import type { Lang } from './text.js';
import { parseYaml } from './yaml-parse.js';
import { createLocator } from './yaml-position.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';

/** Largest playbook file accepted, in bytes (1 MiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface LoadOptions {
  /** Language of the diagnostics; default from LC_ALL / LANG. */
  lang?: Lang;
  /** Directory relative paths are resolved against; default process.cwd(). */
  cwd?: string;
}

/** The outcome of loading, for callers that want every diagnostic rather than an exception. */
export interface LoadResult {
  file: string;
  diagnostics: Diagnostic[];
  loaded?: LoadedPlaybook;
  /** The text (BOM removed) when it could be read, for showing the offending lines. */
  source?: string;
}

/** Loads and checks a playbook; throws InvalidPlaybookError (exit 2) with located diagnostics. */
export async function loadPlaybookFile(path: string, options: LoadOptions = {}): Promise<LoadedPlaybook> {
  return unwrap(await tryLoadPlaybookFile(path, options));
}

/** Same as loadPlaybookFile, for text already in memory (`file` names it in messages and resolves includes). */
export function loadPlaybookText(file: string, text: string, options: LoadOptions = {}): LoadedPlaybook {
  return unwrap(tryLoadPlaybookText(file, text, options));
}

function unwrap(result: LoadResult): LoadedPlaybook {
  if (result.loaded && !result.diagnostics.some((d) => d.severity === 'error')) return result.loaded;
  throw new InvalidPlaybookError(result.file, result.diagnostics);
}

export async function tryLoadPlaybookFile(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const t = translator(validateCatalog, options.lang ?? detectLang());
  const absolutePath = resolve(options.cwd ?? process.cwd(), path);
  const fail = (code: string, message: string, hint?: string): LoadResult => {
    const d: Diagnostic = { code, severity: 'error', message };
    if (hint) d.hint = hint;
    return { file: path, diagnostics: [d] };
  };
  let bytes: Buffer;
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) return fail('file.unreadable', t('fileIsDirectory'));
    if (info.size > MAX_FILE_BYTES) {
      return fail('file.too-large', t('fileTooLarge', { size: info.size, cap: formatBytes(MAX_FILE_BYTES), capBytes: MAX_FILE_BYTES }), t('fileTooLargeHint'));
    }
    bytes = await readAtMost(absolutePath, MAX_FILE_BYTES + 1);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? t('noSuchFile') : (error as Error).message;
    return fail('file.unreadable', t('fileUnreadable', { reason }));
  }
  if (bytes.length > MAX_FILE_BYTES) {
    return fail('file.too-large', t('fileTooLarge', { size: `> ${MAX_FILE_BYTES}`, cap: formatBytes(MAX_FILE_BYTES), capBytes: MAX_FILE_BYTES }), t('fileTooLargeHint'));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // A NUL byte is reported by the text checks with its position; other undecodable bytes here.
    if (bytes.includes(0)) text = bytes.toString('latin1');
    else return fail('file.not-utf8', t('fileNotUtf8'), t('fileNotUtf8Hint'));
  }
  return tryLoadPlaybookText(path, text, { ...options, absolutePath, bytes });
}

export function tryLoadPlaybookText(
  file: string,
  text: string,
  options: LoadOptions & { absolutePath?: string; bytes?: Buffer } = {},
): LoadResult {
  const lang = options.lang ?? detectLang();
  const t = translator(validateCatalog, lang);
  const absolutePath = options.absolutePath ?? resolve(options.cwd ?? process.cwd(), file);
  const bytes = options.bytes;
  // Editors do not count a byte-order mark as a column; neither do we.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const { parsed, diagnostics } = parseYaml(file, source, t);
  if (!parsed) return { file, diagnostics, source };
  const { locate, locateKey } = createLocator(parsed.doc, parsed.mapper);

  const schemaDiagnostics = checkSchema(parsed.value, { file, locate, locateKey, t, lang });
  if (schemaDiagnostics.length > 0) return { file, diagnostics: schemaDiagnostics, source };

  const playbook = parsed.value as Playbook;
  const semantic = checkSemantics(playbook, { file, absolutePath, locate, locateKey, t }).sort(byPosition);
  let sha256: string | undefined;
  const loaded: LoadedPlaybook = Object.freeze({
    file,
    absolutePath,
    source,
    // Computed on first use: node:crypto costs start-up time that `validate` does not need.
    get sha256(): string {
      return (sha256 ??= hashBytes(bytes ?? Buffer.from(text, 'utf8')));
    },
    playbook: deepFreeze(playbook),
    locate,
    locateKey,
  });
  return { file, diagnostics: semantic, loaded, source };
}

const requireBuiltin = createRequire(import.meta.url);

function hashBytes(bytes: Buffer): string {
  const { createHash } = requireBuiltin('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let total = 0;
    while (total < limit) {
      const { bytesRead } = await handle.read(buffer, total, limit - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} B`;
}

/** Freezes a plain-data tree without recursion (shared alias targets are frozen once). */
export function deepFreeze<T>(root: T): Readonly<T> {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    for (const child of Object.values(value)) stack.push(child);
    Object.freeze(value);
  }
  return root;
}
