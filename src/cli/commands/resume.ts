// `runbook resume <run>`: continue a failed or interrupted run at the first step not completed.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { defineCommand, type CliContext } from '../context.js';
import { parseResume, type ResumeArguments } from '../arguments/resume.js';
import { RUN_OPTIONS_HELP } from '../arguments/run-options.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { paramEnvName } from '../../engine/params.js';
import type { CompiledPlan } from '../../engine/plan.js';
import type { ResumeState } from '../../engine/run/types.js';
import type { TargetOptions } from '../../engine/run/targets.js';
import { applySelection } from '../../engine/select.js';
import { changedVariables } from '../../engine/run/env-check.js';
import { homeArg } from '../../engine/run/home.js';
import { readEvents, readMeta, type RunMeta } from '../../engine/run/journal.js';
import type { RollbackDecision } from '../../engine/run/resume-rollback.js';
import type { HostRollbackPlan } from './resume-rollback-hosts.js';
import { pidAlive } from '../../engine/run/lock.js';
import { decideResume, decideRollback } from '../../engine/run/resume.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { compilePlaybookFile } from '../compile-file.js';
import { killGraceFromEnv } from '../env.js';
import { executePlan } from '../execute-plan.js';
import { findRun } from '../homes.js';
import { sha256Of } from '../playbook-file.js';
import { bridgeProcessSignals } from '../signals.js';
import { resolveTargets } from '../targets.js';
import { cliText } from '../../i18n/cli.js';
import { sanitizeLine } from '../../ui/sanitize.js';
import { handleOrphans } from './resume-orphans.js';

const help = RUN_OPTIONS_HELP;

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
A run with targets: each host's rollback continues where it stopped, over ssh under the host's lock
(hosts that finished are left alone; --hosts narrows), then this host's steps.

Options:
      --from STEP           continue at this step (steps before it count as done)
      --rollback            continue the rollback, not the steps
      --kill-orphans        first stop the run's process groups still running (SIGTERM, then
                            SIGKILL after RUNBOOK_KILL_GRACE_MS, default 5 s; waits until gone)
      --only NAME[,NAME]    another step selection than the run's (which is kept otherwise):
      --skip NAME[,NAME]    only / leave out the steps with these ids or tags
  -p, --param name=value    secret parameters (the others are taken from the run)
${help.en.yes}
${help.en.home}
${help.en.output}
${help.en.quiet}
${help.en.hosts}
${help.en.metrics}

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
带 targets 的运行：各目标主机的回滚通过 ssh、在该主机的锁下从中断处继续（已完成的主机不受影响；--hosts 可缩小范围），然后才回滚本机的步骤。

选项：
      --from 步骤           从该步骤继续（之前的步骤视为已完成）
      --rollback            继续回滚，而不是继续执行步骤
      --kill-orphans        先停止该运行中仍在执行的进程组（先发 SIGTERM，RUNBOOK_KILL_GRACE_MS
                            后发 SIGKILL，默认 5 秒；等到全部结束）
      --only NAME[,NAME]    使用与原运行不同的步骤选择（否则沿用原运行的）：
      --skip NAME[,NAME]    只执行 / 不执行具有这些 ID 或标签的步骤
  -p, --param 名称=值       机密参数（其他参数取自原运行）
${help['zh-CN'].yes}
${help['zh-CN'].home}
${help['zh-CN'].output}
${help['zh-CN'].quiet}
${help['zh-CN'].hosts}
${help['zh-CN'].metrics}

退出码：同 \`runbook play\`。`,
};

export const command = defineCommand({
  usage,
  parse: parseResume,
  async run(args, ctx) {
    const t = engineText(ctx.lang);
    const found = findRun(ctx, args.home, args.run);
    const { runId, dir } = found;
    // Runs of an earlier version's `.runbook/` go on there; the sandbox part belongs to its home.
    const home = found.root.home;
    // Hints name the home when it is not the default, so that they work when pasted anywhere.
    const hint = homeArg(home, ctx.env);
    const meta = readMeta(dir, t);
    if (meta.status === 'running' && meta.host === hostname() && pidAlive(meta.pid) && meta.pid !== process.pid) {
      throw new UserError(t('resume.running', { run: runId, pid: meta.pid }), { exitCode: ExitCode.locked });
    }
    // The engine died but a step it started may not have: never start a second copy of it.
    const killGraceMs = killGraceFromEnv(ctx.env, ctx.lang);
    if (!args.killOrphans) await handleOrphans(ctx, dir, runId, false, 0, t, hint, meta.sandbox);
    const file = resumableFile(meta, runId, t);
    const params = paramsOf(meta, args, ctx, t);
    // The run's step selection is kept unless another is given (--only, --skip).
    const plan = applySelection(await compilePlaybookFile(file, { params, env: ctx.env, lang: ctx.lang }), args.selection ?? meta.selection, ctx.lang);
    await refuseChangedEnv(meta, plan, runId, t);

    // `--rollback` of a rollout continues the rollbacks left on its hosts too (those --hosts selects).
    const rollback = args.rollback ? await rollbackDecision(plan, { root: found.root.root, runId, file, home: hint }, args, meta, ctx) : undefined;
    const decision = rollback ? rollback.decision : decideResume(found.root.root, runId, plan, args.from, t, hint);
    if (decision.kind === 'nothing') {
      if (rollback?.onHosts) reportHostsLeft(rollback.onHosts, runId, hint, ctx);
      if (decision.reason === 'rollback-run') throw new UserError(t('resume.rollbackRun', { run: runId, home: hint }));
      ctx.stderr.write(t(nothingKeys[decision.reason], { run: runId }) + '\n');
      return ExitCode.ok;
    }
    if (decision.kind === 'bad-from') throw new UserError(t('resume.badFrom', { step: decision.step, steps: plan.steps.map((s) => s.id).join(', ') }));
    if (args.killOrphans) await handleOrphans(ctx, dir, runId, true, killGraceMs ?? 5_000, t, hint, meta.sandbox);
    if (decision.kind === 'unknown-rollback') throw new UserError(t('resume.rollbackNeverEnded', { step: decision.step, run: runId }), { hint: t('resume.rollbackNeverEndedHint', { step: decision.step, run: runId, home: hint }) });
    if (decision.kind === 'unknown') throw new UserError(t('resume.unknown', { step: decision.step, run: runId }), { hint: t('resume.unknownHint', { step: decision.step }) });
    if (decision.kind === 'rollback') for (const step of decision.unknown) ctx.stderr.write(t('resume.rollbackUnknown', { step, run: runId }) + '\n');

    const targets = rollback ? rollback.onHosts?.targets : await resumeTargets(plan, args, meta, dir, runId, ctx);
    // A rollout whose hosts (those selected) and local steps all finished: no empty run is started.
    if (targets && decision.kind === 'resume' && (await rolloutDone(plan, targets, decision.state))) {
      ctx.stderr.write(cliText(ctx.lang)('hosts.nothingLeft', { run: runId, hosts: targets.hosts.map((h) => h.name).join(', ') }) + '\n');
      return ExitCode.ok;
    }
    const signals = bridgeProcessSignals();
    const result = await executePlan(plan, ctx, args, {
      home,
      yes: args.yes,
      env: ctx.env,
      cwd: meta.cwd ?? ctx.cwd,
      ...(decision.kind === 'rollback' ? { rollbackOnly: decision.state } : { resume: decision.state }),
      source: { file, fileSha256: meta.fileSha256, params },
      ...(killGraceMs !== undefined ? { killGraceMs } : {}),
      ...(targets ? { targets } : {}),
    }, signals.source).finally(() => signals.dispose());
    if (rollback?.onHosts) reportHostsLeft(rollback.onHosts, result.runId, hint, ctx);
    return result.exitCode;
  },
});

/** The playbook file of the run, still there and unchanged (a sandbox run cannot be resumed: its stack is gone). */
function resumableFile(meta: RunMeta, runId: string, t: Translator<EngineKey>): string {
  if (meta.sandbox) throw new UserError(t('resume.sandbox', { run: runId }));
  if (!meta.file || !existsSync(meta.file)) throw new UserError(t('resume.noFile', { run: runId }));
  if (meta.fileSha256 && sha256Of(meta.file) !== meta.fileSha256) {
    throw new UserError(t('resume.changed', { file: meta.file, run: runId }), { hint: t('resume.changedHint') });
  }
  return meta.file;
}

/** The run's parameters, with those given now on top; secrets were never journaled, so each must be given again. */
function paramsOf(meta: RunMeta, args: ResumeArguments, ctx: CliContext, t: Translator<EngineKey>): Record<string, string> {
  for (const name of meta.secretParams) {
    if (args.params[name] === undefined && ctx.env[paramEnvName(name)] === undefined) {
      throw new UserError(t('resume.secret', { name, NAME: name.toUpperCase() }));
    }
  }
  return { ...meta.params, ...args.params };
}

/** The variables the run read from the environment (`env: {from_env}`) must be as they were. */
async function refuseChangedEnv(meta: RunMeta, plan: CompiledPlan, runId: string, t: Translator<EngineKey>): Promise<void> {
  if (!meta.envCheck) return;
  const { fromEnvValues } = await import('../../engine/compile.js');
  const changed = changedVariables(meta.envCheck, fromEnvValues(plan));
  if (changed.length > 0) throw new UserError(t('resume.envChanged', { run: runId, names: changed.join(', ') }), { hint: t('resume.envChangedHint') });
}

const nothingKeys = { 'finished-ok': 'resume.finishedOk', 'check-run': 'resume.checkRun', 'nothing-left': 'resume.rollbackNothing' } as const;

type RollbackRun = { root: string; runId: string; file: string; home: string };

/**
 * `--rollback`: the rollbacks left to run; a successful run has none (it is not undone). A rollout's hosts with
 * rollbacks left have theirs continued first; this host's steps wait while `--hosts` leaves some of them out.
 */
async function rollbackDecision(plan: CompiledPlan, run: RollbackRun, args: ResumeArguments, meta: RunMeta, ctx: CliContext): Promise<{ decision: RollbackDecision; onHosts?: HostRollbackPlan }> {
  const t = engineText(ctx.lang);
  const { root, runId, home } = run;
  const decision = decideRollback(root, runId, plan, t, home);
  if (decision.kind === 'nothing' && decision.reason === 'finished-ok') throw new UserError(t('resume.rollbackFinishedOk', { run: runId }));
  if ((decision.kind === 'nothing' && decision.reason === 'check-run') || !plan.targets) return { decision };
  const { decideHostRollbacks, localOutputs } = await import('../../engine/run/resume-rollback-hosts.js');
  const { planHostRollbacks } = await import('./resume-rollback-hosts.js');
  const onHosts = await planHostRollbacks(plan, decideHostRollbacks(root, runId, plan, t, home), args, meta, run, ctx);
  if (onHosts.chosen.length === 0 && onHosts.left.length === 0) return { decision, onHosts };
  const local = decision.kind === 'rollback' ? decision.state : { fromRun: runId, steps: [], outputs: localOutputs(root, runId, plan, t, home) };
  const steps = onHosts.left.length > 0 ? [] : local.steps;
  if (onHosts.chosen.length === 0 && steps.length === 0) return { decision: { kind: 'nothing', reason: 'nothing-left' }, onHosts };
  const unknown = [...(decision.kind === 'rollback' ? decision.unknown : []), ...onHosts.chosen.flatMap((h) => h.unknown.map((id) => `${id}@${h.host}`))];
  const hosts = onHosts.chosen.map((h) => ({ host: h.host, steps: h.steps, outputs: h.outputs }));
  return { decision: { kind: 'rollback', state: { ...local, steps, hosts }, unknown }, onHosts };
}

/** Hosts `--hosts` left out keep their rollbacks (and this host's steps wait for them): said, with how to go on. */
function reportHostsLeft(onHosts: HostRollbackPlan, runId: string, home: string, ctx: CliContext): void {
  if (onHosts.left.length === 0) return;
  const c = cliText(ctx.lang);
  const hosts = onHosts.left.map((h) => `  ${sanitizeLine(h.host)}: ${h.steps.map(sanitizeLine).join(', ')}`).join('\n');
  ctx.stderr.write(c('hosts.rollbackLeft', { count: onHosts.left.length, hosts, run: runId, home }) + '\n');
}

/** Every host selected and every local step finished in the run resumed (as `resume` of a run that finished ok: exit 0). */
async function rolloutDone(plan: CompiledPlan, targets: TargetOptions, state: ResumeState): Promise<boolean> {
  const { nothingLeft } = await import('../../engine/run/resume-hosts.js');
  return nothingLeft(plan, targets.hosts.map((h) => h.name), { hosts: targets.done?.hosts ?? [], steps: state.done.map((d) => d.id) });
}

/**
 * A playbook with `targets`: the run's inventory and hosts again (--inventory and --hosts override them; --hosts
 * narrows), the hosts that finished in the run left alone: only the failed, unreachable and unknown ones run.
 */
async function resumeTargets(plan: CompiledPlan, args: ResumeArguments, meta: RunMeta, dir: string, runId: string, ctx: CliContext) {
  const inventory = args.inventory ?? meta.inventory;
  const hosts = args.hosts ?? meta.hosts;
  const targets = await resolveTargets(plan, { ...(inventory ? { inventory } : {}), ...(hosts !== undefined ? { hosts } : {}) }, ctx);
  if (!targets) return undefined;
  const { hostsDone } = await import('../../engine/run/resume-hosts.js');
  // The run's own pattern is kept (a later resume goes back to it), and every host done so far stays done.
  const done = hostsDone(readEvents(dir, engineText(ctx.lang)));
  return { ...targets, pattern: meta.hosts ?? targets.pattern, done: { fromRun: runId, hosts: done } };
}
