// The hook `runbook validate` calls for each file: a rules file of `runbook serve` is checked as one, anything else as a playbook.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../engine/read-playbook.js';
import { validatePlaybookFile, type ValidateOptions, type ValidationResult } from '../engine/validate.js';

/** A rules file names its schema in a comment (`# yaml-language-server: $schema=…/rules.schema.json`) or has a top-level `rules:`. */
export function looksLikeRules(text: string): boolean {
  return /^#.*\$schema=\S*rules\.schema\.json/m.test(text.slice(0, 4096)) || /^rules[ \t]*:/m.test(text);
}

function isRulesFile(path: string, cwd: string | undefined): boolean {
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

/** The diagnostics of one file; `kind` tells the summary what it was. */
export async function validateAnyFile(path: string, options: ValidateOptions): Promise<ValidationResult & { kind: 'playbook' | 'rules' }> {
  if (!isRulesFile(path, options.cwd)) return { ...(await validatePlaybookFile(path, options)), kind: 'playbook' };
  const { loadRulesFile } = await import('./rules-load.js');
  const { file, diagnostics, source } = await loadRulesFile(path, options);
  return { file, diagnostics, ...(source !== undefined ? { source } : {}), kind: 'rules' };
}
