// Message catalogs in en and zh-CN: language detection and a typed translator per catalog.
import type { Lang } from './lang.js';

export type { Lang };

/** A catalog: English messages, and the same keys in Chinese (the type enforces they match). */
export type Catalog<K extends string> = { en: Record<K, string>; 'zh-CN': Record<K, string> };

/** Defines a catalog; `{name}` in a message is replaced by `vars.name`. */
export function defineCatalog<K extends string>(catalog: Catalog<K>): Catalog<K> {
  return catalog;
}

/** The languages of the messages, as `--lang` takes them. */
export const SUPPORTED_LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** The language a `--lang` value names (`zh`, `zh_CN`, `en-GB` …), or undefined when it names none we have. */
export function langOfFlag(flag: string | undefined): Lang | undefined {
  if (!flag) return undefined;
  const v = flag.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en') || v === 'c' || v === 'posix' || v.startsWith('c.')) return 'en';
  return undefined;
}

/** Chooses the language: `--lang` first, then LC_ALL, LC_MESSAGES, LANG (zh* → zh-CN), else English. */
export function detectLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = langOfFlag;
  if (flag) {
    const chosen = pick(flag);
    if (chosen) return chosen;
  }
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value) return pick(value) ?? 'en';
  }
  return 'en';
}

/** Messages of one catalog in one language; `lang` tells which, so other catalogs can follow it (sameLanguage). */
export type Translator<K extends string> = ((key: K, vars?: Record<string, string | number>) => string) & { readonly lang?: Lang };

/** A translator bound to one language. Unknown `{names}` are left as they are. */
export function translator<K extends string>(catalog: Catalog<K>, lang: Lang): Translator<K> {
  const messages = catalog[lang];
  const t = (key: K, vars?: Record<string, string | number>): string => {
    const message = messages[key] ?? catalog.en[key];
    if (!vars) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
  return Object.assign(t, { lang });
}

/** Another catalog's messages in the language of `t` (English when `t` does not say). */
export function sameLanguage<K extends string>(catalog: Catalog<K>, t: { readonly lang?: Lang }): Translator<K> {
  return translator(catalog, t.lang ?? 'en');
}
