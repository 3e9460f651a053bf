// `runbook record [-o file] [--shell bash|zsh]`: records a shell session and writes a draft playbook from it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { defineCommand } from '../context.js';
import { parseRecord } from '../arguments/record.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { authoringText } from '../../i18n/authoring.js';
import { playbookNameFrom } from '../../authoring/draft.js';
import { PLAYBOOK_NAME } from '../../authoring/new/model.js';
import { reportInvalidDraft, writeTypedDraft } from '../drafts.js';
import { showOnOneLine } from '../../ui/sanitize.js';

export const command = defineCommand({
  usage: {
    en: `Usage: runbook record [-o file] [--shell bash|zsh] [--name name] [--force] [--no-rc]

Starts your shell ($SHELL, or --shell) with recording hooks. Type the fix as usual; when you
exit the shell, runbook writes a draft playbook (default: recorded-<time>.yaml):
  - one step per command; failed commands kept and marked for review
  - read-only commands (status, ls, cat, health checks, logs) proposed as preconditions/verify
  - state-changing commands get a rollback placeholder that fails until you write it
  - destructive commands are gated by a confirmation and flagged
  - repeated hosts, paths, service names and dates become params
  - secrets (tokens, passwords, *_KEY, *_TOKEN, *_SECRET, WEIXIN_*, Authorization headers,
    -p<password>) never reach the draft: the playbook reads them from the environment
The session log lives in a private temp dir (0600) and is deleted when the session ends.
Commands typed with a leading space are not recorded.

Options:
  -o, --output <file>   where to write the draft
  --shell bash|zsh      the shell to record (default: $SHELL)
  --name <name>         the playbook name (default: from the file name)
  --force               overwrite the output file
  --no-rc               do not load ~/.bashrc / ~/.zshrc`,
    'zh-CN': `用法：runbook record [-o 文件] [--shell bash|zsh] [--name 名称] [--force] [--no-rc]

以录制模式启动你的 shell（$SHELL 或 --shell）。像平常一样操作；退出 shell 后生成 playbook
草稿（默认：recorded-<时间>.yaml）：
  - 每条命令一个步骤；失败的命令保留并标记待检查
  - 只读命令（status、ls、cat、健康检查、logs）建议作为前置条件 / verify
  - 修改状态的命令附带一个会故意失败的回滚占位，直到你写好回滚
  - 破坏性命令加上确认并标记
  - 重复出现的主机、路径、服务名、日期转为参数
  - 密钥（token、密码、*_KEY、*_TOKEN、*_SECRET、WEIXIN_*、Authorization 头、-p<密码>）
    不会进入草稿：playbook 从环境变量读取
会话日志位于私有临时目录（0600），会话结束即删除。以空格开头输入的命令不会被录制。

选项：
  -o, --output <文件>   草稿写入位置
  --shell bash|zsh      要录制的 shell（默认：$SHELL）
  --name <名称>         playbook 名称（默认取自文件名）
  --force               覆盖已存在的文件
  --no-rc               不加载 ~/.bashrc / ~/.zshrc`,
  },
  parse: parseRecord,
  async run(args, ctx) {
    const t = authoringText(ctx.lang);
    const { recordSession, shellKind } = await import('../../authoring/record/session.js');
    const requested = args.shell ?? ctx.env['SHELL'] ?? 'bash';
    const kind = shellKind(requested);
    if (!kind) throw new UserError(t('record.unknownShell', { shell: requested }), { hint: t('record.unknownShellHint') });
    const shellPath = args.shell ? findOnPath(args.shell, ctx.env) : ctx.env['SHELL'] && shellKind(ctx.env['SHELL']) ? ctx.env['SHELL'] : findOnPath(kind, ctx.env);
    if (!shellPath) throw new UserError(t('record.noShell', { shell: requested }), { hint: t('record.unknownShellHint') });
    if (!ctx.stdin.isTTY) throw new UserError(t('record.notTty'), { hint: t('record.notTtyHint') });

    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const output = args.output ?? `recorded-${stamp}.yaml`;
    const name = args.name ?? playbookNameFrom(output.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''), `recorded-${stamp.toLowerCase()}`);
    if (!PLAYBOOK_NAME.test(name)) throw new UserError(t('new.badName', { name }));
    const { fileExists } = await import('../../authoring/write.js');
    if (!args.force && fileExists(output, ctx.cwd)) throw new UserError(t('import.exists', { file: showOnOneLine(output) }));

    ctx.stderr.write(t('record.starting', { shell: shellPath }) + '\n');
    const commands = await recordSession({ shell: kind, shellPath, cwd: ctx.cwd, env: ctx.env, userRc: args.rc });
    const { recordedDraft } = await import('../../authoring/record/draft.js');
    const draft = recordedDraft(commands, { name, baseCwd: ctx.cwd, t });
    if (!draft) {
      ctx.stderr.write(t('record.noCommands') + '\n');
      return ExitCode.ok;
    }
    // A whole recorded session: if it cannot be written, it is shown instead (src/cli/drafts.ts).
    const written = await writeTypedDraft(draft, output, { cwd: ctx.cwd, force: args.force, lang: ctx.lang }, ctx.stdout);
    const file = written.file;
    if (written.wanted) ctx.stderr.write(t('draft.nameTaken', { wanted: written.wanted, file }) + '\n');
    const { draftReport } = await import('../../authoring/report.js');
    ctx.stderr.write(t('record.wrote', { file: showOnOneLine(file), steps: draft.playbook.steps.length, todos: draft.todos.length }) + '\n');
    ctx.stderr.write(draftReport(file, draft, t) + '\n');
    return reportInvalidDraft(written.diagnostics, t('import.invalid', { file: showOnOneLine(file) }), ctx.stderr);
  },
});

function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  if (program.includes('/')) return program;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
