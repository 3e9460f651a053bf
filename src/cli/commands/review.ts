// `runbook review [--base <ref>] [-o report.md]`: a Markdown review of the playbooks changed since a base ref. Runs nothing.
import { writeFile } from 'node:fs/promises';
import { defineCommand } from '../context.js';
import { parseReview } from '../arguments/review.js';
import { ExitCode } from '../../engine/errors.js';
import { translator } from '../../i18n/index.js';
import { reviewCatalog } from '../../i18n/review.js';
import { withoutWorkflowCommands } from '../../review/github.js';
import { buildReview } from '../../review/review.js';
import { showOnOneLine } from '../../ui/sanitize.js';

const usage = {
  en: `Usage: runbook review [--base <ref>] [-o report.md] [--path <folder> ...]

Finds the playbooks changed since the base ref (git merge base to the working tree) and writes one
Markdown report for a pull request: a summary table, then for each changed playbook its lint
findings, the semantic diff against the base and the plan; for a new playbook, its plan. Nothing
from the playbooks is run. The report is capped at 65,536 characters (a GitHub comment).

Options:
  -b, --base REF           the base to compare with (default: origin/$GITHUB_BASE_REF in a
                           pull-request workflow, else origin/main)
  -o, --out FILE           write the report to FILE instead of standard output
      --path FOLDER        where playbooks live (repeatable; default: runbooks)
  -p, --param name=value   a parameter value for every plan (repeatable)

Exit codes: 0 report written (invalid playbooks are reported in it) · 2 bad option, not a git
repository or unknown ref`,
  'zh-CN': `用法：runbook review [--base <ref>] [-o report.md] [--path <目录> ...]

找出自基准 ref 以来（git 合并基点到工作区）变更的 playbook，为 PR 写一份 Markdown 报告：汇总表，
然后对每个变更的 playbook 给出 lint 结果、与基准的语义差异和执行计划；新增的 playbook 给出计划。
不会执行 playbook 中的任何内容。报告最长 65,536 个字符（GitHub 评论上限）。

选项：
  -b, --base REF           对比的基准（默认：PR 工作流中为 origin/$GITHUB_BASE_REF，否则 origin/main）
  -o, --out 文件           把报告写入文件，而不是标准输出
      --path 目录          playbook 所在目录（可重复；默认 runbooks）
  -p, --param 名称=值      所有计划共用的参数值（可重复）

退出码：0 已写出报告（无效的 playbook 会写在报告中）· 2 选项错误、不是 git 仓库或 ref 不存在`,
};

export const command = defineCommand({
  usage,
  parse: parseReview,
  async run({ base, out, paths, params }, ctx) {
    const report = await buildReview({
      cwd: ctx.cwd,
      // In a pull-request workflow, GitHub names the base branch.
      base: base ?? (ctx.env.GITHUB_BASE_REF ? `origin/${ctx.env.GITHUB_BASE_REF}` : 'origin/main'),
      lang: ctx.lang,
      params,
      ...(paths ? { paths } : {}),
    });
    if (out !== undefined) {
      await writeFile(out, report.markdown);
      const t = translator(reviewCatalog, ctx.lang);
      ctx.stderr.write(t('review.written', { count: report.playbooks.length, file: showOnOneLine(out) }) + '\n');
    } else {
      // In a GitHub Actions log, lines of the report (commands from playbooks) must not become workflow commands.
      ctx.stdout.write(ctx.env.GITHUB_ACTIONS === 'true' ? withoutWorkflowCommands(report.markdown) : report.markdown);
    }
    return ExitCode.ok;
  },
});
