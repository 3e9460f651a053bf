// `runbook completion bash|zsh`: prints a shell completion script (commands, options, playbook names, run and lock ids).
import { defineCommand } from '../context.js';
import { parseCompletion } from '../arguments/completion.js';
import { ExitCode } from '../../engine/errors.js';

export const command = defineCommand({
  usage: {
    en: `Usage: runbook completion bash|zsh

Prints a completion script for the shell: commands, options and their values, playbook names
from the playbook path (., ./runbooks/, RUNBOOK_PATH), run ids for \`logs\` and \`resume\`, lock ids
for \`unlock\`. The script asks runbook for these words each time you press Tab.

  bash:  source <(runbook completion bash)       # or save it in /etc/bash_completion.d/runbook
  zsh:   source <(runbook completion zsh)        # after compinit; or save it as _runbook in $fpath`,
    'zh-CN': `用法：runbook completion bash|zsh

输出 shell 补全脚本：命令、选项及其取值、playbook 路径（.、./runbooks/、RUNBOOK_PATH）中的
playbook 名称、\`logs\` 与 \`resume\` 的运行 ID、\`unlock\` 的锁 ID。每次按 Tab 时脚本都会向 runbook 查询这些候选词。

  bash：source <(runbook completion bash)       # 或保存到 /etc/bash_completion.d/runbook
  zsh： source <(runbook completion zsh)        # 在 compinit 之后；或保存为 $fpath 中的 _runbook`,
  },
  parse: parseCompletion,
  async run({ shell }, ctx) {
    const { bashScript, zshScript } = await import('../completion-scripts.js');
    ctx.stdout.write(shell === 'bash' ? bashScript : zshScript);
    return ExitCode.ok;
  },
});
