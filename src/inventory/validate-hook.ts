// `runbook validate` on an inventory file: recognised by its schema modeline or its top-level keys, checked by the inventory loader.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../engine/errors.js';
import type { Lang } from '../i18n/index.js';

/** Enough of a file to see its modeline and top-level keys. */
const HEAD_BYTES = 64 * 1024;

/** An inventory names its schema in the modeline, or has top-level `hosts:`/`groups:` and no `steps:`. */
export function isInventoryText(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  if (/\$schema=\S*inventory\.schema\.json/.test(first)) return true;
  if (/\$schema=\S*playbook\.schema\.json/.test(first)) return false;
  return /^(hosts|groups):/m.test(text) && !/^steps:/m.test(text);
}

function readHead(path: string): string | undefined {
  try {
    // O_NONBLOCK: a FIFO must not wait for a writer; anything but a regular file is left to the playbook check.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      const buffer = Buffer.alloc(HEAD_BYTES);
      return buffer.toString('utf8', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The diagnostics of `file` when it is an inventory; undefined when it is not (a playbook, or unreadable: the playbook check says why). */
export async function validateIfInventory(file: string, options: { lang: Lang; cwd: string }): Promise<{ file: string; diagnostics: Diagnostic[]; source?: string } | undefined> {
  const head = readHead(resolve(options.cwd, file));
  if (head === undefined || !isInventoryText(head)) return undefined;
  // The loader (and the YAML parser) load only when an inventory is found: validate's start-up stays light.
  const { tryLoadInventoryFile } = await import('../inventory/load.js');
  const result = await tryLoadInventoryFile(file, options);
  return { file, diagnostics: result.diagnostics, ...(result.source !== undefined ? { source: result.source } : {}) };
}
