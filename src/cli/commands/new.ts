// `runbook new [name]` (Ink wizard) and `runbook new <name> --from-alert alert.json` (Alertmanager scaffold).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand } from '../context.js';
import { NEW_SYNOPSIS, parseNew } from '../arguments/new.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { authoringText, type AuthoringText } from '../../i18n/authoring.js';
import type { Draft } from '../../authoring/draft.js';
import { reportInvalidDraft, writeTypedDraft } from '../drafts.js';
import { hasWebAssembly } from '../../ui/has-wasm.js';
import { showOnOneLine } from '../../ui/sanitize.js';

/** The alert payload as JSON; a file that is missing, unreadable or not JSON is a UserError in our words. */
function readAlert(file: string, cwd: string, t: AuthoringText): unknown {
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? t('new.noFile') : t('new.notReadable');
    throw new UserError(t('new.badAlert', { file, reason }), { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says where as a character offset ("at position 42"): tell the line and column instead.
    const at = /position (\d+)/.exec((error as Error).message);
    const before = at ? text.slice(0, Number(at[1])).split('\n') : undefined;
    const reason = before ? t('new.notJson', { line: before.length, col: before[before.length - 1]!.length + 1 }) : t('new.notJsonAnywhere');
    throw new UserError(t('new.badAlert', { file, reason }), { cause: error });
  }
}

export const command = defineCommand({
  usage: {
    en: `${NEW_SYNOPSIS.en}
       runbook new <name> --from-alert alert.json [-o file] [--force]

Without --from-alert: an interactive wizard asks for the name, title, description, risk,
params and steps (each with optional check, verify and rollback), then writes the playbook.

With --from-alert: reads an Alertmanager webhook payload (version "4") and scaffolds a
playbook: the alert's labels become params (their values as defaults), its annotations
(summary, description, runbook_url) the description, and a precondition checks through
Alertmanager's API (/api/v2/alerts) that the alert is still firing.

Options:
  -o, --output <file>   where to write (default: runbooks/<name>.yaml when runbooks/ exists,
                        else <name>.yaml)
  --from-alert <file>   Alertmanager webhook JSON ("-" reads stdin)
  --force               overwrite an existing file

What it writes follows the rules of \`record\` and \`import\`: a destructive command gets a
confirmation gate and risk high, a state change a rollback (or a failing placeholder), so
\`runbook lint\` passes on it.

Exit codes: 0 written · 2 invalid input (name, payload, existing file) · 130 wizard cancelled
(Esc or Ctrl-C; nothing written)`,
    'zh-CN': `${NEW_SYNOPSIS['zh-CN']}
       runbook new <名称> --from-alert alert.json [-o 文件] [--force]

不带 --from-alert：交互式向导依次询问名称、标题、描述、风险、参数和步骤（每步可选 check、
verify、rollback），然后写入 playbook。

带 --from-alert：读取 Alertmanager webhook 负载（version "4"）生成 playbook 脚手架：告警标签
转为参数（其值作为默认值），注解（summary、description、runbook_url）作为描述，并通过
Alertmanager API（/api/v2/alerts）添加“告警仍在触发”的前置条件。

选项：
  -o, --output <文件>   写入位置（默认：存在 runbooks/ 时为 runbooks/<名称>.yaml，否则 <名称>.yaml）
  --from-alert <文件>   Alertmanager webhook JSON（"-" 表示从 stdin 读取）
  --force               覆盖已存在的文件

写出的内容遵循 \`record\` 与 \`import\` 的规则：破坏性命令前加确认关卡并将风险设为高，
会改变状态的步骤加回滚（或故意失败的占位命令），因此 \`runbook lint\` 可以通过。

退出码：0 已写入 · 2 输入无效（名称、告警负载、文件已存在）· 130 向导被取消（Esc 或 Ctrl-C；未写入任何文件）`,
  },
  parse: parseNew,
  async run({ from, output, force }, ctx) {
    const t = authoringText(ctx.lang);
    const outputFor = (n: string): string => output ?? (existsSync(resolve(ctx.cwd, 'runbooks')) ? join('runbooks', `${n}.yaml`) : `${n}.yaml`);
    const { fileExists } = await import('../../authoring/write.js');

    let draft: Draft;
    const { name } = from;
    if (from.alert !== undefined) {
      if (!force && fileExists(outputFor(from.name), ctx.cwd)) throw new UserError(t('import.exists', { file: showOnOneLine(outputFor(from.name)) }));
      const payload = readAlert(from.alert, ctx.cwd, t);
      const { alertPayloadProblem, draftFromAlert } = await import('../../authoring/new/from-alert.js');
      const problem = alertPayloadProblem(payload, t);
      if (problem) throw new UserError(t('new.badAlert', { file: from.alert, reason: problem }));
      draft = draftFromAlert(payload as Parameters<typeof draftFromAlert>[0], from.name, t, ctx.lang);
    } else {
      if (!ctx.stdin.isTTY) throw new UserError(t('new.notTty'), { hint: 'runbook new <name> --from-alert alert.json' });
      // The wizard is Ink, whose layout engine is WebAssembly: not there under `node --jitless`.
      if (!hasWebAssembly()) throw new UserError(t('new.noWasm'), { hint: 'runbook new <name> --from-alert alert.json' });
      if (name && !force && fileExists(outputFor(name), ctx.cwd)) throw new UserError(t('import.exists', { file: showOnOneLine(outputFor(name)) }));
      const { runWizard } = await import('../../authoring/new/run-wizard.js');
      const answers = await runWizard(t, name, ctx);
      if (!answers) {
        // Esc or Ctrl-C: nothing written, and the exit code says it was not finished (as an interrupted run).
        ctx.stderr.write(t('new.cancelled') + '\n');
        return ExitCode.interrupted;
      }
      if (!force && fileExists(outputFor(answers.name), ctx.cwd)) throw new UserError(t('import.exists', { file: showOnOneLine(outputFor(answers.name)) }));
      const { draftFromAnswers } = await import('../../authoring/new/model.js');
      draft = draftFromAnswers(answers, t, ctx.lang);
    }
    // The wizard's answers: if they cannot be written, the draft is shown instead (src/cli/drafts.ts).
    const written = await writeTypedDraft(draft, outputFor(draft.playbook.name), { cwd: ctx.cwd, force, lang: ctx.lang }, ctx.stdout);
    const file = written.file;
    if (written.wanted) ctx.stderr.write(t('draft.nameTaken', { wanted: written.wanted, file }) + '\n');
    const { draftReport } = await import('../../authoring/report.js');
    ctx.stderr.write(t('new.wrote', { file: showOnOneLine(file) }) + '\n' + draftReport(file, draft, t) + '\n');
    return reportInvalidDraft(written.diagnostics, t('import.invalid', { file: showOnOneLine(file) }), ctx.stderr);
  },
});
