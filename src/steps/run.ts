// The `run` step kind (and shell probes): a bash command in its own process group, with a timeout and clean stop.
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { spawnGroup } from '../process/group.js';
import { formatDuration } from '../engine/duration.js';
import type { Rendered } from '../engine/plan.js';
import type { ActionContext, ActionResult } from './context.js';
import { defineCatalog, sameLanguage, translator } from '../i18n/index.js';
import type { ProbeKind, StepKind } from './kind.js';

/** A shell command (bash). */
export interface RunAction {
  kind: 'run';
  command: Rendered;
}

const messages = defineCatalog({
  en: {
    label: 'run',
    'run.noCwd': 'working directory does not exist: {cwd}',
    'run.timedOut': 'timed out after {time}',
    'run.notFound': 'exit code 127 (command not found)',
    'run.killedBy': 'killed by {signal}',
    'run.exitCode': 'exit code {code}',
  },
  'zh-CN': {
    label: '执行',
    'run.noCwd': '工作目录不存在：{cwd}',
    'run.timedOut': '超时（{time}）',
    'run.notFound': '退出码 127（找不到命令）',
    'run.killedBy': '被 {signal} 终止',
    'run.exitCode': '退出码 {code}',
  },
});

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}

/**
 * Runs a command template with `bash --noprofile --norc -eo pipefail -c`; stdin is closed. The values it
 * inserts reach the shell through the environment (set last, over every other variable), never as text.
 */
export async function runCommand(template: Rendered, ctx: ActionContext): Promise<ActionResult> {
  const t = sameLanguage(messages, ctx.t);
  if (ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interruptedBeforeStart') };
  if (!ctx.spawn && !existsSync(ctx.cwd)) return { ok: false, exitCode: 1, reason: t('run.noCwd', { cwd: ctx.cwd }) };
  const { command, env } = ctx.command(template);
  const group = (ctx.spawn ?? spawnGroup)({
    command,
    env: { ...ctx.env, ...env },
    cwd: ctx.cwd,
    ...(ctx.become ? { become: ctx.become } : {}),
    onStdout: (chunk) => {
      ctx.output.push('stdout', chunk);
      return ctx.output.congested?.();
    },
    onStderr: (chunk) => {
      ctx.output.push('stderr', chunk);
      return ctx.output.congested?.();
    },
  });
  const untrack = group.pid !== undefined ? ctx.trackGroup?.(group.pid) : undefined;
  let timedOut = false;
  let interrupted = false;
  let stopping: Promise<void> | undefined;
  const stop = (grace: number) => {
    stopping = group.stop(grace);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop(ctx.killGraceMs);
  }, ctx.timeoutMs);
  const onAbort = () => {
    interrupted = true;
    stop(ctx.killGraceMs);
  };
  const onForce = () => {
    interrupted = true;
    group.kill();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  ctx.forceSignal.addEventListener('abort', onForce, { once: true });
  try {
    const exit = await group.done;
    // The shell is gone; wait until the rest of its group (grandchildren) is gone too.
    if (stopping) await stopping;
    // The host was lost: the command's outcome is unknown.
    if (exit.lost !== undefined) return { ok: false, reason: exit.lost, ...(interrupted ? { interrupted } : {}) };
    const exitCode = exit.exitCode ?? (exit.signal ? 128 + signalNumber(exit.signal) : 1);
    if (timedOut) return { ok: false, exitCode, timedOut: true, reason: t('run.timedOut', { time: formatDuration(ctx.timeoutMs) }) };
    if (interrupted) return { ok: false, exitCode, interrupted: true, reason: ctx.t('run.interrupted') };
    if (exitCode === 0) return { ok: true, exitCode };
    if (exitCode === 127) return { ok: false, exitCode, reason: t('run.notFound') };
    return { ok: false, exitCode, reason: exit.signal ? t('run.killedBy', { signal: exit.signal }) : t('run.exitCode', { code: exitCode }) };
  } finally {
    untrack?.();
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    ctx.forceSignal.removeEventListener('abort', onForce);
  }
}

export const runKind = {
  messages,
  compile: (spec, at, c) => ({ kind: 'run', command: c.template(spec, 'shell', at) }),
  run: (action, ctx) => runCommand(action.command, ctx),
  sites: (spec, at, add) => add(at, spec, 'shell'),
  started: (action, render) => render(action.command),
  summary: (action) => action.command.text,
  planText: (action, w) => w.labelled(translator(messages, w.lang)('label'), action.command.text, '$ '),
  planMarkdown: (action, w) => w.template(action.command),
  timeLimit: (_action, stepTimeoutMs) => stepTimeoutMs,
  commands: (action) => [action.command.text],
  rawSites: (action) => [action.command],
  readOnly: () => false,
  gate: false,
  output: true,
  expectsRollback: true,
  describe: (action, render) => render(action.command),
  probeText: (action) => `$ ${action.command.text}`,
  probeMarkdown: (action, w) => w.template(action.command),
  templates: (action) => [action.command],
} satisfies StepKind<'run'> & ProbeKind<'run'>;
