// A YAML text's data and positions, through validate's parse cache (parse-cache.ts) when there is one.
import type { Diagnostic } from './errors.js';
import type { NodePosition, YamlPath } from './loaded.js';
import type { ParseCache } from './parse-cache.js';
import { parseYaml } from './yaml-parse.js';
import { createLocator, type Locator } from './yaml-position.js';
import type { Translator } from '../i18n/index.js';
import type { ValidateMessage } from '../i18n/validate.js';

export interface YamlData extends Locator {
  /** The plain data (a mapping), aliases expanded. */
  value: unknown;
}

/**
 * Parses `source` (the text of `file`) with the `yaml` package: its data and a locator, or its diagnostics.
 * With a cache, a text parsed by an earlier run gives its kept data, and positions (wanted only for a
 * diagnostic) come from parsing it again on first use: the same answers as parsing, and no parse when valid.
 */
export function parseYamlData(
  file: string,
  source: string,
  t: Translator<ValidateMessage>,
  cache?: { store: ParseCache; absolutePath: string },
): { data?: YamlData; diagnostics: Diagnostic[] } {
  const kept = cache?.store.yaml(cache.absolutePath, source);
  if (kept !== undefined) return { data: { value: kept, ...locateLater(file, source, t) }, diagnostics: [] };
  const { parsed, diagnostics } = parseYaml(file, source, t);
  if (!parsed) return { diagnostics };
  cache?.store.keepYaml(cache.absolutePath, source, parsed.value);
  return { data: { value: parsed.value, ...createLocator(parsed.doc, parsed.mapper) }, diagnostics };
}

/** A locator that parses `source` on its first call (a text the cache kept parsed without a problem before). */
function locateLater(file: string, source: string, t: Translator<ValidateMessage>): Locator {
  let locator: Locator | undefined;
  const get = (): Locator | undefined => {
    if (locator) return locator;
    const { parsed } = parseYaml(file, source, t);
    return parsed ? (locator = createLocator(parsed.doc, parsed.mapper)) : undefined;
  };
  return {
    locate: (path: YamlPath): NodePosition | undefined => get()?.locate(path),
    locateKey: (path: YamlPath): NodePosition | undefined => get()?.locateKey(path),
  };
}
