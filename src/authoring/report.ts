// The short report printed after writing drafts: file, step count, and what needs a human.
import type { Draft } from './draft.js';
import type { AuthoringText } from '../i18n/authoring.js';

export function draftReport(file: string, draft: Draft, t: AuthoringText, where?: string): string {
  const lines = [`  ${file}${where ? `  (${where})` : ''}`];
  if (draft.todos.length === 0) lines.push(`      ${t('import.ok')}`);
  else {
    lines.push(`      ${t('import.needs')}`);
    for (const todo of draft.todos) lines.push(`      - ${todo.message}`);
  }
  return lines.join('\n');
}
