// `validate` in one call: load (YAML, schema, semantic checks), then the template checks of the compiler.
//
// Most playbooks are valid, and for them `validate` takes a fast path: the small reader of yaml-fast.ts
// instead of the full YAML parser, and no source positions (nothing needs them when there is nothing to
// report). Anything else — text outside the reader's subset, any diagnostic, even a warning, or a check
// asking where something is — goes through the full loader, which gives every diagnostic its position.
// Both paths check the same data with the same functions, so they agree on the verdict.
import type { Diagnostic } from './errors.js';
import type { NodePosition, YamlPath } from './loaded.js';
import type { Playbook } from './playbook.gen.js';
import { byPosition } from './diagnostic-order.js';
import { makeLoaded, readPlaybookText, withoutBom, type LoadOptions, type LoadResult, type PlaybookText } from './read-playbook.js';
import { checkSchema, describeField } from './schema-check.js';
import { findControlChars } from './control-chars.js';
import { checkIncludeGraph, hasIncludes } from './include-graph.js';
import { checkSemantics } from './semantic.js';
import { fastParseYaml } from './yaml-fast.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';

/** What `validate` reports for one file: its diagnostics, and its text for showing the offending lines. */
export type ValidationResult = Pick<LoadResult, 'file' | 'diagnostics' | 'source'>;

export interface ValidateOptions extends LoadOptions {
  /** false: always the full loader (`RUNBOOK_FAST_VALIDATE=0`), to rule the fast path out. Default true. */
  fastPath?: boolean;
}

/** Every diagnostic of one playbook file (errors and warnings), located and sorted. Never throws for bad input. */
export async function validatePlaybookFile(path: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return read;
  const fast = options.fastPath === false ? undefined : await validateFast(path, read, options);
  return fast ?? validateFull(path, read, options);
}

/** The verdict of `validate` and, when the playbook loaded, the playbook itself (for `list`). Never throws for bad input. */
export async function validateAndLoad(path: string, options: LoadOptions = {}): Promise<ValidationResult & Pick<LoadResult, 'loaded'>> {
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return read;
  return validateFull(path, read, options);
}

/** The full loader's verdict (exported for the test that compares both paths). */
export async function validateFull(path: string, read: PlaybookText, options: LoadOptions): Promise<ValidationResult & Pick<LoadResult, 'loaded'>> {
  const { tryLoadPlaybookText } = await import('./load.js');
  const result = tryLoadPlaybookText(path, read.text, { ...options, absolutePath: read.absolutePath, bytes: read.bytes });
  if (!result.loaded) return result;
  // Template checks (unknown names, later steps' outputs, templates inside shell quotes) belong to the compiler.
  const { checkTemplates } = await import('./compile.js');
  const loaded = result.loaded;
  const templates: Diagnostic[] = [...checkTemplates(loaded, options.lang), ...controlChars(loaded.playbook, { file: loaded.file, locate: loaded.locate, locateKey: loaded.locateKey }, options)];
  if (hasIncludes(loaded.playbook)) {
    templates.push(...(await checkIncludeGraph({ file: loaded.file, absolutePath: loaded.absolutePath, playbook: loaded.playbook, locate: loaded.locate, read: readIncludeData, lang: options.lang ?? detectLang() })));
  }
  // A few rules (e.g. `sandbox.params` naming an unknown param) are checked by both: keep the first.
  const seen = new Set(result.diagnostics.map((d) => `${d.code}@${d.location?.line ?? 0}`));
  const fresh = templates.filter((d) => !seen.has(`${d.code}@${d.location?.line ?? 0}`));
  if (fresh.length === 0) return result;
  return { ...result, diagnostics: [...result.diagnostics, ...fresh].sort(byPosition) };
}

/** Thrown by the fast path's locator: a check wants a position, so the full loader must run. */
class PositionsNeeded extends Error {}

function needPositions(): NodePosition | undefined {
  throw new PositionsNeeded();
}

/** The fast path: a result when the playbook is read by the small reader and has nothing to report, else undefined. */
export async function validateFast(file: string, read: PlaybookText, options: LoadOptions): Promise<ValidationResult | undefined> {
  const source = withoutBom(read.text);
  const value = fastParseYaml(source);
  if (value === undefined) return undefined;
  const lang = options.lang ?? detectLang();
  const t = translator(validateCatalog, lang);
  const locate = needPositions;
  const locateKey = needPositions;
  try {
    if (checkSchema(value, { file, locate, locateKey, t, lang }).length > 0) return undefined;
    const playbook = value as unknown as Playbook;
    if (checkSemantics(playbook, { file, absolutePath: read.absolutePath, locate, locateKey, t }).length > 0) return undefined;
    const loaded = makeLoaded({ file, absolutePath: read.absolutePath, source, text: read.text, bytes: read.bytes, playbook, locate, locateKey });
    const { checkTemplates } = await import('./compile.js');
    if (checkTemplates(loaded, options.lang).length > 0) return undefined;
    if (findControlChars(value).length > 0) return undefined;
    if (hasIncludes(playbook)) {
      const graph = await checkIncludeGraph({ file, absolutePath: read.absolutePath, playbook, locate: () => undefined, read: readIncludeData, lang });
      if (graph.length > 0) return undefined;
    }
  } catch (error) {
    if (error instanceof PositionsNeeded) return undefined;
    throw error;
  }
  return { file, diagnostics: [], source };
}

/** Reads an included playbook's data for the include graph: the small reader, else the full parser; undefined if unreadable. */
export async function readIncludeData(absolutePath: string): Promise<unknown> {
  const read = await readPlaybookText(absolutePath, {});
  if ('diagnostics' in read) return undefined;
  const source = withoutBom(read.text);
  const fast = fastParseYaml(source);
  if (fast !== undefined) return fast;
  const { parsePlaybookData } = await import('./load.js');
  return parsePlaybookData(absolutePath, source);
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
