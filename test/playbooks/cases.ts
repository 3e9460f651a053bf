// For every shipped playbook: the sandbox faults and parameters of its success and failure runs, and what "fixed" means.
import { expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ownerOf, simulatedOwners } from '../../src/sandbox/owners.js';

export interface PlaybookCase {
  name: string;
  /** Fault(s) the success run starts from (the problem the playbook fixes). */
  fault?: string;
  params?: Record<string, string>;
  /** After the success run: the problem is gone. */
  fixed(sb: Sandbox): void | Promise<void>;
  failure: {
    fault: string;
    params?: Record<string, string>;
    /** Whether completed steps have rollbacks to run (read-only playbooks have none). */
    rollsBack: boolean;
    /**
     * Files (relative to the sandbox) the failed run leaves on purpose: the backups and records it made, which no
     * rollback deletes. Each pattern must match something.
     */
    keeps?: RegExp[];
  };
}

const owner = (sb: Sandbox, path: string) => ownerOf(sb.state(), simulatedOwners(), path);
const latestRun = (sb: Sandbox) => sb.state().dagRuns.at(-1)!;

export const cases: PlaybookCase[] = [
  {
    name: 'mlflow-permissions',
    fault: 'mlflow-volume-owner',
    async fixed(sb) {
      expect(owner(sb, sb.vars.volume_dir!)).toBe('50000:50000');
      const res = await fetch(`${sb.vars.mlflow_url}/api/2.0/mlflow-artifacts/artifacts/check.txt`, { method: 'PUT', body: 'x' });
      expect(res.status).toBe(200);
    },
    failure: { fault: 'mlflow-volume-owner,compose-up-fails', rollsBack: true, keeps: [/^tmp\/runbook-mlflow-owners\.\w{6}$/] },
  },
  {
    name: 'daily-inspection',
    fixed() {},
    failure: { fault: 'api-unhealthy', rollsBack: false },
  },
  {
    name: 'full-refresh',
    fixed(sb) {
      const run = latestRun(sb);
      expect(run.run_id).toMatch(/^manual__/);
      expect(run.conf).toEqual({ full_refresh: true });
      expect(run.state).toBe('success');
    },
    failure: { fault: 'data-dir-missing', rollsBack: false },
  },
  {
    name: 'single-task-rerun',
    fault: 'task-interrupted',
    params: { task: 'train_models' },
    fixed(sb) {
      expect(latestRun(sb).tasks.train_models).toBe('success');
      expect(latestRun(sb).state).toBe('success');
    },
    failure: { fault: 'task-fails', params: { task: 'evaluate' }, rollsBack: false },
  },
  {
    name: 'fix-missing-features',
    fault: 'task-fails',
    fixed(sb) {
      expect(latestRun(sb).tasks.evaluate).toBe('success');
      expect(latestRun(sb).state).toBe('success');
    },
    failure: { fault: 'task-fails,service-down:airflow-webserver', rollsBack: false },
  },
  {
    name: 'model-rollback',
    async fixed(sb) {
      const health = (await (await fetch(`${sb.vars.api_url}/health`)).json()) as { model_version: string };
      expect(health.model_version).toBe('20261125T030000');
    },
    failure: { fault: '', params: { version: '20261120T030000' }, rollsBack: true, keeps: [/^backups\/models-before-20261120T030000(\/|$)/] },
  },
  {
    name: 'clip-cache-fix',
    fault: 'clip-cache-missing',
    fixed(sb) {
      expect(sb.state().api.clipSource).toBe('local');
      expect(owner(sb, join(sb.vars.clip_cache_dir!, 'pytorch_model.bin'))).toBe('50000:50000');
    },
    failure: { fault: 'clip-cache-missing,fail-once:docker compose restart', rollsBack: true, keeps: [/\/clip-ViT-B-32\.runbook-owners$/] },
  },
  {
    name: 'fix-data-dir',
    fault: 'data-dir-missing',
    fixed(sb) {
      const c = sb.state().containers['airflow-scheduler']!;
      expect(c.env.DATA_JSON_DIR).toBe('/opt/airflow/json_data');
      expect(c.mounts).toContain(`${sb.vars.json_data_dir}:/opt/airflow/json_data`);
    },
    failure: { fault: 'data-dir-missing,compose-up-fails', rollsBack: true },
  },
  {
    name: 'fix-permissions',
    fault: 'permission-denied',
    fixed(sb) {
      expect(owner(sb, join(sb.vars.models_dir!, 'ranker.pkl'))).toBe('50000:50000');
      expect(owner(sb, join(sb.vars.data_dir!, 'evaluation/summary.json'))).toBe('50000:50000');
    },
    failure: {
      fault: 'permission-denied,fail-once:docker compose exec -T airflow-webserver test -w /opt/airflow/models',
      rollsBack: true,
      keeps: [/^backups\/owners-before-fix-permissions\.models\.txt$/, /^backups\/owners-before-fix-permissions\.data\.txt$/, /^backups\/owners-before-fix-permissions\.volume\.txt$/],
    },
  },
  {
    name: 'redis-flush',
    fixed(sb) {
      expect(sb.state().redis).toEqual({});
    },
    // The snapshot is the only backup: it stays after the restore.
    failure: { fault: 'api-unhealthy', rollsBack: true, keeps: [/^var\/lib\/docker\/volumes\/recommend_redis-data\/_data\/runbook-before-flush\.rdb$/] },
  },
  {
    name: 'mlflow-run-cleanup',
    fixed(sb) {
      expect(sb.state().mlflowRuns.find((r) => r.run_id === '0badc0ffee00')?.lifecycle_stage).toBe('deleted');
    },
    failure: { fault: 'fail-once:docker compose exec -T mlflow mlflow gc', params: { purge: 'true' }, rollsBack: true },
  },
  {
    name: 'image-rollback',
    fixed(sb) {
      expect(sb.state().containers['recommendation-api']!.image).toBe('recommend/recommendation-api:1.4.0');
    },
    failure: { fault: 'compose-up-fails', rollsBack: true },
  },
  {
    name: 'backup',
    fixed(sb) {
      const folders = readdirSync(sb.vars.backup_dir!);
      expect(folders).toHaveLength(1);
      const files = readdirSync(join(sb.vars.backup_dir!, folders[0]!)).sort();
      expect(files).toEqual(['SHA256SUMS', 'config.tar.gz', 'data.tar.gz', 'mlflow-data.tar.gz', 'models.tar.gz', 'postgres-airflow.sql.gz']);
    },
    // The incomplete backup is kept (its finished archives are good), renamed so that nobody takes it for a complete one.
    failure: { fault: 'fail-once:docker compose exec -T postgres-airflow pg_dump', rollsBack: true, keeps: [/^backups\/recommend-\d{8}T\d{6}Z-\w{4}\.incomplete(\/|$)/] },
  },
  {
    name: 'alert-channel-check',
    fixed(sb) {
      expect(sb.state().alerts.map((a) => a.title)).toContain('RunbookTestAlert');
    },
    failure: { fault: 'weixin-credentials-invalid', rollsBack: false },
  },
  {
    name: 'fix-weixin-credentials',
    fault: 'weixin-credentials-invalid',
    fixed(sb) {
      expect(sb.state().containers['notification-gateway']!.env.WEIXIN_CORP_SECRET).toBe(sb.vars.weixin_secret);
      expect(sb.state().alerts.map((a) => a.title)).toContain('RunbookTestAlert');
      expect(existsSync(join(sb.vars.project_dir!, '.env.runbook-bak'))).toBe(false);
    },
    failure: { fault: 'weixin-credentials-invalid,compose-up-fails', rollsBack: true },
  },
  {
    name: 'service-restart',
    fault: 'service-down:recommendation-api',
    async fixed(sb) {
      expect(sb.state().containers['recommendation-api']!.status).toBe('running');
      expect((await fetch(`${sb.vars.api_url}/health`)).status).toBe(200);
    },
    failure: { fault: 'service-down:recommendation-api,compose-up-fails', rollsBack: false },
  },
];

/** Parameters for the golden plans (production defaults; required ones given). */
export const goldenParams: Record<string, Record<string, string>> = {
  'single-task-rerun': { task: 'evaluate' },
  'model-rollback': { version: '20261125T030000' },
  'mlflow-run-cleanup': { run_id: '0badc0ffee00' },
  'fix-weixin-credentials': { corp_secret: 'not-a-real-secret' },
};
