// Localised playbook text (`title: {en, zh-CN}` or a plain string) and how to pick a language.
import type { Lang } from '../i18n/lang.js';
import type { Text } from './playbook.gen.js';

// The language type belongs to the messages (src/i18n never imports the engine); the model re-exports it.
export type { Lang };

/** Picks the text for a language: the requested one, else the other, else the plain string. */
export function pickText(text: Text | undefined, lang: Lang): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? text['zh-CN'];
}
