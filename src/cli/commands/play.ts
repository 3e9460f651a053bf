// `runbook play <file>`: compile a playbook and run it for real (or `--check` it), journaled and locked.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineCommand, type CliContext } from '../context.js';
import { parsePlay, type PlayArguments } from '../arguments/play.js';
import { RUN_OPTIONS_HELP } from '../arguments/run-options.js';
import { SELECTION_HELP } from '../arguments/selection.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { applySelection } from '../../engine/select.js';
import { selectText } from '../../i18n/select.js';
import { compilePlaybookFile } from '../compile-file.js';
import { killGraceFromEnv } from '../env.js';
import { executePlan } from '../execute-plan.js';
import { resolveHome } from '../homes.js';
import { realPath, sha256Of } from '../playbook-file.js';
import { resolvePlaybookArg } from '../resolve-playbook.js';
import { bridgeProcessSignals } from '../signals.js';
import { resolveTargets } from '../targets.js';

const help = RUN_OPTIONS_HELP;

const usage = {
  en: `Usage: runbook play <playbook.yaml> [--param name=value ...] [options]

Runs the playbook: lock → preconditions → steps (when, check, action with timeout/retries,
verify) → postconditions → finally. When a step fails, the completed steps are rolled back in
reverse order. Every run is journaled under <home>/runs/<run id>/ (see \`runbook history\`).

Options:
  -p, --param name=value    a parameter value (repeatable); RUNBOOK_PARAM_<NAME> works too
${help.en.yes}
      --check               run only the preconditions and check probes; report what would change
${help.en.home}
${help.en.output}
${help.en.quiet}
${help.en.hosts}
${help.en.metrics}
      --sandbox             run against the built-in simulated stack
      --sandbox-fault NAME  inject a fault into the sandbox (with --sandbox)
      --sandbox-attach DIR  with --sandbox: play in the sandbox another process keeps up
                            (\`runbook serve --sandbox\`) instead of a new one
      --plan FILE           run a plan saved by \`runbook plan --out\` (refused if anything changed)
${SELECTION_HELP.en}
      --step                before each step, show its command and ask: run, skip, continue
                            without asking, quit (needs a terminal on stdin)

Ctrl-C (or SIGTERM) stops the running step's processes, then rolls back (or stops, per
on_interrupt); a second Ctrl-C stops at once.

Exit codes: 0 ok · 1 failed, rolled back (or stopped at a gate) · 2 invalid input ·
3 precondition failed, nothing changed · 4 rollback failed, a human must look · 5 locked ·
130 interrupted (SIGINT) · 143 terminated (SIGTERM)`,
  'zh-CN': `用法：runbook play <playbook.yaml> [--param 名称=值 ...] [选项]

执行 playbook：加锁 → 前置条件 → 各步骤（when、check、带超时/重试的动作、verify）→ 后置条件 → 收尾。
某步失败时，已完成的步骤按相反顺序回滚。每次运行都记录在 <home>/runs/<运行 ID>/（见 \`runbook history\`）。

选项：
  -p, --param 名称=值       参数值（可重复）；也可用环境变量 RUNBOOK_PARAM_<名称>
${help['zh-CN'].yes}
      --check               只执行前置条件和 check 探测，报告将会改变什么
${help['zh-CN'].home}
${help['zh-CN'].output}
${help['zh-CN'].quiet}
${help['zh-CN'].hosts}
${help['zh-CN'].metrics}
      --sandbox             在内置模拟环境中执行
      --sandbox-fault 名称  向沙箱注入故障（需配合 --sandbox）
      --sandbox-attach 目录 与 --sandbox 一起使用：在另一进程保持运行的沙箱中执行
                            （\`runbook serve --sandbox\`），而不是新建沙箱
      --plan 文件           执行 \`runbook plan --out\` 保存的计划（如有任何变化则拒绝）
${SELECTION_HELP['zh-CN']}
      --step                每个步骤前显示其命令并询问：执行、跳过、不再询问继续、退出
                            （标准输入须为终端）

Ctrl-C（或 SIGTERM）会停止当前步骤的所有进程，然后回滚（或按 on_interrupt 停止）；再按一次 Ctrl-C 立即停止。

退出码：0 成功 · 1 失败并已回滚（或停在确认关卡）· 2 输入无效 · 3 前置条件失败，未做任何改动 ·
4 回滚失败，需要人工处理 · 5 已被锁定 · 130 被中断（SIGINT）· 143 被终止（SIGTERM）`,
};

type Sandbox = Awaited<ReturnType<typeof import('../../sandbox/index.js').startSandbox>>;

/** The plan to run and the playbook file it came from: compiled now, or saved by `runbook plan --out` (refused if anything changed). */
async function planFor(source: PlayArguments['source'], params: Record<string, string>, ctx: CliContext, sandbox: Sandbox | undefined): Promise<{ plan: CompiledPlan; file: string }> {
  const options = { params, env: ctx.env, lang: ctx.lang, ...(sandbox ? { sandbox: sandbox.vars } : {}) };
  if ('playbook' in source) return { plan: await compilePlaybookFile(source.playbook, options), file: source.playbook };
  const { verifySavedPlan } = await import('../../review/saved-plan.js');
  const plan = await verifySavedPlan(source.savedPlan, options);
  const saved = JSON.parse(readFileSync(source.savedPlan, 'utf8')) as { playbook?: { path?: string } };
  return { plan, file: resolve(dirname(resolve(ctx.cwd, source.savedPlan)), saved.playbook?.path ?? plan.playbook.file) };
}

export const command = defineCommand({
  usage,
  parse: parsePlay,
  async run(args, ctx) {
    const killGraceMs = killGraceFromEnv(ctx.env, ctx.lang);
    // Asked before each step: without a terminal no one can answer (a usage error, before anything starts).
    if (args.step && ctx.stdin.isTTY !== true) throw new UserError(selectText(ctx.lang)('step.noTerminal'), { exitCode: ExitCode.invalid });
    // A name is looked up in the playbook path before the sandbox starts: a typo is told at once.
    const source = 'playbook' in args.source ? { playbook: resolvePlaybookArg(args.source.playbook, ctx) } : args.source;

    // Signals are bridged from here on, so that Ctrl-C while the sandbox starts still stops it cleanly.
    const signals = bridgeProcessSignals();
    let sandbox: Sandbox | undefined;
    try {
      if (args.sandbox?.attach !== undefined) {
        sandbox = await (await import('../../sandbox/attach.js')).attachSandbox(resolve(ctx.cwd, args.sandbox.attach), ctx.lang);
      } else if (args.sandbox) sandbox = await (await import('../../sandbox/index.js')).startSandbox({ fault: args.sandbox.fault, lang: ctx.lang });
      const compiled = await planFor(source, args.params, ctx, sandbox);
      const { file } = compiled;
      const plan = applySelection(compiled.plan, args.selection, ctx.lang);
      // The file itself, not a symlink to it: resume reads it again, and the sha256 is of what it points at.
      const absolute = realPath(resolve(ctx.cwd, file));
      const targets = await resolveTargets(plan, args, ctx);
      const result = await executePlan(plan, ctx, args, {
        home: resolveHome(ctx, args.home),
        yes: args.yes,
        checkOnly: args.check,
        ...(args.step ? { stepThrough: true } : {}),
        env: ctx.env,
        cwd: ctx.cwd,
        ...(sandbox ? { extraEnv: sandbox.env } : {}),
        source: { file: absolute, fileSha256: sha256Of(absolute), params: args.params },
        ...(killGraceMs !== undefined ? { killGraceMs } : {}),
        ...(targets ? { targets } : {}),
      }, signals.source);
      return result.exitCode;
    } finally {
      signals.dispose();
      await sandbox?.stop();
    }
  },
});
