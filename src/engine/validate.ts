// `validate` in one call: load (YAML, schema, semantic checks), then the template checks of the compiler.
import type { Diagnostic } from './errors.js';
import { tryLoadPlaybookFile, type LoadOptions, type LoadResult } from './load.js';
import { byPosition } from './diagnostic-order.js';

export type ValidationResult = LoadResult;

/** Every diagnostic of one playbook file (errors and warnings), located and sorted. Never throws for bad input. */
export async function validatePlaybookFile(path: string, options: LoadOptions = {}): Promise<ValidationResult> {
  const result = await tryLoadPlaybookFile(path, options);
  if (!result.loaded) return result;
  // Template checks (unknown names, later steps' outputs, templates inside shell quotes) belong to the compiler.
  const { checkTemplates } = await import('./compile.js');
  const templates: Diagnostic[] = checkTemplates(result.loaded, options.lang);
  // A few rules (e.g. `sandbox.params` naming an unknown param) are checked by both: keep the first.
  const seen = new Set(result.diagnostics.map((d) => `${d.code}@${d.location?.line ?? 0}`));
  const fresh = templates.filter((d) => !seen.has(`${d.code}@${d.location?.line ?? 0}`));
  if (fresh.length === 0) return result;
  return { ...result, diagnostics: [...result.diagnostics, ...fresh].sort(byPosition) };
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}
