// `runbook list [folders or files...] [--format text|json]`: the playbooks of the playbook path (or of the folders given),
// checked as `validate` checks them, with name, risk, steps, path and title.
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { defineCommand } from '../context.js';
import { parseList } from '../arguments/list.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { validateAndLoad } from '../../engine/validate.js';
import { pickText } from '../../engine/text.js';
import { translator, type Lang } from '../../i18n/index.js';
import { validateCatalog } from '../../i18n/validate.js';
import { riskWord } from '../../i18n/words.js';
import { padEndWidth, stringWidth } from '../../ui/width.js';
import { showOnOneLine } from '../../ui/sanitize.js';
import { displayDir, displayPath, playbookFilesIn, playbookPath } from '../resolve-playbook.js';

interface Row {
  /** The playbook's path (relative to the current folder when under it). */
  file: string;
  name: string;
  title: string;
  risk: string;
  steps: number;
  valid: boolean;
  errors: number;
}

export const command = defineCommand({
  usage: {
    en: `Usage: runbook list [folders or files...] [--format text|json]

Lists the playbooks (*.yaml, *.yml) found directly in the folders given, else in the playbook
path: the current folder, ./runbooks/ and the folders of RUNBOOK_PATH (colon-separated).
Subfolders are not searched. Each playbook is checked as \`runbook validate\` checks it; an
invalid one is listed with its error count (\`runbook validate <path>\` shows the errors).

Options:
  -f, --format text|json   text (default): name, risk, steps, path, title; json: one object each
Exit codes: 0 all valid · 2 a playbook is invalid, a folder does not exist or has no playbooks.`,
    'zh-CN': `用法：runbook list [目录或文件...] [--format text|json]

列出给定目录（未给出时为 playbook 路径：当前目录、./runbooks/ 以及 RUNBOOK_PATH 中以冒号分隔的
各目录）下直接存放的 playbook（*.yaml、*.yml），不搜索子目录。每个 playbook 都按
\`runbook validate\` 的规则检查；无效的会显示错误数（用 \`runbook validate <路径>\` 查看具体错误）。

选项：
  -f, --format text|json   text（默认）：名称、风险、步骤数、路径、标题；json：每个 playbook 一个对象
退出码：0 全部有效 · 2 有 playbook 无效、目录不存在或其中没有 playbook。`,
  },
  parse: parseList,
  async run({ paths: given, format }, ctx) {
    // A short-lived run: V8's optimising compiler would spend more CPU compiling the YAML lexer and the
    // template compiler than it saves (measured: about 40% less CPU validating 15 playbooks). Only this process.
    setFlagsFromString('--no-opt');
    const t = translator(validateCatalog, ctx.lang);
    const files = given.length > 0 ? filesOf(given, ctx.cwd, t) : playbookPath(ctx.cwd, ctx.env).flatMap((dir) => playbookFilesIn(dir));
    const shown = [...new Set(files.map((f) => displayPath(f, ctx.cwd)))];
    if (shown.length === 0) {
      const where = given.length > 0 ? given.join(', ') : playbookPath(ctx.cwd, ctx.env).map((d) => displayDir(d, ctx.cwd)).join(', ');
      throw new UserError(t('noPlaybooks', { paths: where || '.' }), { hint: t('listNoPlaybooksHint') });
    }
    const rows = await Promise.all(shown.map((file) => rowOf(file, ctx.cwd, ctx.lang, t)));
    if (format === 'json') {
      ctx.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    } else {
      ctx.stdout.write(formatTable(rows, t, ctx.lang) + '\n');
    }
    return rows.every((r) => r.valid) ? ExitCode.ok : ExitCode.invalid;
  },
});

type ValidateT = ReturnType<typeof translator<keyof (typeof validateCatalog)['en']>>;

/** The playbook files of the folders and files given: a folder's own files only, never its subfolders. */
function filesOf(given: readonly string[], cwd: string, t: ValidateT): string[] {
  return given.flatMap((path) => {
    const absolute = resolve(cwd, path);
    let isDir: boolean;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch {
      throw new UserError(t('notFound', { path }));
    }
    return isDir ? playbookFilesIn(absolute) : [absolute];
  });
}

/** One row: the same verdict as `validate`, and what the playbook says about itself when it loaded. */
async function rowOf(file: string, cwd: string, lang: Lang, t: ValidateT): Promise<Row> {
  const result = await validateAndLoad(file, { lang, cwd });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const playbook = result.loaded?.playbook;
  const name = playbook?.name ?? basename(file).replace(/\.ya?ml$/i, '');
  if (!playbook || errors > 0) {
    return { file, name, title: t('listInvalid', { count: errors, file }), risk: '', steps: 0, valid: false, errors };
  }
  const risk = playbook.risk ?? 'medium';
  return { file, name, title: pickText(playbook.title, lang) ?? playbook.name, risk, steps: playbook.steps.length, valid: true, errors: 0 };
}

function formatTable(rows: Row[], t: ValidateT, lang: Lang): string {
  const header = [t('listName'), t('listRisk'), t('listSteps'), t('listPath'), t('listTitle')];
  // A cell is one line: a title written over two lines (YAML `|`) or a file name with a newline shows it as ␤.
  const body = rows.map((r) => [showOnOneLine(r.name), r.valid ? riskWord(r.risk, lang) : '', r.valid ? String(r.steps) : '', showOnOneLine(r.file), showOnOneLine(r.title)]);
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => stringWidth(cells[i]!))));
  return all.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : padEndWidth(cell, widths[i]!))).join('  ').trimEnd()).join('\n');
}
