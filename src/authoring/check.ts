// Checks a draft before it is written: the generated schema validator, then the full `validate` (semantic + templates).
import { parse } from 'yaml';
import validateSchema from '../engine/schema-validator.gen.js';
import type { Diagnostic } from '../engine/errors.js';
import { tryLoadPlaybookText } from '../engine/load.js';
import type { Lang } from '../engine/text.js';

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Schema problems of a draft's text (empty when valid). */
export function checkDraftSchema(text: string, file: string): Diagnostic[] {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return [{ code: 'yaml.syntax', severity: 'error', message: `${file}: ${(error as Error).message}` }];
  }
  const validate = validateSchema as unknown as ((data: unknown) => boolean) & { errors?: AjvError[] | null };
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => ({
    code: `schema.${e.keyword}`,
    severity: 'error' as const,
    message: `${file}: ${e.instancePath || '/'} ${e.message ?? ''} ${e.params['additionalProperty'] ? `(${String(e.params['additionalProperty'])})` : ''}`.trim(),
  }));
}

/** Everything `runbook validate` would say about the draft (schema, semantic rules, templates). */
export async function checkDraft(text: string, file: string, options: { lang?: Lang; absolutePath?: string } = {}): Promise<Diagnostic[]> {
  const schema = checkDraftSchema(text, file);
  if (schema.length > 0) return schema;
  const result = tryLoadPlaybookText(file, text, { ...(options.lang ? { lang: options.lang } : {}), ...(options.absolutePath ? { absolutePath: options.absolutePath } : {}) });
  if (!result.loaded) return result.diagnostics;
  const { checkTemplates } = await import('../engine/compile.js');
  return [...result.diagnostics, ...checkTemplates(result.loaded, options.lang)];
}
