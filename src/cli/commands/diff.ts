// `runbook diff <old> <new>`: semantic diff of two versions of a playbook (files or git:<ref>:<path>). Runs nothing.
import { defineCommand } from '../context.js';
import { parseDiff } from '../arguments/diff.js';
import { ExitCode } from '../../engine/errors.js';
import { diffPlans } from '../../review/diff.js';
import { renderDiffMarkdown } from '../../review/diff-markdown.js';
import { renderDiffText } from '../../review/diff-text.js';
import { compileVersion, readVersion } from '../../review/source.js';
import { withoutWorkflowCommands } from '../../review/github.js';
import { resolvePlaybookArg } from '../resolve-playbook.js';

const usage = {
  en: `Usage: runbook diff <old> <new> [--format text|markdown] [--param name=value ...]

Compares two versions of a playbook by what they run, not by their text: steps added, removed,
reordered or changed (with a diff of the rendered command), risk, parameters, pre/postconditions,
rollback coverage gained or lost. Nothing is run.

<old> and <new> are files, or git:<ref>:<path> (e.g. git:main:runbooks/mlflow-permissions.yaml).

Options:
  -f, --format FORMAT      text (default) or markdown (for pull requests)
  -p, --param name=value   a parameter value for both versions (repeatable); required parameters
                           without a value take the example of sandbox.params, else show as ⟨name⟩
      --exit-code          exit 1 when the versions differ in what they run (as git diff --exit-code)

Exit codes: 0 diff printed (with --exit-code: no difference) · 1 with --exit-code: they differ ·
2 invalid playbook, missing file or bad ref`,
  'zh-CN': `用法：runbook diff <旧版本> <新版本> [--format text|markdown] [--param 名称=值 ...]

按执行内容（而非文本）比较 playbook 的两个版本：新增、删除、调整顺序或修改的步骤（附渲染后命令的
差异）、风险、参数、前置/后置条件、回滚覆盖的增减。不会执行任何命令。

<旧版本> 与 <新版本> 可以是文件，或 git:<ref>:<路径>（如 git:main:runbooks/mlflow-permissions.yaml）。

选项：
  -f, --format 格式        text（默认）或 markdown（用于 PR）
  -p, --param 名称=值      两个版本共用的参数值（可重复）；未给值的必填参数取 sandbox.params 的
                           示例值，否则显示为 ⟨名称⟩
      --exit-code          两个版本的执行内容不同时以 1 退出（同 git diff --exit-code）

退出码：0 已输出差异（带 --exit-code 时：没有差异）· 1 带 --exit-code 时：有差异 ·
2 playbook 无效、文件不存在或 ref 错误`,
};

export const command = defineCommand({
  usage,
  parse: parseDiff,
  async run(args, ctx) {
    const { format, params } = args;
    // A file may be given by its name in the playbook path; `git:<ref>:<path>` is read as it is.
    const [oldSpec, newSpec] = [args.old, args.new].map((p) => (p.startsWith('git:') ? p : resolvePlaybookArg(p, ctx))) as [string, string];
    const [before, after] = await Promise.all([readVersion(oldSpec, ctx.cwd, ctx.lang), readVersion(newSpec, ctx.cwd, ctx.lang)]);
    const [a, b] = await Promise.all([compileVersion(before, { params, lang: ctx.lang }), compileVersion(after, { params, lang: ctx.lang })]);
    const diff = diffPlans(a, b, { lang: ctx.lang });
    const labels = { before: oldSpec, after: newSpec };
    const output = format === 'markdown' ? renderDiffMarkdown(diff, { lang: ctx.lang, ...labels }) : renderDiffText(diff, { lang: ctx.lang, ...labels });
    // In a GitHub Actions log, command lines from the playbooks must not become workflow commands.
    ctx.stdout.write(ctx.env.GITHUB_ACTIONS === 'true' ? withoutWorkflowCommands(output) : output);
    return args.exitCode && !diff.same ? ExitCode.failed : ExitCode.ok;
  },
});
