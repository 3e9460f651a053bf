// The command registry: each command is loaded only when used, so `validate` never loads Ink, React or execa.
import type { Command } from './context.js';

export interface CommandEntry {
  summary: { en: string; 'zh-CN': string };
  /** Not listed in `runbook --help` (helpers for scripts such as the shell completion). */
  hidden?: boolean;
  load: () => Promise<{ command: Command }>;
}

export const commands: Record<string, CommandEntry> = {
  validate: {
    summary: { en: 'Check playbooks against the schema and semantic rules', 'zh-CN': '按 schema 与语义规则校验 playbook' },
    load: () => import('./commands/validate.js'),
  },
  plan: {
    summary: { en: 'Show what a playbook would run, without running anything', 'zh-CN': '显示 playbook 将执行的内容（不执行任何命令）' },
    load: () => import('./commands/plan.js'),
  },
  list: {
    summary: { en: 'List the playbooks of a folder', 'zh-CN': '列出目录中的 playbook' },
    load: () => import('./commands/list.js'),
  },
  lint: {
    summary: { en: 'Check playbooks for risky patterns (rules with docs; text, GitHub, SARIF)', 'zh-CN': '检查 playbook 中的风险写法（规则附文档；文本、GitHub、SARIF）' },
    load: () => import('./commands/lint.js'),
  },
  play: {
    summary: { en: 'Run a playbook: preconditions, steps, verification, rollback on failure', 'zh-CN': '执行 playbook：前置条件、步骤、验证，失败时回滚' },
    load: () => import('./commands/play.js'),
  },
  resume: {
    summary: { en: 'Continue a failed or interrupted run at the first step not completed', 'zh-CN': '从第一个未完成的步骤继续失败或被中断的运行' },
    load: () => import('./commands/resume.js'),
  },
  history: {
    summary: { en: 'List past runs from the journal', 'zh-CN': '列出历史运行记录' },
    load: () => import('./commands/history.js'),
  },
  logs: {
    summary: { en: 'Show the events and step output of a run', 'zh-CN': '显示某次运行的事件与步骤输出' },
    load: () => import('./commands/logs.js'),
  },
  unlock: {
    summary: { en: 'Remove a playbook lock left by a dead run (needs the lock id)', 'zh-CN': '移除已终止运行遗留的锁（需要锁 ID）' },
    load: () => import('./commands/unlock.js'),
  },
  record: {
    summary: { en: 'Record a shell session and turn it into a draft playbook', 'zh-CN': '录制一次 shell 会话并生成 playbook 草稿' },
    load: () => import('./commands/record.js'),
  },
  import: {
    summary: { en: 'Turn a Markdown runbook into draft playbooks', 'zh-CN': '把 Markdown 运维手册转换为 playbook 草稿' },
    load: () => import('./commands/import.js'),
  },
  new: {
    summary: { en: 'Create a playbook: interactive wizard, or --from-alert with an Alertmanager payload', 'zh-CN': '新建 playbook：交互式向导，或用 --from-alert 读取 Alertmanager 告警' },
    load: () => import('./commands/new.js'),
  },
  diff: {
    summary: { en: 'Compare two versions of a playbook by what they run', 'zh-CN': '按执行内容比较 playbook 的两个版本' },
    load: () => import('./commands/diff.js'),
  },
  review: {
    summary: { en: 'Markdown review of the playbooks changed since a base ref (for pull requests)', 'zh-CN': '为自基准以来变更的 playbook 生成 Markdown 评审（用于 PR）' },
    load: () => import('./commands/review.js'),
  },
  serve: {
    summary: { en: 'Run playbooks for Alertmanager alerts, by rules, with approvals and silences', 'zh-CN': '按规则为 Alertmanager 告警运行 playbook，含审批与静默' },
    load: () => import('./commands/serve.js'),
  },
  approve: {
    summary: { en: 'Approve (or deny) a request of runbook serve', 'zh-CN': '批准（或拒绝）runbook serve 的请求' },
    load: () => import('./commands/approve.js'),
  },
  pending: {
    summary: { en: 'List the requests of runbook serve waiting for approval', 'zh-CN': '列出 runbook serve 中等待审批的请求' },
    load: () => import('./commands/pending.js'),
  },
  inventory: {
    summary: { en: 'Import an Ansible inventory; show the hosts and groups of an inventory', 'zh-CN': '导入 Ansible 清单；显示清单中的主机与分组' },
    load: () => import('./commands/inventory.js'),
  },
  completion: {
    summary: { en: 'Print a bash or zsh completion script', 'zh-CN': '输出 bash 或 zsh 的补全脚本' },
    load: () => import('./commands/completion.js'),
  },
  __complete: {
    summary: { en: 'Completion words for the shell scripts', 'zh-CN': '供 shell 补全脚本使用的候选词' },
    hidden: true,
    load: () => import('./commands/complete.js'),
  },
};
