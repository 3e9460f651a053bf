// `runbook import <markdown> [-o dir]`: a Markdown runbook → draft playbooks, with a report of what needs a human.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineCommand } from '../context.js';
import { IMPORT_SYNOPSIS, parseImport } from '../arguments/import.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { authoringText } from '../../i18n/authoring.js';
import { invalidDraftText } from '../drafts.js';
import { showOnOneLine } from '../../ui/sanitize.js';

export const command = defineCommand({
  usage: {
    en: `${IMPORT_SYNOPSIS.en}

Converts a Markdown runbook (English or Chinese) into draft playbooks, one file per:
  - section holding shell code (fenced or indented; bash/sh/shell/console, \`$ \` prompts
    stripped and output lines dropped): each command a step, its trailing # comment the
    step name, \`\\\` continuations joined, <placeholders> (<service>, <host>, <目录>) params;
    \`export\`/\`source\` lines are carried into the later steps (each step is its own shell);
  - section of health-check URLs only: one http step per URL;
  - row of a troubleshooting table (symptom | checks | fix): description = symptom,
    checks = preconditions, fix = steps (a failing placeholder when the fix is prose).
Every draft validates; the report lists what needs a human (rollbacks, placeholders, ...).

Options:
  -o, --output <dir>   folder for the drafts (default: the current folder)
  --force              overwrite existing files
  --dry-run            print the report, write nothing`,
    'zh-CN': `${IMPORT_SYNOPSIS['zh-CN']}

把 Markdown 运维手册（中文或英文）转换为 playbook 草稿，每个文件对应：
  - 含 shell 代码（围栏或缩进；bash/sh/shell/console，去掉 \`$ \` 提示符和输出行）的章节：
    每条命令一个步骤，行尾 # 注释作为步骤名，合并 \`\\\` 续行，<占位符>（<service>、<host>、
    <目录>）转为参数；\`export\`/\`source\` 行带入后续步骤（每个步骤是独立的 shell）；
  - 只有健康检查 URL 的章节：每个 URL 一个 http 步骤；
  - 故障排查表（症状 | 排查 | 处理）的每一行：描述为症状，排查为前置条件，处理为步骤
    （处理为文字说明时生成会故意失败的占位步骤）。
所有草稿都通过校验；报告列出需要人工处理的内容（回滚、占位符等）。

选项：
  -o, --output <目录>  草稿输出目录（默认：当前目录）
  --force              覆盖已存在的文件
  --dry-run            只打印报告，不写文件`,
  },
  parse: parseImport,
  async run({ source, output: dir, force, dryRun }, ctx) {
    const t = authoringText(ctx.lang);
    let markdown: string;
    try {
      markdown = readFileSync(resolve(ctx.cwd, source), 'utf8');
    } catch (error) {
      throw new UserError(t('import.missingFile', { file: showOnOneLine(source) }), { cause: error });
    }
    const { importMarkdown } = await import('../../authoring/import/index.js');
    const drafts = importMarkdown(markdown, source, t);
    if (drafts.length === 0) {
      ctx.stderr.write(t('import.none', { file: source }) + '\n');
      return ExitCode.invalid;
    }
    const { fileExists, writeDraftFile } = await import('../../authoring/write.js');
    const { draftReport } = await import('../../authoring/report.js');
    const files = drafts.map((d) => join(dir, `${d.draft.playbook.name}.yaml`));
    if (!force && !dryRun) {
      const existing = files.find((f) => fileExists(f, ctx.cwd));
      if (existing) throw new UserError(t('import.exists', { file: showOnOneLine(existing) }));
    }
    const lines: string[] = [t(dryRun ? 'import.would' : 'import.wrote', { count: drafts.length, dir: showOnOneLine(relative(ctx.cwd, resolve(ctx.cwd, dir)) || '.') })];
    let code: number = ExitCode.ok;
    for (const [i, d] of drafts.entries()) {
      const file = files[i]!;
      if (!dryRun) {
        const written = await writeDraftFile(d.draft, file, { cwd: ctx.cwd, force: true, lang: ctx.lang });
        const invalid = invalidDraftText(written.diagnostics, t('import.invalid', { file: showOnOneLine(file) }));
        if (invalid !== undefined) {
          code = ExitCode.bug;
          lines.push(invalid);
        }
      }
      lines.push(draftReport(file, d.draft, t, d.where));
    }
    ctx.stdout.write(lines.join('\n') + '\n');
    return code;
  },
});
