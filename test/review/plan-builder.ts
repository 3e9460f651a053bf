// The MLflow-shaped plans of the review tests, built from the shared test builders.
import type { CompiledPlan } from '../../src/engine/plan.js';
import { confirmStep, param, plan, probe, rendered, rollback, runStep, type PlanOverrides } from '../helpers/plan-builder.js';

/** A plan of the team's MLflow permissions fix, with no steps unless `extra` gives them. */
export function makePlan(extra: PlanOverrides = {}): CompiledPlan {
  const { playbook, ...rest } = extra;
  return plan({
    ...rest,
    playbook: {
      name: 'mlflow-permissions',
      title: { en: 'Fix MLflow artifacts permissions', 'zh-CN': '修复 MLflow artifacts 权限' },
      description: 'MLflow artifacts fail with Permission denied: the /mlflow volume is not owned by 50000',
      risk: 'high',
      file: 'runbooks/mlflow-permissions.yaml',
      lock: 'mlflow-permissions',
      ...playbook,
    },
  });
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
              url: rendered('http://localhost:5000/health', 'url'),
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
