// Reads a playbook file for loading: size cap, UTF-8, the shared first half of `load` and the fast `validate`.
// Nothing here loads the YAML parser.
// Synchronous reads on purpose: a playbook is at most 1 MiB, and node:fs/promises costs a cold `validate`
// more start-up time (it loads streams and readline) than reading all the files takes.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Diagnostic } from './errors.js';
import type { LoadedPlaybook, NodePosition, YamlPath } from './loaded.js';
import type { Playbook } from './playbook.gen.js';
import type { Lang } from './text.js';
import type { ParseCache } from './parse-cache.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';

/** Largest playbook file accepted, in bytes (1 MiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface LoadOptions {
  /** Language of the diagnostics; default from LC_ALL / LANG. */
  lang?: Lang;
  /** Directory relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** What earlier runs parsed (`runbook validate`'s parse cache); none: parse everything. */
  parseCache?: ParseCache;
}

/** The outcome of loading, for callers that want every diagnostic rather than an exception. */
export interface LoadResult {
  file: string;
  diagnostics: Diagnostic[];
  loaded?: LoadedPlaybook;
  /** The text (BOM removed) when it could be read, for showing the offending lines. */
  source?: string;
}

export interface PlaybookText {
  text: string;
  bytes: Buffer;
  absolutePath: string;
}

/** The file's text, or a LoadResult with the one diagnostic that says why it cannot be read. */
export async function readPlaybookText(path: string, options: LoadOptions = {}): Promise<PlaybookText | LoadResult> {
  const t = translator(validateCatalog, options.lang ?? detectLang());
  const absolutePath = resolve(options.cwd ?? process.cwd(), path);
  const fail = (code: string, message: string, hint?: string): LoadResult => {
    const d: Diagnostic = { code, severity: 'error', message };
    if (hint) d.hint = hint;
    return { file: path, diagnostics: [d] };
  };
  let bytes: Buffer;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (validate would hang for ever); it is refused below.
    const fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const info = fstatSync(fd);
      if (info.isDirectory()) return fail('file.unreadable', t('fileIsDirectory'));
      if (!info.isFile()) {
        const kind = info.isFIFO() ? 'kindFifo' : info.isSocket() ? 'kindSocket' : info.isCharacterDevice() || info.isBlockDevice() ? 'kindDevice' : 'kindOther';
        return fail('file.not-regular', t('fileNotRegular', { kind: t(kind) }));
      }
      if (info.size > MAX_FILE_BYTES) {
        return fail('file.too-large', t('fileTooLarge', { size: info.size, cap: formatBytes(MAX_FILE_BYTES), capBytes: MAX_FILE_BYTES }), t('fileTooLargeHint'));
      }
      // Read up to one byte past the cap: a file growing while we read is still caught.
      bytes = readAtMost(fd, MAX_FILE_BYTES + 1, info.size);
    } finally {
      closeSync(fd);
    }
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
  return { text, bytes, absolutePath };
}

/** The text without its byte-order mark: editors do not count one as a column, and neither do we. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The LoadedPlaybook of a checked playbook (frozen; its hash computed on first use). */
export function makeLoaded(fields: {
  file: string;
  absolutePath: string;
  source: string;
  text: string;
  bytes: Buffer | undefined;
  playbook: Playbook;
  locate: (path: YamlPath) => NodePosition | undefined;
  locateKey: (path: YamlPath) => NodePosition | undefined;
}): LoadedPlaybook {
  const { file, absolutePath, source, text, bytes, playbook, locate, locateKey } = fields;
  let sha256: string | undefined;
  return Object.freeze({
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
}

const requireBuiltin = createRequire(import.meta.url);

function hashBytes(bytes: Buffer): string {
  const { createHash } = requireBuiltin('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** Up to `limit` bytes of the file (its size may change while it is read: /proc files say 0, logs grow). */
function readAtMost(fd: number, limit: number, expected: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, expected + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, total * 2 + 4096));
      buffer.copy(bigger, 0, 0, total);
      buffer = bigger;
    }
    const bytesRead = readSync(fd, buffer, total, buffer.length - total, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return buffer.subarray(0, total);
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
