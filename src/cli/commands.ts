// The command registry: each command is loaded only when used, so `validate` never loads Ink, React or execa.
import type { Command } from './context.js';

export interface CommandEntry {
  summary: { en: string; 'zh-CN': string };
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
};
