// Loads a playbook file: safe YAML parsing, schema and semantic checks, positions, a deeply frozen result.
import { resolve } from 'node:path';
import { InvalidPlaybookError } from './errors.js';
import type { LoadedPlaybook } from './loaded.js';
import type { Playbook } from './playbook.gen.js';
import type { ParseCache } from './parse-cache.js';
import { byPosition } from './diagnostic-order.js';
import { makeLoaded, readPlaybookText, withoutBom, type LoadOptions, type LoadResult } from './read-playbook.js';
import { checkSchema } from './schema-check.js';
import { checkSemantics } from './semantic.js';
import { parseYaml } from './yaml-parse.js';
import { parseYamlData } from './yaml-cached.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';

export type { LoadOptions, LoadResult } from './read-playbook.js';

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
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return read;
  return tryLoadPlaybookText(path, read.text, { ...options, absolutePath: read.absolutePath, bytes: read.bytes });
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
  const source = withoutBom(text);

  const cache = options.parseCache ? { store: options.parseCache, absolutePath } : undefined;
  const { data, diagnostics } = parseYamlData(file, source, t, cache);
  if (!data) return { file, diagnostics, source };
  const { locate, locateKey } = data;

  const schemaDiagnostics = checkSchema(data.value, { file, locate, locateKey, t, lang });
  if (schemaDiagnostics.length > 0) return { file, diagnostics: schemaDiagnostics, source };

  const playbook = data.value as Playbook;
  const semantic = checkSemantics(playbook, { file, absolutePath, locate, locateKey, t }).sort(byPosition);
  const loaded = makeLoaded({ file, absolutePath, source, text, bytes, playbook, locate, locateKey });
  return { file, diagnostics: semantic, loaded, source };
}

/** The data of a YAML playbook text, unchecked (undefined when it does not parse): for reading the include graph. */
export function parsePlaybookData(file: string, source: string, parseCache?: ParseCache): unknown {
  if (!parseCache) return parseYaml(file, source, translator(validateCatalog, 'en')).parsed?.value;
  return parseYamlData(file, source, translator(validateCatalog, 'en'), { store: parseCache, absolutePath: resolve(file) }).data?.value;
}

// For other YAML formats checked the same way (the rules of `runbook serve`): the safe parser and its positions.
export { parseYaml } from './yaml-parse.js';
export { createLocator } from './yaml-position.js';
export { parseYamlData } from './yaml-cached.js';
