// `runbook __complete <kind> [command] [option]`: the words the shell completion offers, one per line (hidden from --help).
// The completion scripts call it at completion time, so they know nothing of the home's layout or the playbook path.
import { basename } from 'node:path';
import { defineCommand, type CliContext } from '../context.js';
import { COMPLETION_KINDS as KINDS, parseComplete } from '../arguments/complete.js';
import { ExitCode } from '../../engine/errors.js';
import { SUPPORTED_LANGS } from '../../i18n/index.js';
import { commands } from '../commands.js';
import { lookupPlaybook, playbookFilesIn, playbookPath } from '../resolve-playbook.js';
import type { Playbook } from '../../engine/playbook.gen.js';
import { usageOptions, usageValues } from '../usage-options.js';

export const command = defineCommand({
  usage: {
    en: `Usage: runbook __complete ${KINDS.join('|')} [command] [option]

For the shell completion scripts (\`runbook completion bash|zsh\`): prints the candidates, one per line.`,
    'zh-CN': `用法：runbook __complete ${KINDS.join('|')} [命令] [选项]

供 shell 补全脚本（\`runbook completion bash|zsh\`）调用：每行输出一个候选项。`,
  },
  parse: parseComplete,
  async run({ kind, command: name, option, rest }, ctx) {
    const words = kind === 'steps' ? await stepNames(name, option, rest ?? [], ctx) : await candidates(kind, name, option, ctx);
    if (words.length > 0) ctx.stdout.write(words.join('\n') + '\n');
    // Completion must never print errors into the user's prompt: an unknown kind is simply no candidates.
    return ExitCode.ok;
  },
});

async function candidates(kind: string | undefined, name: string | undefined, option: string | undefined, ctx: CliContext): Promise<string[]> {
  switch (kind) {
    case 'commands':
      return Object.keys(commands).filter((n) => !commands[n]!.hidden);
    case 'options': {
      const entry = name !== undefined ? commands[name] : undefined;
      if (!entry) return ['--help', '--lang', '--version'];
      return [...usageOptions((await entry.load()).command.usage.en), '--help', '--lang'];
    }
    case 'langs':
      // Not `values … --lang`: runbook itself reads `--lang` wherever it is on the command line.
      return [...SUPPORTED_LANGS];
    case 'values': {
      const entry = name !== undefined ? commands[name] : undefined;
      return entry && option ? usageValues((await entry.load()).command.usage.en, option) : [];
    }
    case 'playbooks': {
      const names = playbookPath(ctx.cwd, ctx.env).flatMap((dir) => playbookFilesIn(dir).map((f) => basename(f).replace(/\.ya?ml$/i, '')));
      return [...new Set(names)].sort();
    }
    case 'runs':
    case 'locks':
      return journalIds(kind, ctx);
    default:
      return [];
  }
}

/** Run ids (newest first, then `last`) or lock ids, from the homes `history` and `unlock` read. */
async function journalIds(kind: 'runs' | 'locks', ctx: CliContext): Promise<string[]> {
  const { runRoots, listAllRuns } = await import('../homes.js');
  const roots = runRoots(ctx, undefined);
  if (kind === 'locks') {
    const { listLocks } = await import('../../engine/run/lock.js');
    return roots.flatMap((root) => listLocks(root.root).map((entry) => entry.info.lockId));
  }
  const runs = listAllRuns(roots);
  return runs.length > 0 ? [...runs.map((r) => r.runId), 'last'] : [];
}

/**
 * `--from`, `--only`, `--skip` of `play`/`plan`: the step ids (and, but for `--from`, the tags) of the playbook the
 * command line names. The line is read by the command's own parser; anything wrong is simply no candidates.
 */
async function stepNames(name: string | undefined, option: string | undefined, rest: readonly string[], ctx: CliContext): Promise<string[]> {
  if ((name !== 'play' && name !== 'plan') || option === undefined) return [];
  try {
    const { command } = await commands[name]!.load();
    const parsed = command.parse?.(rest, ctx);
    const args = parsed && 'args' in parsed ? (parsed.args as { playbook?: string; source?: { playbook?: string } }) : undefined;
    const playbook = args?.playbook ?? args?.source?.playbook;
    if (playbook === undefined) return [];
    const lookup = lookupPlaybook(playbook, ctx);
    if (lookup.found === undefined) return [];
    const { tryLoadPlaybookFile } = await import('../../engine/load.js');
    const loaded = await tryLoadPlaybookFile(lookup.found);
    if (!loaded.loaded) return [];
    const pb = loaded.loaded.playbook as Playbook;
    const steps = option === '--from' ? pb.steps : [...pb.steps, ...(pb.finally ?? [])];
    const ids = steps.map((s) => s.id);
    const tags = option === '--from' ? [] : steps.flatMap((s) => s.tags ?? []).filter((tag) => !ids.includes(tag));
    return [...new Set([...ids, ...tags])];
  } catch {
    return [];
  }
}
