// Control characters in a playbook's text (e.g. from a YAML escape "\e[8m"): they can hide or rewrite what a reviewer reads.
import type { YamlPath } from './loaded.js';

/**
 * C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and isolates
 * ("Trojan Source"): none has a place in a title, a name or a command, and each can make a terminal or
 * a review page show other text than the one that runs.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const NAMES: Record<number, string> = { 0x07: 'BEL', 0x08: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x0d: 'CR', 0x1b: 'ESC', 0x7f: 'DEL', 0x9b: 'CSI' };

/** A control character found in a value (or, `key: true`, in the key) at `path`. */
export interface ControlCharSite {
  path: YamlPath;
  key: boolean;
  /** How the character is named in messages: `ESC (U+001B)`. */
  name: string;
}

export function controlCharName(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code];
  return name ? `${name} (${hex})` : hex;
}

/** Every string of the playbook data (keys too) that holds a control character: the first one of each. */
export function findControlChars(data: unknown): ControlCharSite[] {
  // Nearly every playbook has none: a walk that builds no paths says so first (validate runs on every save).
  if (!holdsControlChar(data)) return [];
  const out: ControlCharSite[] = [];
  const stack: { value: unknown; path: YamlPath }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const found = CONTROL.exec(value);
      if (found) out.push({ path, key: false, name: controlCharName(found[0]) });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const found = CONTROL.exec(key);
        if (found) out.push({ path: [...path, key], key: true, name: controlCharName(found[0]) });
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return out;
}

/** Whether any string of the data (keys too) holds a control character: no path built (an explicit stack, as deep as the data). */
function holdsControlChar(data: unknown): boolean {
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (CONTROL.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (CONTROL.test(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
