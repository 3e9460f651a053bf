// Rows of a troubleshooting table (symptom | checks | fix) → playbook skeletons: checks as preconditions, fix as steps.
import { buildDraft, type SourceCommand } from '../build.js';
import { classifyCommand } from '../classify.js';
import { PLACEHOLDER } from '../params.js';
import { playbookNameFrom, type Draft } from '../draft.js';
import type { Cell, Section, Table } from './markdown.js';
import { unique } from './sections.js';
import type { AuthoringText } from '../../i18n/authoring.js';

const SYMPTOM = /症状|现象|问题|故障|报错|symptom|problem|issue|error|alert/i;
const CHECK = /排查|检查|诊断|原因|定位|check|diagnos|cause|investigat|verify/i;
const FIX = /处理|解决|修复|措施|建议|办法|fix|solution|resolution|remed|action|workaround/i;

/** Column indexes of symptom, checks and fix, when the table is a troubleshooting table. */
export function troubleshootingColumns(table: Table): { symptom: number; check: number; fix: number } | undefined {
  const headers = table.header.map((h) => h.text);
  const symptom = headers.findIndex((h) => SYMPTOM.test(h));
  const fix = headers.findIndex((h, i) => i !== symptom && FIX.test(h));
  const check = headers.findIndex((h, i) => i !== symptom && i !== fix && CHECK.test(h));
  if (symptom < 0 || fix < 0) return undefined;
  return { symptom, check, fix };
}

const PROGRAM = /^(sudo|docker|docker-compose|kubectl|helm|systemctl|service|journalctl|curl|wget|ls|cat|tail|head|grep|cp|mv|rm|mkdir|chown|chmod|ln|find|echo|bash|sh|python3?|pip3?|git|airflow|mlflow|redis-cli|psql|mysql|test|stat|df|du|ps|kill|tar|rsync|touch|sed|jq|\.\/[\w./-]+)$/;

/** Whether inline code is a command (not a variable, a path or a message). */
export function isCommandLike(code: string): boolean {
  const words = code.trim().split(/\s+/);
  return PROGRAM.test(words[0] ?? '') && (words.length >= 2 || /^(ls|df|ps|docker)$/.test(words[0]!));
}

/** A command missing its target (`chown -R 50000:50000`) gets a `<path>` placeholder. */
function completeCommand(code: string): string {
  const words = code.trim().split(/\s+/);
  const base = words[0] === 'sudo' ? words.slice(1) : words;
  if (/^(chown|chmod)$/.test(base[0] ?? '') && base.slice(1).filter((w) => !w.startsWith('-')).length < 2) return `${code.trim()} <path>`;
  return code.trim();
}

/** Probes for non-command checks: an env variable set (`VAR`), set to a value (`VAR=1`), a path that exists. */
function checkProbe(code: string, t: AuthoringText): { run: string; name: string } | undefined {
  const c = code.trim();
  let m = c.match(/^([A-Z][A-Z0-9_]{2,})$/);
  if (m) return { run: `test -n "\${${m[1]}:-}"`, name: t('probe.envSet', { name: m[1]! }) };
  m = c.match(/^([A-Z][A-Z0-9_]{2,})=(\S+)$/);
  if (m) return { run: `test "\${${m[1]}:-}" = ${m[2]}`, name: t('probe.envIs', { name: m[1]!, value: m[2]! }) };
  if (/^\/[\w.@%+-]+(\/[\w.@%+-]+)+\/?$/.test(c)) return { run: `test -e ${c}`, name: t('probe.exists', { path: c }) };
  return undefined;
}

export interface RowDraft {
  draft: Draft;
  where: string;
}

/** One draft per row of each troubleshooting table of the section. */
export function tableDrafts(section: Section, ctx: { file: string; stem: string; t: AuthoringText; names: Set<string> }): RowDraft[] {
  const out: RowDraft[] = [];
  for (const table of section.tables) {
    const cols = troubleshootingColumns(table);
    if (!cols) continue;
    table.rows.forEach((row, index) => {
      const at = (i: number): Cell => row[i] ?? { text: '', codes: [] };
      const symptom = at(cols.symptom);
      const checks = cols.check >= 0 ? at(cols.check) : { text: '', codes: [] };
      const fix = at(cols.fix);
      if (!symptom.text.trim()) return;
      const commands: SourceCommand[] = [];
      const probes: { run: string; name: string }[] = [];
      for (const code of checks.codes) {
        if (isCommandLike(code)) {
          const command = completeCommand(code);
          commands.push({ command, role: classifyCommand(command.replace(PLACEHOLDER, 'X')).kind === 'read' ? 'check' : 'action' });
        } else {
          const probe = checkProbe(code, ctx.t);
          if (probe) probes.push(probe);
        }
      }
      for (const code of fix.codes) if (isCommandLike(code)) commands.push({ command: completeCommand(code), role: 'action' });
      const number = `${section.number ?? 'table'}-${index + 1}`;
      const where = `${section.number ? section.number + ' ' : ''}${section.title} › ${clean(symptom.text)}`;
      const name = unique(playbookNameFrom(symptom.text, `${ctx.stem}-${number.replace(/\./g, '-')}`), ctx.names);
      const title = clean(symptom.text);
      const description = [
        clean(symptom.text),
        checks.text ? `${table.header[cols.check]?.text ?? 'Checks'}: ${clean(checks.text)}` : '',
        `${table.header[cols.fix]?.text ?? 'Fix'}: ${clean(fix.text)}`,
      ]
        .filter(Boolean)
        .join('\n');
      const draft = buildDraft({
        name,
        title,
        description,
        commands,
        probes,
        mode: 'import',
        header: [ctx.t('header.imported', { file: ctx.file, where })],
        placeholder: { name: clean(fix.text).slice(0, 100) || title, text: clean(fix.text) || title },
        tags: ['draft', 'imported', 'troubleshooting'],
        t: ctx.t,
      });
      out.push({ draft, where });
    });
  }
  return out;
}

function clean(text: string): string {
  return text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
}
