// Synthetic runs for "the live view shows what happened": kept output, long reasons, honest headlines, a wait.
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan, PlanStep } from '../../src/engine/plan.js';
import { plan, rendered, rollback, runStep } from '../helpers/plan-builder.js';

export const RUN = '20261128-020000-cd34';
const T0 = Date.parse('2026-11-28T02:00:00.000Z');
const at = (ms: number) => ({ runId: RUN, time: new Date(T0 + ms).toISOString() });
export const timeAt = (ms: number): number => T0 + ms;

type Lang = 'en' | 'zh-CN';
const pick = (lang: Lang, zh: string, en: string): string => (lang === 'zh-CN' ? zh : en);

export const HEALTH_URL = 'http://127.0.0.1:8000/api/v1/recommendation/health';

function httpStep(id: string, name: PlanStep['name']): PlanStep {
  return {
    ...runStep(id, '', { name }),
    action: { kind: 'http', request: { method: 'POST', url: rendered(HEALTH_URL, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 10_000 } },
  };
}

/** A maintenance playbook: stop, report, trigger a DAG (no rollback), wait for it, check health, notify. */
export function happenedPlan(): CompiledPlan {
  return plan({
    playbook: { name: 'pipeline-maintenance', title: { en: 'Pipeline maintenance', 'zh-CN': '流水线维护' }, risk: 'medium' },
    steps: [
      runStep('stop_api', 'docker compose stop recommendation-api', { name: { en: 'Stop the API', 'zh-CN': '停止推荐服务' }, rollback: rollback('docker compose start recommendation-api') }),
      runStep('backup', 'cp -a /data /data.bak', { name: { en: 'Back up the data', 'zh-CN': '备份数据' }, rollback: rollback('rm -rf /data.bak') }),
      runStep('report', 'inspect --all', { name: { en: 'Inspection report', 'zh-CN': '巡检报告' }, rollback: rollback('true') }),
      runStep('trigger_dag', 'airflow dags trigger recommendation_pipeline', { name: { en: 'Trigger the DAG', 'zh-CN': '触发 DAG' } }),
      { ...runStep('wait_dag', '', { name: { en: 'Wait for the DAG run', 'zh-CN': '等待 DAG 运行结束' } }), action: { kind: 'wait', probe: { kind: 'run', command: rendered('dag-done') }, intervalMs: 2000, timeoutMs: 600_000 } },
      httpStep('health', { en: 'API is healthy', 'zh-CN': '服务健康' }),
      runStep('notify_team', 'notify', { name: { en: 'Tell the team', 'zh-CN': '通知团队' } }),
    ],
  });
}

const lines = (prefix: string, count: number): string => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

function started(lang: Lang): RunEvent[] {
  return [
    {
      ...at(0),
      type: 'run.started',
      playbook: { name: 'pipeline-maintenance', title: { en: 'Pipeline maintenance', 'zh-CN': '流水线维护' }, risk: 'medium', file: 'pipeline-maintenance.yaml' },
      params: [],
      sandbox: false,
      journalDir: `/var/lib/runbook/runs/${RUN}`,
      totalSteps: 7,
    },
    { ...at(10), type: 'phase.started', phase: 'steps' },
    ...okStep(lang, 'stop_api', 1, pick(lang, '停止推荐服务', 'Stop the API'), 100),
  ];
}

function okStep(lang: Lang, id: string, index: number, name: string, from: number, output?: string): RunEvent[] {
  return [
    { ...at(from), type: 'step.started', phase: 'steps', id, name, index, total: 7, kind: 'run' },
    ...(output ? [{ ...at(from + 50), type: 'step.output' as const, id, stream: 'stdout' as const, text: output }] : []),
    { ...at(from + 400), type: 'step.finished', phase: 'steps', id, status: 'ok', durationMs: 400, exitCode: 0 },
  ];
}

function finished(status: 'failed' | 'interrupted' | 'rollback_failed', at_: number, counts: Partial<Record<'ok' | 'failed' | 'rolled_back' | 'rollback_failed', number>>, extra: Partial<Extract<RunEvent, { type: 'run.finished' }>> = {}): RunEvent {
  return {
    ...at(at_),
    type: 'run.finished',
    status,
    exitCode: status === 'interrupted' ? 130 : status === 'rollback_failed' ? 4 : 1,
    durationMs: at_,
    counts: { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0, ...counts },
    journalDir: `/var/lib/runbook/runs/${RUN}`,
    ...extra,
  };
}

function rolledBack(ids: string[], from: number): RunEvent[] {
  return [
    { ...at(from), type: 'phase.started', phase: 'rollback' },
    ...ids.flatMap((id, i): RunEvent[] => [
      { ...at(from + 10 + i * 100), type: 'rollback.started', id, name: id },
      { ...at(from + 60 + i * 100), type: 'rollback.finished', id, ok: true },
    ]),
    { ...at(from + 10 + ids.length * 100), type: 'phase.finished', phase: 'rollback', ok: true },
  ];
}

/** The runs, each ending in one of the states the view must tell truthfully. */
export function happenedRuns(lang: Lang): Record<string, RunEvent[]> {
  const name = (zh: string, en: string) => pick(lang, zh, en);
  const healthReason = `POST ${HEALTH_URL}: ${pick(lang, 'HTTP 503（期望 200）', 'HTTP 503 (expected 200)')}`;
  return {
    // A report longer than 20 lines, then a failing step whose last lines are what matters.
    keptOutput: [
      ...started(lang),
      ...okStep(lang, 'backup', 2, name('备份数据', 'Back up the data'), 600),
      ...okStep(lang, 'report', 3, name('巡检报告', 'Inspection report'), 1100, lines(name('检查项', 'check'), 23)),
      { ...at(1600), type: 'step.started', phase: 'steps', id: 'trigger_dag', name: name('触发 DAG', 'Trigger the DAG'), index: 4, total: 7, kind: 'run' },
      { ...at(1650), type: 'step.output', id: 'trigger_dag', stream: 'stderr', text: lines('airflow: connecting', 24) + 'airflow: /dags: No space left on device\n' },
      { ...at(2000), type: 'step.finished', phase: 'steps', id: 'trigger_dag', status: 'failed', durationMs: 400, exitCode: 1, reason: 'exit code 1: airflow: /dags: No space left on device' },
      { ...at(2010), type: 'phase.finished', phase: 'steps', ok: false },
      ...rolledBack(['report', 'backup', 'stop_api'], 2020),
      finished('failed', 2400, { ok: 3, failed: 1, rolled_back: 3 }, { failedStep: 'trigger_dag', reason: 'exit code 1: airflow: /dags: No space left on device' }),
    ],
    // A health check whose reason is longer than the line: wrapped, never cut.
    longReason: [
      { ...started(lang)[0]!, time: at(0).time },
      { ...at(10), type: 'phase.started', phase: 'steps' },
      { ...at(20), type: 'step.started', phase: 'steps', id: 'health', name: name('服务健康', 'API is healthy'), index: 6, total: 7, kind: 'http', command: `POST ${HEALTH_URL}` },
      { ...at(520), type: 'step.finished', phase: 'steps', id: 'health', status: 'failed', durationMs: 500, exitCode: 1, reason: healthReason },
      { ...at(530), type: 'phase.finished', phase: 'steps', ok: false },
      finished('failed', 600, { failed: 1 }, { failedStep: 'health', reason: healthReason }),
    ],
    // Rolled back, and steps that ran have no rollback.
    noRollback: [
      ...started(lang),
      ...okStep(lang, 'backup', 2, name('备份数据', 'Back up the data'), 600),
      ...okStep(lang, 'trigger_dag', 4, name('触发 DAG', 'Trigger the DAG'), 1100),
      ...okStep(lang, 'notify_team', 7, name('通知团队', 'Tell the team'), 1600),
      { ...at(2100), type: 'step.started', phase: 'steps', id: 'health', name: name('服务健康', 'API is healthy'), index: 6, total: 7, kind: 'http' },
      { ...at(2600), type: 'step.finished', phase: 'steps', id: 'health', status: 'failed', durationMs: 500, exitCode: 1, reason: healthReason },
      { ...at(2610), type: 'phase.finished', phase: 'steps', ok: false },
      ...rolledBack(['backup', 'stop_api'], 2620),
      finished('failed', 3000, { ok: 4, failed: 1, rolled_back: 2 }, { failedStep: 'health', reason: healthReason }),
    ],
    // Ctrl-C while waiting for the DAG run it triggered: that run goes on, and nothing can roll it back.
    interruptedWait: [
      { ...started(lang)[0]!, time: at(0).time },
      { ...at(10), type: 'phase.started', phase: 'steps' },
      ...['stop_api', 'backup', 'report'].map((id, i): RunEvent => ({ ...at(20 + i), type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: 'when is false ("false")' })),
      ...okStep(lang, 'trigger_dag', 4, name('触发 DAG', 'Trigger the DAG'), 100),
      { ...at(600), type: 'step.started', phase: 'steps', id: 'wait_dag', name: name('等待 DAG 运行结束', 'Wait for the DAG run'), index: 5, total: 7, kind: 'wait' },
      { ...at(610), type: 'step.polled', id: 'wait_dag', poll: 1, remainingMs: 600_000 },
      { ...at(2610), type: 'step.polled', id: 'wait_dag', poll: 2, remainingMs: 598_000, reason: 'exit code 1' },
      { ...at(4610), type: 'step.polled', id: 'wait_dag', poll: 3, remainingMs: 596_000, reason: 'exit code 1' },
      { ...at(5000), type: 'interrupt.received', signal: 'SIGINT', action: 'rollback' },
      { ...at(5100), type: 'step.finished', phase: 'steps', id: 'wait_dag', status: 'failed', durationMs: 4500, reason: name('已中断', 'interrupted') },
      { ...at(5110), type: 'phase.finished', phase: 'steps', ok: false },
      finished('interrupted', 5200, { ok: 1, failed: 1 }, { failedStep: 'wait_dag', reason: name('已中断', 'interrupted') }),
    ],
    // The first step fails: nothing ran, nothing to roll back.
    nothingToRollBack: [
      { ...started(lang)[0]!, time: at(0).time },
      { ...at(10), type: 'phase.started', phase: 'steps' },
      { ...at(20), type: 'step.started', phase: 'steps', id: 'stop_api', name: name('停止推荐服务', 'Stop the API'), index: 1, total: 7, kind: 'run' },
      { ...at(320), type: 'step.finished', phase: 'steps', id: 'stop_api', status: 'failed', durationMs: 300, exitCode: 1, reason: 'exit code 1' },
      { ...at(330), type: 'phase.finished', phase: 'steps', ok: false },
      finished('failed', 400, { failed: 1 }, { failedStep: 'stop_api', reason: 'exit code 1' }),
    ],
    // A rollback fails: the rest is not rolled back, and the summary lists it with the commands to run by hand.
    unrolled: [
      ...started(lang),
      ...okStep(lang, 'backup', 2, name('备份数据', 'Back up the data'), 600),
      ...okStep(lang, 'report', 3, name('巡检报告', 'Inspection report'), 1100),
      { ...at(1600), type: 'step.started', phase: 'steps', id: 'trigger_dag', name: name('触发 DAG', 'Trigger the DAG'), index: 4, total: 7, kind: 'run' },
      { ...at(1900), type: 'step.finished', phase: 'steps', id: 'trigger_dag', status: 'failed', durationMs: 300, exitCode: 1, reason: 'exit code 1' },
      { ...at(1910), type: 'phase.finished', phase: 'steps', ok: false },
      { ...at(1920), type: 'phase.started', phase: 'rollback' },
      { ...at(1930), type: 'rollback.started', id: 'report', name: 'report' },
      { ...at(2430), type: 'rollback.finished', id: 'report', ok: false, reason: 'exit code 2: permission denied' },
      { ...at(2440), type: 'rollback.finished', id: 'backup', ok: false, skipped: true, reason: name('未执行', 'not run') },
      { ...at(2450), type: 'rollback.finished', id: 'stop_api', ok: false, skipped: true, reason: name('未执行', 'not run') },
      { ...at(2460), type: 'phase.finished', phase: 'rollback', ok: false },
      finished('rollback_failed', 2500, { ok: 3, failed: 1, rollback_failed: 1 }, {
        failedStep: 'trigger_dag',
        reason: 'rollback of report failed: exit code 2: permission denied',
        unrolled: [
          { id: 'backup', name: name('备份数据', 'Back up the data'), command: 'rm -rf /data.bak' },
          { id: 'stop_api', name: name('停止推荐服务', 'Stop the API'), command: 'docker compose start recommendation-api' },
        ],
      }),
    ],
  };
}
