// One Markdown section with shell code (or health-check URLs) → one draft playbook.
import { buildDraft, type HttpCheck, type SourceCommand } from '../build.js';
import { playbookNameFrom, type Draft } from '../draft.js';
import { blockCommands, isShellBlock } from './commands.js';
import type { Section } from './markdown.js';
import type { AuthoringText } from '../../i18n/authoring.js';

export interface SectionDraft {
  draft: Draft;
  where: string;
}

/** The draft for a section, or undefined when it holds no shell command and no URL to probe. */
export function sectionDraft(section: Section, ctx: { file: string; stem: string; t: AuthoringText; names: Set<string> }): SectionDraft | undefined {
  const commands: SourceCommand[] = [];
  let dropped = 0;
  for (const block of section.code) {
    if (!isShellBlock(block.lang, block.text)) continue;
    const result = blockCommands(block.lang, block.text);
    dropped += result.droppedOutput;
    const lead = block.lead ? leadName(block.lead) : undefined;
    result.commands.forEach((c) => {
      const name = c.comment ?? (result.commands.length === 1 ? lead : undefined);
      commands.push({ command: c.command, ...(name ? { name } : {}) });
    });
  }
  const http: HttpCheck[] = [];
  if (section.code.length === 0) {
    for (const inline of section.inline) {
      const code = inline.code.trim();
      if (/^https?:\/\/\S+$/.test(code)) http.push({ label: inline.label, url: code });
      else if (/^curl\s+\S/.test(code)) commands.push({ command: code, ...(inline.label ? { name: inline.label } : {}) });
    }
  }
  if (commands.length === 0 && http.length === 0) return undefined;
  const where = [...section.parents.filter(Boolean), `${section.number ? section.number + ' ' : ''}${section.title}`].join(' › ');
  const fallback = `${ctx.stem}-${section.number ? section.number.replace(/\./g, '-') : String(ctx.names.size + 1)}`;
  const name = unique(playbookNameFrom(section.title, fallback), ctx.names);
  const description = [section.prose.join('\n\n'), ctx.t('header.imported', { file: ctx.file, where })].filter(Boolean).join('\n\n');
  const header = [ctx.t('header.imported', { file: ctx.file, where })];
  if (dropped > 0) header.push(ctx.t('header.droppedOutput', { count: dropped }));
  const draft = buildDraft({
    name,
    title: section.title || name,
    description,
    commands,
    http,
    mode: 'import',
    header,
    t: ctx.t,
    tags: ['draft', 'imported'],
  });
  return { draft, where };
}

/** A list item's lead-in (`查询可用的 execution_date：`) as a step name. */
function leadName(lead: string): string | undefined {
  const line = lead.split('\n')[0]!.replace(/[：:]\s*$/u, '').replace(/`/g, '').trim();
  return line.length > 0 && line.length <= 80 ? line : undefined;
}

export function unique(name: string, taken: Set<string>): string {
  let out = name;
  for (let n = 2; taken.has(out); n++) out = `${name.slice(0, 60)}-${n}`;
  taken.add(out);
  return out;
}
