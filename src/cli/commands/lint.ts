// `runbook lint [files|dirs]`: review rules over playbooks and the playbooks they include (text, json, GitHub annotations, SARIF). Runs nothing.
import { defineCommand } from '../context.js';
import { parseLint } from '../arguments/lint.js';
import { cliText } from '../../i18n/cli.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { findPlaybooks } from '../../engine/find-playbooks.js';
import { translator } from '../../i18n/index.js';
import { reviewCatalog } from '../../i18n/review.js';
import { lintFiles } from '../../review/lint/lint.js';
import { formatLintText } from '../../review/lint/format/text.js';
import { formatLintJson } from '../../review/lint/format/json.js';
import { formatLintGithub } from '../../review/lint/format/github.js';
import { formatLintSarif } from '../../review/lint/format/sarif.js';
import { rules } from '../../review/lint/rules/index.js';
import { VERSION } from '../../version.js';
import { resolvePathArgs } from '../resolve-playbook.js';
import { showOnOneLine } from '../../ui/sanitize.js';

const ruleList = rules.map((r) => `  ${r.id.padEnd(36)}${r.severity.padEnd(9)}${r.summary.en}`).join('\n');
const ruleListZh = rules.map((r) => `  ${r.id.padEnd(36)}${(r.severity === 'error' ? '错误' : '警告').padEnd(7)}${r.summary['zh-CN']}`).join('\n');

const usage = {
  en: `Usage: runbook lint [files or folders ...] [--format text|json|github|sarif] [--no-follow]

Checks playbooks for risky patterns a reviewer should see. Runs nothing. Default path: runbooks/.
Playbooks included with a \`playbook:\` step are linted too (each file once), their findings noted
"included from <file>:<line>".

Options:
  -f, --format FORMAT   text (default), json, github (workflow annotations) or sarif (SARIF 2.1.0)
      --no-follow       do not lint included playbooks that are not among the paths given

Rules (each has a page docs/lint/<rule>.md):
${ruleList}

Exit codes: 0 no error-level findings · 1 error-level findings · 2 invalid input (a playbook, given or
included, that does not load; a missing include or path; a bad option)`,
  'zh-CN': `用法：runbook lint [文件或目录 ...] [--format text|json|github|sarif] [--no-follow]

检查 playbook 中评审者应当注意的风险写法，不执行任何命令。默认路径：runbooks/。
通过 \`playbook:\` 步骤包含的 playbook 也会一并检查（每个文件只检查一次），其问题注明“由 <文件>:<行> 包含”。

选项：
  -f, --format 格式   text（默认）、json、github（工作流注释）或 sarif（SARIF 2.1.0）
      --no-follow     不检查未在给定路径中的被包含 playbook

规则（每条规则都有文档 docs/lint/<规则>.md）：
${ruleListZh}

退出码：0 无错误级问题 · 1 有错误级问题 · 2 输入无效（给定或被包含的 playbook 无法加载、被包含文件或路径不存在、选项错误）`,
};

export const command = defineCommand({
  usage,
  parse: parseLint,
  async run({ paths: given, format, follow }, ctx) {
    const t = translator(reviewCatalog, ctx.lang);
    const { paths, hints } = resolvePathArgs(given, ctx);
    const { files, missing } = await findPlaybooks(paths, ctx.cwd);
    if (missing.length > 0) {
      const hint = missing.map((m) => hints.get(m)).find((h) => h !== undefined);
      throw new UserError(cliText(ctx.lang)('lint.missing', { paths: showOnOneLine(missing.join(', ')) }), hint ? { hint } : {});
    }
    if (files.length === 0) throw new UserError(`lint: ${t('lint.noFiles', { paths: paths.join(', ') })}`);
    const results = await lintFiles(files, { lang: ctx.lang, cwd: ctx.cwd, follow });
    const output =
      format === 'json'
        ? formatLintJson(results)
        : format === 'github'
          ? formatLintGithub(results, t)
          : format === 'sarif'
            ? formatLintSarif(results, VERSION, t)
            : formatLintText(results, t);
    ctx.stdout.write(output);
    // Annotations go to stdout; people reading the log still get the counts.
    if (format === 'github') ctx.stderr.write(formatLintText(results, t).trimEnd().split('\n').pop() + '\n');
    if (results.some((r) => r.invalid)) return ExitCode.invalid;
    return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? ExitCode.failed : ExitCode.ok;
  },
});
