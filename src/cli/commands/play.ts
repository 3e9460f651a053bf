// `runbook play <file>`: compile a playbook and run it for real (or `--check` it), journaled and locked.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliContext, Command } from '../context.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { UserError } from '../../engine/errors.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { parseParamArgs } from '../../engine/params.js';
import { runPlan, type RunOptions, type RunResult } from '../../engine/run/runner.js';
import { createInterruptSource, type InterruptSignal, type InterruptSource } from '../../engine/run/signals.js';
import { engineText } from '../../i18n/engine.js';
import { killGraceFromEnv } from '../env.js';
import { resolvePlaybookArg } from '../resolve-playbook.js';
import { resolveHome } from './homes.js';

const usage = {
  en: `Usage: runbook play <playbook.yaml> [--param name=value ...] [options]

Runs the playbook: lock → preconditions → steps (when, check, action with timeout/retries,
verify) → postconditions → finally. When a step fails, the completed steps are rolled back in
reverse order. Every run is journaled under <home>/runs/<run id>/ (see \`runbook history\`).

Options:
  -p, --param name=value    a parameter value (repeatable); RUNBOOK_PARAM_<NAME> works too
  -y, --yes                 answer every confirmation gate with yes (for CI)
      --check               run only the preconditions and check probes; report what would change
      --home DIR            runbook home for journals and locks (default: RUNBOOK_HOME, else
                            /var/lib/runbook as root, else ~/.local/state/runbook)
      --output MODE         auto (default: live view on a terminal, plain lines otherwise),
                            ink, plain, json (NDJSON events, see docs/output.md)
  -q, --quiet               only errors and the final summary
      --sandbox             run against the built-in simulated stack
      --sandbox-fault NAME  inject a fault into the sandbox (with --sandbox)
      --sandbox-attach DIR  with --sandbox: play in the sandbox another process keeps up
                            (\`runbook serve --sandbox\`) instead of a new one
      --plan FILE           run a plan saved by \`runbook plan --out\` (refused if anything changed)

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
  -y, --yes                 对所有确认关卡回答“是”（用于 CI）
      --check               只执行前置条件和 check 探测，报告将会改变什么
      --home 目录           存放日志与锁的 runbook 目录（默认：RUNBOOK_HOME，否则 root 用户为
                            /var/lib/runbook，其他用户为 ~/.local/state/runbook）
      --output 模式         auto（默认：终端上为实时界面，否则为纯文本行）、ink、plain、
                            json（NDJSON 事件，见 docs/output.md）
  -q, --quiet               只显示错误和最终摘要
      --sandbox             在内置模拟环境中执行
      --sandbox-fault 名称  向沙箱注入故障（需配合 --sandbox）
      --sandbox-attach 目录 与 --sandbox 一起使用：在另一进程保持运行的沙箱中执行
                            （\`runbook serve --sandbox\`），而不是新建沙箱
      --plan 文件           执行 \`runbook plan --out\` 保存的计划（如有任何变化则拒绝）

Ctrl-C（或 SIGTERM）会停止当前步骤的所有进程，然后回滚（或按 on_interrupt 停止）；再按一次 Ctrl-C 立即停止。

退出码：0 成功 · 1 失败并已回滚（或停在确认关卡）· 2 输入无效 · 3 前置条件失败，未做任何改动 ·
4 回滚失败，需要人工处理 · 5 已被锁定 · 130 被中断（SIGINT）· 143 被终止（SIGTERM）`,
};

/**
 * The one place where process signals reach the engine: SIGINT and SIGTERM become interrupts, and so
 * does SIGHUP (the SSH session dropped), as a SIGTERM: an orderly stop and rollback, journaled, rather
 * than an engine dying mid-step. A terminal that is gone must not crash the run either: write errors
 * on stdout/stderr (EIO, EPIPE) are ignored while it runs.
 */
export function bridgeProcessSignals(): { source: InterruptSource; dispose(): void } {
  const source = createInterruptSource();
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const as: InterruptSignal = signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
    const handler = () => source.interrupt(as);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const ignore = () => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  return {
    source,
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    },
  };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function sha256Of(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

export interface ExecuteOptions {
  output: 'auto' | 'json' | 'plain' | 'ink';
  quiet: boolean;
  run: Omit<RunOptions, 'reporter' | 'interrupts' | 'interactive'>;
}

/** Creates the reporter and runs the plan with the given signal bridge. */
export async function executePlan(plan: CompiledPlan, ctx: CliContext, options: ExecuteOptions, interrupts: InterruptSource): Promise<RunResult> {
  const { createReporter } = await import('../../ui/reporter.js');
  const reporter = await createReporter({ output: options.output, quiet: options.quiet, lang: ctx.lang, stdout: ctx.stdout, stderr: ctx.stderr, stdin: ctx.stdin, env: ctx.env, plan });
  return runPlan(plan, { ...options.run, reporter, interactive: ctx.stdin.isTTY === true, interrupts, lang: ctx.lang });
}

export const command: Command = {
  usage,
  async run(args, ctx) {
    const killGraceMs = killGraceFromEnv(ctx.env, ctx.lang);
    const t = engineText(ctx.lang);
    const { values, positionals } = parseCommandArgs('play', args, {
      param: { type: 'string', short: 'p', multiple: true },
      yes: { type: 'boolean', short: 'y' },
      check: { type: 'boolean' },
      home: { type: 'string' },
      output: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      sandbox: { type: 'boolean' },
      'sandbox-fault': { type: 'string' },
      'sandbox-attach': { type: 'string' },
      plan: { type: 'string' },
    }, ctx.lang);
    const output = oneOf('play', 'output', values.output, ['auto', 'json', 'plain', 'ink'] as const, 'auto', ctx.lang);
    if (values['sandbox-fault'] !== undefined && !values.sandbox) throw new UserError(t('play.faultNeedsSandbox'));
    if (values.plan !== undefined && values.check) throw new UserError(t('play.checkWithPlan'));
    if (positionals.length > 1 || (positionals.length === 0 && values.plan === undefined)) {
      throw new UserError(t('play.oneFile'), { hint: 'runbook play runbooks/mlflow-permissions.yaml' });
    }
    let params: Record<string, string>;
    try {
      params = parseParamArgs(values.param ?? [], ctx.lang);
    } catch (error) {
      throw new UserError(t('play.badParam', { reason: (error as Error).message }), { hint: t('play.paramHint') });
    }
    // A name is looked up in the playbook path before the sandbox starts: a typo is told at once.
    const named = values.plan === undefined ? resolvePlaybookArg(positionals[0]!, ctx) : undefined;

    // Signals are bridged from here on, so that Ctrl-C while the sandbox starts still stops it cleanly.
    const signals = bridgeProcessSignals();
    let sandbox: Awaited<ReturnType<typeof import('../../sandbox/index.js').startSandbox>> | undefined;
    try {
      if (values['sandbox-attach'] !== undefined) sandbox = await attachTo(values['sandbox-attach'], values, ctx);
      else if (values.sandbox) sandbox = await (await import('../../sandbox/index.js')).startSandbox({ fault: values['sandbox-fault'], lang: ctx.lang });
      let plan: CompiledPlan;
      let file: string;
      if (values.plan !== undefined) {
        const { verifySavedPlan } = await import('../../review/saved-plan.js');
        plan = await verifySavedPlan(values.plan, { params, env: ctx.env, lang: ctx.lang, ...(sandbox ? { sandbox: sandbox.vars } : {}) });
        const saved = JSON.parse(readFileSync(values.plan, 'utf8')) as { playbook?: { path?: string } };
        file = resolve(dirname(resolve(ctx.cwd, values.plan)), saved.playbook?.path ?? plan.playbook.file);
      } else {
        file = named!;
        const { loadPlaybookFile } = await import('../../engine/load.js');
        const { compilePlaybook } = await import('../../engine/compile.js');
        const loaded = await loadPlaybookFile(file, { lang: ctx.lang });
        plan = await compilePlaybook(loaded, { params, env: ctx.env, lang: ctx.lang, ...(sandbox ? { sandbox: sandbox.vars } : {}) });
      }
      // The file itself, not a symlink to it: resume reads it again, and the sha256 is of what it points at.
      const absolute = realPath(resolve(ctx.cwd, file));
      const result = await executePlan(plan, ctx, {
        output,
        quiet: values.quiet === true,
        run: {
          home: resolveHome(ctx, values.home),
          yes: values.yes === true,
          checkOnly: values.check === true,
          env: ctx.env,
          cwd: ctx.cwd,
          ...(sandbox ? { extraEnv: sandbox.env } : {}),
          source: { file: absolute, fileSha256: sha256Of(absolute), params },
          ...(killGraceMs !== undefined ? { killGraceMs } : {}),
        },
      }, signals.source);
      return result.exitCode;
    } finally {
      signals.dispose();
      await sandbox?.stop();
    }
  },
};

/** `--sandbox --sandbox-attach <dir>`: the sandbox `runbook serve --sandbox` keeps up (src/sandbox/attach.ts). */
async function attachTo(dir: string, values: { sandbox?: boolean; 'sandbox-fault'?: string }, ctx: CliContext) {
  const { sandboxText } = await import('../../i18n/sandbox.js');
  if (!values.sandbox) throw new UserError(sandboxText(ctx.lang)('attach.needsSandbox'));
  if (values['sandbox-fault'] !== undefined) throw new UserError(sandboxText(ctx.lang)('attach.noFault'));
  return (await import('../../sandbox/attach.js')).attachSandbox(resolve(ctx.cwd, dir), ctx.lang);
}
