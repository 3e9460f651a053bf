// `runbook resume <run>`: continue a failed or interrupted run at the first step not completed.
import { existsSync } from 'node:fs';
import type { Command } from '../context.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { paramEnvName, parseParamArgs } from '../../engine/params.js';
import { readMeta } from '../../engine/run/journal.js';
import { pidAlive } from '../../engine/run/lock.js';
import { decideResume, decideRollback } from '../../engine/run/resume.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { hostname } from 'node:os';
import { bridgeProcessSignals, executePlan, sha256Of } from './play.js';
import { findRun, resolveHome } from './homes.js';
import { homeArg } from '../../engine/run/home.js';
import { killGraceFromEnv } from '../env.js';
import { changedVariables } from '../../engine/run/env-check.js';
import { handleOrphans } from './resume-orphans.js';

const usage = {
  en: `Usage: runbook resume <run id|last> [--from step] [--param name=value ...] [options]
       runbook resume <run id|last> --rollback [--param name=value ...] [options]

Continues a failed or interrupted run with the same playbook and parameters, as a new run that
skips the steps completed before (their outputs stay available to later templates). A step that
started but never finished (the engine was killed) has an unknown outcome: it runs again only if it
has a check probe; otherwise look at the system and say where to go on with --from.
If that step's process group is still running on this host (the engine died, the step did not),
resume refuses (exit 5) rather than start a second copy: wait for it, or give --kill-orphans.
Secret parameters are never journaled: give them again.
With --rollback, it continues the run's rollback instead, from the rollback that failed (once you
fixed its cause): the completed steps not rolled back yet, most recent first; the first rollback
that fails stops it again (exit 4). Rolled back cleanly, it ends "failed, rolled back" (exit 1).

Options:
      --from STEP           continue at this step (steps before it count as done)
      --rollback            continue the rollback, not the steps
      --kill-orphans        first stop the run's process groups still running (SIGTERM, then
                            SIGKILL after RUNBOOK_KILL_GRACE_MS, default 5 s; waits until gone)
  -p, --param name=value    secret parameters (the others are taken from the run)
  -y, --yes                 answer confirmation gates with yes
      --home DIR            runbook home (default: RUNBOOK_HOME, else /var/lib/runbook as root,
                            else ~/.local/state/runbook)
      --output MODE         auto (default), json, plain
  -q, --quiet               only errors and the final summary

Exit codes: as \`runbook play\`.`,
  'zh-CN': `用法：runbook resume <运行 ID|last> [--from 步骤] [--param 名称=值 ...] [选项]
       runbook resume <运行 ID|last> --rollback [--param 名称=值 ...] [选项]

以同一个 playbook 和参数继续失败或被中断的运行：作为一次新运行，跳过之前已完成的步骤（其输出仍可供后续模板使用）。
已开始但未结束的步骤（引擎被杀死）结果未知：只有带 check 探测时才会重新执行；否则请先检查系统，再用 --from 指定从哪里继续。
如果该步骤的进程组仍在本机运行（引擎已终止，步骤却没有），resume 会拒绝执行（退出码 5），以免同时启动第二份：
请等待其结束，或加上 --kill-orphans。
机密参数从不写入日志，需要重新提供。
加 --rollback 时改为继续该运行的回滚：从失败的那个回滚开始（请先排除其原因），按从新到旧的顺序回滚尚未回滚的已完成步骤；
再次有回滚失败时同样立即停止（退出码 4）。全部回滚成功时结果为“失败，已回滚”（退出码 1）。

选项：
      --from 步骤           从该步骤继续（之前的步骤视为已完成）
      --rollback            继续回滚，而不是继续执行步骤
      --kill-orphans        先停止该运行中仍在执行的进程组（先发 SIGTERM，RUNBOOK_KILL_GRACE_MS
                            后发 SIGKILL，默认 5 秒；等到全部结束）
  -p, --param 名称=值       机密参数（其他参数取自原运行）
  -y, --yes                 对确认关卡回答“是”
      --home 目录           runbook 目录（默认：RUNBOOK_HOME，否则 root 用户为 /var/lib/runbook，
                            其他用户为 ~/.local/state/runbook）
      --output 模式         auto（默认）、json、plain
  -q, --quiet               只显示错误和最终摘要

退出码：同 \`runbook play\`。`,
};

export const command: Command = {
  usage,
  async run(args, ctx) {
    const t = engineText(ctx.lang);
    const { values, positionals } = parseCommandArgs('resume', args, {
      from: { type: 'string' },
      rollback: { type: 'boolean' },
      'kill-orphans': { type: 'boolean' },
      param: { type: 'string', short: 'p', multiple: true },
      yes: { type: 'boolean', short: 'y' },
      home: { type: 'string' },
      output: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    }, ctx.lang);
    const output = oneOf('resume', 'output', values.output, ['auto', 'json', 'plain', 'ink'] as const, 'auto', ctx.lang);
    if (positionals.length !== 1) throw new UserError(t('resume.oneRun'), { hint: t('resume.noRunHint', { home: homeArg(resolveHome(ctx, values.home), ctx.env) }) });
    if (values.rollback && values.from !== undefined) throw new UserError(t('resume.rollbackWithFrom'));
    const found = findRun(ctx, values.home, positionals[0]!);
    const { runId } = found;
    // Runs of an earlier version's `.runbook/` go on there; the sandbox part belongs to its home.
    const home = found.root.home;
    // Hints name the home when it is not the default, so that they work when pasted anywhere.
    const hint = homeArg(home, ctx.env);
    const dir = found.dir;
    const meta = readMeta(dir, t);
    if (meta.status === 'running' && meta.host === hostname() && pidAlive(meta.pid) && meta.pid !== process.pid) {
      throw new UserError(t('resume.running', { run: runId, pid: meta.pid }), { exitCode: ExitCode.locked });
    }
    // The engine died but a step it started may not have: never start a second copy of it.
    const killOrphans = values['kill-orphans'] === true;
    const killGraceMs = killGraceFromEnv(ctx.env, ctx.lang);
    if (!killOrphans) await handleOrphans(ctx, dir, runId, false, 0, t, hint, meta.sandbox);
    if (meta.sandbox) throw new UserError(t('resume.sandbox', { run: runId }));
    if (!meta.file || !existsSync(meta.file)) throw new UserError(t('resume.noFile', { run: runId }));
    if (meta.fileSha256 && sha256Of(meta.file) !== meta.fileSha256) {
      throw new UserError(t('resume.changed', { file: meta.file, run: runId }), { hint: t('resume.changedHint') });
    }
    let given: Record<string, string>;
    try {
      given = parseParamArgs(values.param ?? [], ctx.lang);
    } catch (error) {
      throw new UserError(t('play.badParam', { reason: (error as Error).message }), { hint: t('play.paramHint') });
    }
    for (const name of meta.secretParams) {
      if (given[name] === undefined && ctx.env[paramEnvName(name)] === undefined) {
        throw new UserError(t('resume.secret', { name, NAME: name.toUpperCase() }));
      }
    }
    const params = { ...meta.params, ...given };
    const { loadPlaybookFile } = await import('../../engine/load.js');
    const { compilePlaybook } = await import('../../engine/compile.js');
    const plan = await compilePlaybook(await loadPlaybookFile(meta.file, { lang: ctx.lang }), { params, env: ctx.env, lang: ctx.lang });
    if (meta.envCheck) {
      const { fromEnvValues } = await import('../../engine/compile.js');
      const changed = changedVariables(meta.envCheck, fromEnvValues(plan));
      if (changed.length > 0) throw new UserError(t('resume.envChanged', { run: runId, names: changed.join(', ') }), { hint: t('resume.envChangedHint') });
    }

    const decision = values.rollback ? rollbackDecision(found.root.root, runId, plan, t, hint) : decideResume(found.root.root, runId, plan, values.from, t, hint);
    if (decision.kind === 'nothing') {
      if (decision.reason === 'rollback-run') throw new UserError(t('resume.rollbackRun', { run: runId, home: hint }));
      ctx.stderr.write(t(nothingKeys[decision.reason], { run: runId }) + '\n');
      return ExitCode.ok;
    }
    if (decision.kind === 'bad-from') throw new UserError(t('resume.badFrom', { step: decision.step, steps: plan.steps.map((s) => s.id).join(', ') }));
    if (killOrphans) await handleOrphans(ctx, dir, runId, true, killGraceMs ?? 5_000, t, hint, meta.sandbox);
    if (decision.kind === 'unknown-rollback') throw new UserError(t('resume.rollbackNeverEnded', { step: decision.step, run: runId }), { hint: t('resume.rollbackNeverEndedHint', { step: decision.step, run: runId, home: hint }) });
    if (decision.kind === 'unknown') throw new UserError(t('resume.unknown', { step: decision.step, run: runId }), { hint: t('resume.unknownHint', { step: decision.step }) });
    if (decision.kind === 'rollback') for (const step of decision.unknown) ctx.stderr.write(t('resume.rollbackUnknown', { step, run: runId }) + '\n');

    const signals = bridgeProcessSignals();
    const result = await executePlan(plan, ctx, {
      output,
      quiet: values.quiet === true,
      run: {
        home,
        yes: values.yes === true,
        env: ctx.env,
        cwd: meta.cwd ?? ctx.cwd,
        ...(decision.kind === 'rollback' ? { rollbackOnly: decision.state } : { resume: decision.state }),
        source: { file: meta.file, fileSha256: meta.fileSha256, params },
        ...(killGraceMs !== undefined ? { killGraceMs } : {}),
      },
    }, signals.source).finally(() => signals.dispose());
    return result.exitCode;
  },
};

const nothingKeys = { 'finished-ok': 'resume.finishedOk', 'check-run': 'resume.checkRun', 'nothing-left': 'resume.rollbackNothing' } as const;

/** `--rollback`: the rollbacks left to run; a successful run has none (it is not undone). */
function rollbackDecision(home: string, runId: string, plan: CompiledPlan, t: Translator<EngineKey>, hint: string) {
  const decision = decideRollback(home, runId, plan, t, hint);
  if (decision.kind === 'nothing' && decision.reason === 'finished-ok') throw new UserError(t('resume.rollbackFinishedOk', { run: runId }));
  if (decision.kind === 'nothing' && decision.reason === 'check-run') return { kind: 'nothing', reason: 'check-run' } as const;
  return decision;
}
