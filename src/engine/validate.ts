// `validate` in one call: load (YAML, schema, semantic checks), then the template checks of the compiler,
// control characters and the include graph. Every playbook is read by the one loader (load.ts).
import type { Diagnostic } from './errors.js';
import type { NodePosition, YamlPath } from './loaded.js';
import type { ParseCache } from './parse-cache.js';
import { byPosition } from './diagnostic-order.js';
import { parsePlaybookData, tryLoadPlaybookText } from './load.js';
import { readPlaybookText, withoutBom, type LoadOptions, type LoadResult } from './read-playbook.js';
import { describeField } from './schema-check.js';
import { findControlChars } from './control-chars.js';
import { checkIncludeGraph, hasIncludes, type ReadInclude } from './include-graph.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';

/** What `validate` reports for one file: its diagnostics, and its text for showing the offending lines. */
export type ValidationResult = Pick<LoadResult, 'file' | 'diagnostics' | 'source'>;

/** Every diagnostic of one playbook file (errors and warnings), located and sorted. Never throws for bad input. */
export async function validatePlaybookFile(path: string, options: LoadOptions = {}): Promise<ValidationResult> {
  const [result] = await validatePlaybookFiles([path], options);
  return result!;
}

/**
 * `validatePlaybookFile` for several files, in their order. They are all loaded first, so a playbook that
 * another one includes is parsed once: the include graph reads the data already loaded.
 */
export async function validatePlaybookFiles(paths: readonly string[], options: LoadOptions = {}): Promise<ValidationResult[]> {
  const results = await Promise.all(paths.map((path) => loadForValidate(path, options)));
  const data = new Map<string, Promise<unknown>>();
  for (const { loaded } of results) if (loaded) data.set(loaded.absolutePath, Promise.resolve(loaded.playbook));
  const readInclude: ReadInclude = (absolutePath) => {
    let read = data.get(absolutePath);
    if (!read) data.set(absolutePath, (read = readIncludeData(absolutePath, options.parseCache)));
    return read;
  };
  return Promise.all(results.map(async (result) => ({ file: result.file, diagnostics: await withCompilerChecks(result, options, readInclude), source: result.source })));
}

/** The verdict of `validate` and, when the playbook loaded, the playbook itself (for `list`). Never throws for bad input. */
export async function validateAndLoad(path: string, options: LoadOptions = {}): Promise<ValidationResult & Pick<LoadResult, 'loaded'>> {
  const result = await loadForValidate(path, options);
  return { ...result, diagnostics: await withCompilerChecks(result, options, readIncludeData) };
}

async function loadForValidate(path: string, options: LoadOptions): Promise<LoadResult> {
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return read;
  return tryLoadPlaybookText(path, read.text, { ...options, absolutePath: read.absolutePath, bytes: read.bytes });
}

/** The loader's diagnostics and, for a playbook that loaded, the compiler's template checks, control characters and the include graph. */
async function withCompilerChecks(result: LoadResult, options: LoadOptions, readInclude: ReadInclude): Promise<Diagnostic[]> {
  const loaded = result.loaded;
  if (!loaded) return result.diagnostics;
  // Template checks (unknown names, later steps' outputs, templates inside shell quotes) belong to the compiler.
  const { checkTemplates } = await import('./compile.js');
  const more: Diagnostic[] = [...checkTemplates(loaded, options.lang), ...controlChars(loaded.playbook, { file: loaded.file, locate: loaded.locate, locateKey: loaded.locateKey }, options)];
  if (hasIncludes(loaded.playbook)) {
    more.push(...(await checkIncludeGraph({ file: loaded.file, absolutePath: loaded.absolutePath, playbook: loaded.playbook, locate: loaded.locate, read: readInclude, lang: options.lang ?? detectLang() })));
  }
  // A few rules (e.g. `sandbox.params` naming an unknown param) are checked by both: keep the first.
  const seen = new Set(result.diagnostics.map((d) => `${d.code}@${d.location?.line ?? 0}`));
  const fresh = more.filter((d) => !seen.has(`${d.code}@${d.location?.line ?? 0}`));
  if (fresh.length === 0) return result.diagnostics;
  return [...result.diagnostics, ...fresh].sort(byPosition);
}

/** Reads an included playbook's data for the include graph (unchecked); undefined if unreadable or not YAML. */
export async function readIncludeData(absolutePath: string, parseCache?: ParseCache): Promise<unknown> {
  const read = await readPlaybookText(absolutePath, {});
  if ('diagnostics' in read) return undefined;
  return parsePlaybookData(absolutePath, withoutBom(read.text), parseCache);
}

/** Control characters in the playbook's text (validate and lint flag them; `plan` and the reporters neutralise them). */
function controlChars(
  playbook: unknown,
  where: { file: string; locate: (path: YamlPath) => NodePosition | undefined; locateKey: (path: YamlPath) => NodePosition | undefined },
  options: LoadOptions,
): Diagnostic[] {
  const sites = findControlChars(playbook);
  if (sites.length === 0) return [];
  const t = translator(validateCatalog, options.lang ?? detectLang());
  return sites.map((site) => {
    const at = site.key ? where.locateKey(site.path) : where.locate(site.path);
    const d: Diagnostic = {
      code: 'text.control-char',
      severity: 'error',
      message: t('textControlChar', { field: describeField(site.path, playbook, t), char: site.name }),
      hint: t('textControlCharHint'),
    };
    if (at) d.location = { file: where.file, line: at.line, col: at.col, endLine: at.endLine, endCol: at.endCol };
    return d;
  });
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}
