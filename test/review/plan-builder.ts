// Hand-built compiled plans for review tests (stand-ins for compilePlaybook output, per src/engine/plan.ts).
import type { CompiledPlan, PlanParam, PlanProbe, PlanRollback, PlanStep, Rendered } from '../../src/engine/plan.js';

export function rendered(text: string, raw: string[] = []): Rendered {
  return { text, source: text, kind: 'shell', deferred: false, raw };
}

export function probe(command: string, extra: Partial<PlanProbe> = {}): PlanProbe {
  return { action: { kind: 'run', command: rendered(command) }, retries: 0, delayMs: 0, timeoutMs: 60_000, env: [], ...extra };
}

export function rollback(command: string, extra: Partial<PlanRollback> = {}): PlanRollback {
  return { action: { kind: 'run', command: rendered(command) }, retries: 0, delayMs: 0, timeoutMs: 60_000, env: [], ...extra };
}

export function runStep(id: string, command: string, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id,
    action: { kind: 'run', command: rendered(command) },
    timeoutMs: 600_000,
    retries: 0,
    delayMs: 0,
    backoff: 2,
    continueOnError: false,
    env: [],
    parse: 'text',
    ...extra,
  };
}

export function confirmStep(id: string, message: string): PlanStep {
  return { ...runStep(id, ''), action: { kind: 'confirm', message } };
}

export function param(name: string, value: PlanParam['value'], extra: Partial<PlanParam> = {}): PlanParam {
  return { name, type: 'string', value, secret: false, source: 'default', ...extra };
}

export function makePlan(extra: Partial<Omit<CompiledPlan, 'playbook'>> & { playbook?: Partial<CompiledPlan['playbook']> } = {}): CompiledPlan {
  const { playbook, ...rest } = extra;
  return {
    formatVersion: 1,
    playbook: {
      name: 'mlflow-permissions',
      title: { en: 'Fix MLflow artifacts permissions', 'zh-CN': '修复 MLflow artifacts 权限' },
      description: 'MLflow artifacts fail with Permission denied: the /mlflow volume is not owned by 50000',
      risk: 'high',
      tags: [],
      file: 'runbooks/mlflow-permissions.yaml',
      lock: 'mlflow-permissions',
      onInterrupt: 'rollback',
      ...playbook,
    },
    params: [],
    env: [],
    preconditions: [],
    steps: [],
    postconditions: [],
    finally: [],
    warnings: [],
    sandbox: false,
    ...rest,
  };
}

/** A plan shaped like the team's MLflow permissions fix. */
export function mlflowPlan(): CompiledPlan {
  const dir = '/var/lib/docker/volumes/recommend_mlflow-data/_data';
  return makePlan({
    params: [
      param('volume_dir', dir),
      param('owner', '50000:50000', { pattern: '^\\d+:\\d+$' }),
      param('wecom_key', 'hunter2-secret', { secret: true, source: 'given' }),
    ],
    preconditions: [probe(`test -d '${dir}'`, { name: 'volume exists' })],
    steps: [
      confirmStep('gate', 'Stop the MLflow stack?'),
      runStep('stop', 'docker compose down', {
        name: { en: 'Stop the stack', 'zh-CN': '停止服务' },
        rollback: rollback('docker compose up -d'),
      }),
      runStep('chown', `chown -R 50000:50000 '${dir}'`, {
        check: probe(`test "$(stat -c %u:%g '${dir}')" = 50000:50000`),
        verify: probe(`test "$(stat -c %u:%g '${dir}')" = 50000:50000`),
      }),
      runStep('start', 'docker compose up -d', {
        verify: {
          action: {
            kind: 'http',
            request: {
              method: 'GET',
              url: { ...rendered('http://localhost:5000/health'), kind: 'url' },
              headers: [],
              bodyIsJson: false,
              status: [200],
              json: [],
              timeoutMs: 10_000,
            },
          },
          retries: 10,
          delayMs: 3000,
          timeoutMs: 60_000,
          env: [],
        },
      }),
      runStep('notify', "curl -s -X POST https://qyapi.weixin.qq.com/send?key='hunter2-secret'"),
    ],
  });
}
