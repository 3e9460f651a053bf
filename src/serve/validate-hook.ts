// The hook `runbook validate` calls for each file: a rules file of `runbook serve` is checked as one, anything else as a playbook.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validatePlaybookFile, type ValidateOptions, type ValidationResult } from '../engine/validate.js';

/** A rules file names its schema in a comment (`# yaml-language-server: $schema=…/rules.schema.json`) or has a top-level `rules:`. */
export function looksLikeRules(text: string): boolean {
  return /^#.*\$schema=\S*rules\.schema\.json/m.test(text.slice(0, 4096)) || /^rules[ \t]*:/m.test(text);
}

function isRulesFile(path: string, cwd: string | undefined): boolean {
  try {
    return looksLikeRules(readFileSync(resolve(cwd ?? process.cwd(), path), 'utf8'));
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
