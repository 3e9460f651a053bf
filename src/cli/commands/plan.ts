// `runbook plan <file>`: compile a playbook with parameters and print what would run. Runs nothing.
import { defineCommand } from '../context.js';
import { parsePlan } from '../arguments/plan.js';
import { SELECTION_HELP } from '../arguments/selection.js';
import { ExitCode } from '../../engine/errors.js';
import { maskPlan } from '../../engine/plan-mask.js';
import { applySelection } from '../../engine/select.js';
import { renderPlanText } from '../../ui/plan-text.js';
import { VERSION } from '../../version.js';
import { compilePlaybookFile } from '../compile-file.js';
import { resolvePlaybookArg } from '../resolve-playbook.js';
import { resolveTargets } from '../targets.js';
import type { CompiledPlan } from '../../engine/plan.js';
import type { CliContext } from '../context.js';
import type { PlanArguments } from '../arguments/plan.js';

const usage = {
  en: `Usage: runbook plan <playbook.yaml> [--param name=value ...] [--format text|markdown|json]

Compiles the playbook with the given parameters and prints the plan: parameters (secrets masked),
preconditions, every step with its rendered command, check, verify and rollback, postconditions,
finally, warnings. Nothing is run. The output is deterministic.

Options:
  -p, --param name=value   a parameter value (repeatable); RUNBOOK_PARAM_<NAME> works too
  -f, --format FORMAT      text (default), markdown (for pull requests) or json
  -o, --out FILE           also save the plan (with hashes of the playbook, its includes, the
                           parameters and the engine version) for \`runbook play --plan FILE\`
      --inventory FILE     a playbook with \`targets\`: show its hosts, batches and each host's
                           commands (default: RUNBOOK_INVENTORY)
      --hosts PATTERN      these hosts instead of the playbook's \`targets\`
${SELECTION_HELP.en}

Exit codes: 0 plan printed · 2 invalid playbook or parameters`,
  'zh-CN': `用法：runbook plan <playbook.yaml> [--param 名称=值 ...] [--format text|markdown|json]

用给定参数编译 playbook 并打印执行计划：参数（机密已遮盖）、前置条件、每个步骤渲染后的命令、
检查、验证与回滚、后置条件、收尾和警告。不会执行任何命令，输出稳定可比对。

选项：
  -p, --param 名称=值      参数值（可重复）；也可用环境变量 RUNBOOK_PARAM_<名称>
  -f, --format 格式        text（默认）、markdown（用于 PR）或 json
  -o, --out 文件           同时保存计划（含 playbook、子 playbook、参数与引擎版本的哈希），
                           供 \`runbook play --plan 文件\` 使用
      --inventory 文件     带 \`targets\` 的 playbook：显示主机、批次及每台主机的命令
                           （默认：RUNBOOK_INVENTORY）
      --hosts 模式         使用这些主机，而不是 playbook 的 \`targets\`
${SELECTION_HELP['zh-CN']}

退出码：0 已输出计划 · 2 playbook 或参数无效`,
};

export const command = defineCommand({
  usage,
  parse: parsePlan,
  async run(args, ctx) {
    const { playbook, params, format, out, selection } = args;
    const file = resolvePlaybookArg(playbook, ctx);
    const plan = applySelection(await compilePlaybookFile(file, { params, env: ctx.env, lang: ctx.lang }), selection, ctx.lang);
    const hosts = await hostsPlan(plan, file, args, ctx);
    let output: string;
    if (format === 'json') {
      const rollout = hosts ? { rollout: (await import('../../ui/plan-hosts.js')).hostsJson(plan, hosts, ctx.lang) } : {};
      output = JSON.stringify({ ...maskPlan(plan), ...rollout }, null, 2) + '\n';
    } else if (format === 'markdown') {
      const { renderPlanMarkdown } = await import('../../review/plan-markdown.js');
      output = renderPlanMarkdown(plan, { lang: ctx.lang });
      if (hosts) output += (await import('../../ui/plan-hosts.js')).renderHostsMarkdown(plan, hosts, ctx.lang);
    } else {
      output = renderPlanText(plan, { lang: ctx.lang });
      if (hosts) output += (await import('../../ui/plan-hosts.js')).renderHostsText(plan, hosts, ctx.lang);
    }
    if (out !== undefined) {
      const { writeSavedPlan } = await import('../../review/saved-plan.js');
      await writeSavedPlan(plan, { out, playbookFile: file, params, engineVersion: VERSION, lang: ctx.lang });
    }
    if (ctx.env.GITHUB_ACTIONS === 'true') {
      // Playbook text must not become workflow commands (`::add-mask::`, `::error::`) in a CI log.
      const { withoutWorkflowCommands } = await import('../../review/github.js');
      output = withoutWorkflowCommands(output);
    }
    ctx.stdout.write(output);
    return ExitCode.ok;
  },
});

/** A playbook with `targets` and an inventory (--inventory, RUNBOOK_INVENTORY): the hosts, each with the plan compiled for it. */
async function hostsPlan(plan: CompiledPlan, file: string, args: PlanArguments, ctx: CliContext) {
  if (!plan.targets || !(args.inventory ?? ctx.env.RUNBOOK_INVENTORY)) {
    if (args.hosts !== undefined) await resolveTargets(plan, args, ctx);
    return undefined;
  }
  const targets = (await resolveTargets(plan, args, ctx))!;
  const hosts = await Promise.all(
    targets.hosts.map(async (h) => {
      const compiled = await compilePlaybookFile(file, { params: args.params, env: ctx.env, lang: ctx.lang, host: { name: h.name, address: h.address, vars: h.vars } });
      // As the plan above: secrets masked (also a secret's value written as is), the steps left out marked.
      return { name: h.name, address: h.address, plan: maskPlan(applySelection(compiled, args.selection, ctx.lang)) };
    }),
  );
  return { pattern: targets.pattern, hosts };
}
