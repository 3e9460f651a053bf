// The hook `runbook validate` calls for each file: a rules file of `runbook serve` is checked as one (the rest are playbooks or inventories).
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../engine/read-playbook.js';
import type { LoadOptions } from '../engine/read-playbook.js';
import type { ValidationResult } from '../engine/validate.js';

/** A rules file names its schema in a comment (`# yaml-language-server: $schema=…/rules.schema.json`) or has a top-level `rules:`. */
export function looksLikeRules(text: string): boolean {
  return /^#.*\$schema=\S*rules\.schema\.json/m.test(text.slice(0, 4096)) || /^rules[ \t]*:/m.test(text);
}

export function isRulesFile(path: string, cwd: string | undefined): boolean {
  const absolute = resolve(cwd ?? process.cwd(), path);
  try {
    // Only a regular file of a playbook's size is read here: a FIFO would block, a huge file is the loader's to refuse.
    const info = statSync(absolute);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return false;
    return looksLikeRules(readFileSync(absolute, 'utf8'));
  } catch {
    return false; // unreadable: the playbook path says why
  }
}

/** The diagnostics of a rules file. */
export async function validateRulesFile(path: string, options: LoadOptions): Promise<ValidationResult> {
  const { loadRulesFile } = await import('./rules-load.js');
  const { file, diagnostics, source } = await loadRulesFile(path, options);
  return { file, diagnostics, ...(source !== undefined ? { source } : {}) };
}
