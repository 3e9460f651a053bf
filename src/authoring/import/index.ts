// `runbook import`: a Markdown runbook → draft playbooks, one per section with commands and one per troubleshooting row.
import { basename } from 'node:path';
import type { Draft } from '../draft.js';
import { readSections } from './markdown.js';
import { sectionDraft } from './sections.js';
import { tableDrafts } from './table.js';
import { playbookNameFrom } from '../draft.js';
import type { AuthoringText } from '../../i18n/authoring.js';

export interface ImportedDraft {
  draft: Draft;
  /** Where in the Markdown it came from (`2 › 2.1 Docker Compose`). */
  where: string;
}

/** Drafts for a Markdown document, in document order. */
export function importMarkdown(markdown: string, file: string, t: AuthoringText): ImportedDraft[] {
  const stem = playbookNameFrom(basename(file).replace(/\.(md|markdown)$/i, ''), 'runbook');
  const names = new Set<string>();
  const out: ImportedDraft[] = [];
  for (const section of readSections(markdown)) {
    const ctx = { file: basename(file), stem, t, names };
    const fromSection = sectionDraft(section, ctx);
    if (fromSection) out.push(fromSection);
    out.push(...tableDrafts(section, ctx));
  }
  return out;
}
