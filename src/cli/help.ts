// `runbook --help`: the commands, global options and exit codes, in the user's language.
import { commands } from './commands.js';
import type { CliContext } from './context.js';
import { ExitCode } from '../engine/errors.js';
import { stringWidth } from '../ui/width.js';
import { didYouMean } from '../engine/suggest.js';

const text = {
  en: {
    usage: 'Usage: runbook <command> [options]',
    commands: 'Commands:',
    global: 'Global options:\n  --lang en|zh-CN   language of messages (default: from LC_ALL / LANG)\n  -h, --help        help for a command\n  -V, --version     version',
    exits:
      'Exit codes:\n  0 ok · 1 failed (rolled back) · 2 invalid input (also: no command, an unknown option or --lang)\n  3 precondition failed (nothing changed) · 4 rollback failed (a human must look) · 5 locked\n  70 internal error · 130/143 interrupted by SIGINT/SIGTERM (130 also: the `new` wizard cancelled)',
    unknown: 'runbook: unknown command "{name}".',
    didYouMean: 'Did you mean "{suggestion}"?',
    seeHelp: 'Run `runbook --help` for the list of commands.',
    noCommand: 'runbook: no command given.',
  },
  'zh-CN': {
    usage: '用法：runbook <命令> [选项]',
    commands: '命令：',
    global: '全局选项：\n  --lang en|zh-CN   界面语言（默认取自 LC_ALL / LANG）\n  -h, --help        查看命令帮助\n  -V, --version     版本',
    exits:
      '退出码：\n  0 成功 · 1 失败（已回滚） · 2 输入无效（包括：未给命令、未知选项或 --lang）\n  3 前置条件不满足（未做任何变更） · 4 回滚失败（需要人工介入） · 5 已被锁定\n  70 内部错误 · 130/143 被 SIGINT/SIGTERM 中断（130 也表示 `new` 向导被取消）',
    unknown: 'runbook：未知命令 "{name}"。',
    didYouMean: '你是不是想用 "{suggestion}"？',
    seeHelp: '运行 `runbook --help` 查看所有命令。',
    noCommand: 'runbook：未给出命令。',
  },
} as const;

export function printHelp(ctx: CliContext, commandName?: string): Promise<number> | number {
  if (commandName && commands[commandName]) {
    return commands[commandName].load().then(({ command }) => {
      ctx.stdout.write(command.usage[ctx.lang] + '\n');
      return ExitCode.ok;
    });
  }
  if (commandName) return unknownCommand(ctx, commandName);
  ctx.stdout.write(helpText(ctx));
  return ExitCode.ok;
}

/** `runbook` alone: the usage on stderr, exit 2 (as any other command line that cannot run). */
export function printUsageError(ctx: CliContext): number {
  ctx.stderr.write(text[ctx.lang].noCommand + '\n\n' + helpText(ctx));
  return ExitCode.invalid;
}

function helpText(ctx: CliContext): string {
  const t = text[ctx.lang];
  // Hidden commands (the completion helper) are for scripts, not for people.
  const names = Object.keys(commands).filter((n) => !commands[n]!.hidden);
  const widest = Math.max(...names.map((n) => stringWidth(n)));
  const lines = names.map((n) => `  ${n.padEnd(widest)}  ${commands[n]!.summary[ctx.lang]}`);
  return [t.usage, '', t.commands, ...lines, '', t.global, '', t.exits, ''].join('\n');
}

export function unknownCommand(ctx: CliContext, name: string): number {
  const t = text[ctx.lang];
  const names = Object.keys(commands);
  const suggestion = didYouMean(name, names);
  ctx.stderr.write(t.unknown.replace('{name}', name) + '\n');
  if (suggestion) ctx.stderr.write(t.didYouMean.replace('{suggestion}', suggestion) + '\n');
  ctx.stderr.write(t.seeHelp + '\n');
  return ExitCode.invalid;
}
