// Shared checks for authoring tests: a draft's text must pass the generated schema validator and full validation.
import { expect } from 'vitest';
import { parse } from 'yaml';
import validateSchema from '../../src/engine/schema-validator.gen.js';
import { checkDraft } from '../../src/authoring/check.js';
import { emitDraft } from '../../src/authoring/emit.js';
import type { Draft } from '../../src/authoring/draft.js';
import type { Playbook } from '../../src/engine/playbook.gen.js';
import { authoringText } from '../../src/i18n/authoring.js';

export const t = authoringText('en');

/** Asserts the YAML text is a valid playbook (standalone ajv validator, then `validate`'s full checks). */
export async function expectValidText(text: string, file = 'runbooks/draft.yaml'): Promise<Playbook> {
  const value = parse(text) as Playbook;
  const validate = validateSchema as unknown as ((data: unknown) => boolean) & { errors?: unknown };
  const ok = validate(value);
  expect(ok ? [] : validate.errors, `${file} schema errors`).toEqual([]);
  const diagnostics = (await checkDraft(text, file)).filter((d) => d.severity === 'error');
  expect(diagnostics, `${file} validation errors`).toEqual([]);
  return value;
}

/** Emits the draft as it would be written under runbooks/ and asserts it validates. */
export async function expectValidDraft(draft: Draft): Promise<{ text: string; playbook: Playbook }> {
  const text = emitDraft(draft, './schemas/playbook.schema.json');
  const playbook = await expectValidText(text, `runbooks/${draft.playbook.name}.yaml`);
  return { text, playbook };
}
