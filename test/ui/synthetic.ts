// A synthetic run (plan + event sequence) shared by the reporter tests: gate, retry, verify, failure, rollback.
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan, PlanStep } from '../../src/engine/plan.js';
import { param, plan, probe, runStep } from '../helpers/plan-builder.js';

const step = (id: string, name: PlanStep['name'], command: string): PlanStep => runStep(id, command, { name });

export function syntheticPlan(title: CompiledPlan['playbook']['title'] = { en: 'Fix MLflow artifacts permissions', 'zh-CN': '修复 MLflow artifacts 权限' }): CompiledPlan {
  return plan({
    playbook: { name: 'mlflow-permissions', title, risk: 'high', file: 'runbooks/mlflow-permissions.yaml', lock: 'mlflow-permissions' },
    params: [param('volume_dir', '/var/lib/mlflow'), param('token', 's3cr3t-value', { secret: true, source: 'given' })],
    preconditions: [probe('test -d /var/lib/mlflow', { name: { en: 'volume exists', 'zh-CN': '数据卷存在' } })],
    steps: [
      step('stop', { en: 'Stop MLflow', 'zh-CN': '停止 MLflow 服务' }, 'docker compose stop mlflow'),
      step('approve', { en: 'Operator approval', 'zh-CN': '值班确认' }, 'true'),
      step('chown', { en: 'Fix owner of the volume', 'zh-CN': '修正数据卷属主' }, 'chown -R 50000:50000 /var/lib/mlflow'),
      step('start', { en: 'Start MLflow', 'zh-CN': '启动 MLflow 服务' }, 'docker compose up -d mlflow'),
    ],
    finally: [step('notify', { en: 'Notify the team', 'zh-CN': '通知团队' }, 'true')],
    sandbox: true,
  });
}

const T0 = Date.parse('2026-11-28T01:00:00.000Z');
export const RUN_ID = '20261128-010000-ab12';

/** Builds events with times `ms` after T0. */
function at(ms: number): { runId: string; time: string } {
  return { runId: RUN_ID, time: new Date(T0 + ms).toISOString() };
}

/** The run, in stages, so tests can stop at each state the view must show. */
export function syntheticStages(lang: 'en' | 'zh-CN' = 'zh-CN'): Record<'start' | 'running' | 'retrying' | 'gate' | 'verifying' | 'failed' | 'rollback' | 'finished', RunEvent[]> {
  const n = (zh: string, en: string): string => (lang === 'zh-CN' ? zh : en);
  return {
    start: [
      {
        ...at(0),
        type: 'run.started',
        playbook: { name: 'mlflow-permissions', title: { en: 'Fix MLflow artifacts permissions', 'zh-CN': '修复 MLflow artifacts 权限' }, risk: 'high', file: 'runbooks/mlflow-permissions.yaml' },
        params: [
          { name: 'volume_dir', value: '/var/lib/mlflow', secret: false },
          { name: 'token', value: '[REDACTED]', secret: true },
        ],
        sandbox: true,
        journalDir: '.runbook/runs/20261128-010000-ab12',
        totalSteps: 4,
      },
      { ...at(5), type: 'phase.started', phase: 'preconditions' },
      { ...at(10), type: 'probe.started', phase: 'preconditions', index: 0, name: n('数据卷存在', 'volume exists') },
      { ...at(130), type: 'probe.finished', phase: 'preconditions', index: 0, name: n('数据卷存在', 'volume exists'), ok: true, attempts: 1 },
      { ...at(140), type: 'phase.finished', phase: 'preconditions', ok: true },
      { ...at(150), type: 'phase.started', phase: 'steps' },
    ],
    running: [
      { ...at(200), type: 'step.started', phase: 'steps', id: 'stop', name: n('停止 MLflow 服务', 'Stop MLflow'), index: 1, total: 4, kind: 'run', command: 'docker compose stop mlflow' },
      { ...at(300), type: 'step.output', id: 'stop', stream: 'stdout', text: 'Stopping mlflow ... \u001b[32mdone\u001b[0m\n' },
      { ...at(350), type: 'step.output', id: 'stop', stream: 'stderr', text: 'progress 10%\rprogress 100%\n\u001b[2J\u001b[Hcleared?\n' },
    ],
    retrying: [{ ...at(400), type: 'step.retrying', id: 'stop', attempt: 2, of: 3, delayMs: 1000, reason: 'exit code 1' }],
    gate: [
      { ...at(1500), type: 'step.finished', phase: 'steps', id: 'stop', status: 'ok', durationMs: 1300, exitCode: 0, attempts: 2 },
      { ...at(1600), type: 'step.started', phase: 'steps', id: 'approve', name: n('值班确认', 'Operator approval'), index: 2, total: 4, kind: 'confirm' },
      { ...at(1610), type: 'confirm.requested', id: 'approve', message: n('确认修改 /var/lib/mlflow 的属主？', 'Change the owner of /var/lib/mlflow?'), typeWord: 'chown' },
    ],
    verifying: [
      { ...at(4000), type: 'confirm.answered', id: 'approve', accepted: true, by: 'user' },
      { ...at(4010), type: 'step.finished', phase: 'steps', id: 'approve', status: 'ok', durationMs: 2410 },
      { ...at(4100), type: 'step.started', phase: 'steps', id: 'chown', name: n('修正数据卷属主', 'Fix owner of the volume'), index: 3, total: 4, kind: 'run', command: 'chown -R 50000:50000 /var/lib/mlflow' },
      { ...at(4200), type: 'step.output', id: 'chown', stream: 'stderr', text: "chown: changing ownership of '/var/lib/mlflow/a': Operation not permitted\n" },
      { ...at(4300), type: 'step.verifying', id: 'chown', attempt: 3, of: 10 },
    ],
    failed: [
      { ...at(9100), type: 'step.finished', phase: 'steps', id: 'chown', status: 'failed', durationMs: 5000, exitCode: 1, reason: 'verify failed after 10 attempts' },
      { ...at(9110), type: 'phase.finished', phase: 'steps', ok: false },
    ],
    rollback: [
      { ...at(9120), type: 'interrupt.received', signal: 'SIGINT', action: 'rollback' },
      { ...at(9130), type: 'phase.started', phase: 'rollback' },
      { ...at(9140), type: 'rollback.started', id: 'stop', name: n('停止 MLflow 服务', 'Stop MLflow') },
    ],
    finished: [
      { ...at(9940), type: 'rollback.finished', id: 'stop', ok: true },
      { ...at(9950), type: 'phase.finished', phase: 'rollback', ok: true },
      { ...at(9960), type: 'phase.started', phase: 'finally' },
      { ...at(9970), type: 'step.started', phase: 'finally', id: 'notify', name: n('通知团队', 'Notify the team'), index: 1, total: 1, kind: 'run' },
      { ...at(10100), type: 'step.finished', phase: 'finally', id: 'notify', status: 'ok', durationMs: 130 },
      { ...at(10110), type: 'phase.finished', phase: 'finally', ok: true },
      {
        ...at(10200),
        type: 'run.finished',
        status: 'failed',
        exitCode: 3,
        durationMs: 10200,
        counts: { ok: 3, already_done: 0, skipped: 0, failed: 1, rolled_back: 1, rollback_failed: 0 },
        journalDir: '.runbook/runs/20261128-010000-ab12',
        failedStep: 'chown',
        reason: 'verify failed after 10 attempts',
      },
    ],
  };
}

export function allSyntheticEvents(lang: 'en' | 'zh-CN' = 'zh-CN'): RunEvent[] {
  return Object.values(syntheticStages(lang)).flat();
}

export const SYNTHETIC_T0 = T0;

/** The other endings: already done, skipped, a rollback that fails; and a precondition that fails. */
export function syntheticOtherRuns(lang: 'en' | 'zh-CN'): Record<'rollbackFailed' | 'preconditionFailed', RunEvent[]> {
  const n = (zh: string, en: string): string => (lang === 'zh-CN' ? zh : en);
  const start = syntheticStages(lang).start[0]!;
  const counts = { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
  return {
    rollbackFailed: [
      start,
      { ...at(100), type: 'phase.started', phase: 'steps' },
      { ...at(200), type: 'step.skipped', phase: 'steps', id: 'stop', status: 'already_done', reason: 'check passed: already done' },
      { ...at(300), type: 'step.started', phase: 'steps', id: 'approve', name: n('值班确认', 'Operator approval'), index: 2, total: 4, kind: 'confirm' },
      { ...at(400), type: 'step.finished', phase: 'steps', id: 'approve', status: 'ok', durationMs: 100 },
      { ...at(500), type: 'step.skipped', phase: 'steps', id: 'chown', status: 'skipped', reason: 'when is false ("false")' },
      { ...at(600), type: 'step.started', phase: 'steps', id: 'start', name: n('启动 MLflow 服务', 'Start MLflow'), index: 4, total: 4, kind: 'run' },
      { ...at(2600), type: 'step.finished', phase: 'steps', id: 'start', status: 'failed', durationMs: 2000, exitCode: 1, reason: 'exit code 1: port 5000 already in use', attempts: 3 },
      { ...at(2610), type: 'phase.finished', phase: 'steps', ok: false },
      { ...at(2620), type: 'phase.started', phase: 'rollback' },
      { ...at(2630), type: 'rollback.started', id: 'approve', name: 'approve' },
      { ...at(2640), type: 'step.output', id: 'approve', stream: 'stderr', text: 'cannot undo: permission denied\n' },
      { ...at(3630), type: 'rollback.finished', id: 'approve', ok: false, reason: 'exit code 1: cannot undo: permission denied' },
      { ...at(3640), type: 'phase.finished', phase: 'rollback', ok: false },
      {
        ...at(3700),
        type: 'run.finished',
        status: 'rollback_failed',
        exitCode: 4,
        durationMs: 3700,
        counts: { ...counts, ok: 0, already_done: 1, skipped: 1, failed: 1, rollback_failed: 1 },
        journalDir: '.runbook/runs/20261128-010000-ab12',
        failedStep: 'start',
        reason: 'rollback of approve failed: exit code 1: cannot undo: permission denied',
      },
    ],
    preconditionFailed: [
      start,
      { ...at(5), type: 'phase.started', phase: 'preconditions' },
      { ...at(10), type: 'probe.started', phase: 'preconditions', index: 0, name: n('数据卷存在', 'volume exists') },
      { ...at(1010), type: 'probe.finished', phase: 'preconditions', index: 0, name: n('数据卷存在', 'volume exists'), ok: false, attempts: 3, reason: 'exit code 1' },
      { ...at(1020), type: 'phase.finished', phase: 'preconditions', ok: false },
      {
        ...at(1100),
        type: 'run.finished',
        status: 'precondition_failed',
        exitCode: 3,
        durationMs: 1100,
        counts,
        journalDir: '.runbook/runs/20261128-010000-ab12',
        reason: 'precondition 1 (volume exists) failed: exit code 1',
      },
    ],
  };
}
