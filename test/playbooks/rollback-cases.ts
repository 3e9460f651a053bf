// For every shipped playbook with rollbacks: the faults that make a step fail and then one of its rollbacks fail, and what is left on disk.
import { expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ownedBy, ownerOf, simulatedOwners } from '../../src/sandbox/owners.js';
import { INITIAL_REDIS } from '../../src/sandbox/layout.js';

export interface RollbackFailureCase {
  name: string;
  /** Faults: one makes a step fail, one (`fail-once:…`) makes a rollback fail. */
  fault: string;
  params?: Record<string, string>;
  /** The step whose action fails. */
  failedStep: string;
  /** The rollback that fails; the rollbacks before it (in order) pass. */
  rolledBack: string[];
  failedRollback: string;
  /** Completed steps whose rollback must not run after the failed one: left for a person. */
  unrolled: string[];
  /** What is on disk (and in the simulated services) afterwards. */
  left(sb: Sandbox): void;
}

/** Shipped playbooks with no rollback at all: no rollback of theirs can fail. */
export const withoutRollbacks = ['alert-channel-check', 'daily-inspection', 'fix-missing-features', 'full-refresh', 'service-restart', 'single-task-rerun'];

const owner = (sb: Sandbox, path: string) => ownerOf(sb.state(), simulatedOwners(), path);
const owned = (sb: Sandbox, path: string) => ownedBy(sb.state(), simulatedOwners(), path, '50000:50000');
const read = (path: string) => readFileSync(path, 'utf8');
const envOf = (sb: Sandbox) => read(join(sb.vars.project_dir!, '.env'));

export const rollbackFailures: RollbackFailureCase[] = [
  {
    name: 'redis-flush',
    fault: 'service-down:recommendation-api,fail-once:docker compose stop',
    failedStep: 'api_still_serves',
    rolledBack: [],
    failedRollback: 'flush',
    unrolled: [],
    left(sb) {
      // The flush reached dump.rdb; the snapshot, the only copy of the data, is still there.
      const volume = sb.vars.redis_volume_dir!;
      expect(JSON.parse(read(join(volume, 'runbook-before-flush.rdb')))).toEqual(INITIAL_REDIS);
      expect(JSON.parse(read(join(volume, 'dump.rdb')))).toEqual({});
      expect(sb.state().containers.redis!.status).toBe('running');
      expect(sb.state().redis).toEqual({});
    },
  },
  {
    name: 'mlflow-permissions',
    fault: 'mlflow-volume-owner,compose-up-fails,fail-once:chown 0:0',
    failedStep: 'start',
    rolledBack: [],
    failedRollback: 'chown',
    unrolled: ['stop'],
    left(sb) {
      // The stack stays down (its `up` rollback did not run); the record of the old owners is kept for a person.
      expect(sb.state().containers).toEqual({});
      expect(owned(sb, sb.vars.volume_dir!)).toBe(true);
      const records = readdirSync(join(sb.dir, 'tmp')).filter((f) => f.startsWith('runbook-mlflow-owners.'));
      expect(records).toHaveLength(1);
      expect(read(join(sb.dir, 'tmp', records[0]!)).split('\n')[0]).toBe(`0:0 ${sb.vars.volume_dir}`);
    },
  },
  {
    name: 'model-rollback',
    fault: 'fail-once:docker compose restart',
    params: { version: '20261120T030000' },
    failedStep: 'reload',
    rolledBack: [],
    failedRollback: 'restore',
    unrolled: [],
    left(sb) {
      // The files are back (the copy ran) but the API was not restarted; the backup is kept.
      const current = 'MODEL ranker version=20261127T030000\n';
      expect(read(join(sb.vars.models_dir!, 'ranker.pkl'))).toBe(current);
      expect(read(join(sb.vars.backup_dir!, 'models-before-20261120T030000', 'ranker.pkl'))).toBe(current);
      expect(sb.state().api.loadedVersion).toBeNull();
    },
  },
  {
    name: 'clip-cache-fix',
    fault: 'clip-cache-missing,fail-once:docker compose restart,fail-once:chown * */clip-ViT-B-32',
    failedStep: 'restart_api',
    rolledBack: [],
    failedRollback: 'chown',
    unrolled: ['copy'],
    left(sb) {
      // The copied cache stays (its rollback did not run), with the new owner; the record of the old owners is kept.
      const cache = sb.vars.clip_cache_dir!;
      expect(existsSync(join(cache, 'pytorch_model.bin'))).toBe(true);
      expect(owner(sb, join(cache, 'pytorch_model.bin'))).toBe('50000:50000');
      expect(read(`${cache}.runbook-owners`).split('\n')[0]).toMatch(new RegExp(`^\\d+:\\d+ ${cache}$`));
    },
  },
  {
    name: 'fix-data-dir',
    fault: 'data-dir-missing,compose-up-fails,fail-once:docker compose up',
    failedStep: 'recreate',
    rolledBack: [],
    failedRollback: 'mount',
    unrolled: ['set_env'],
    left(sb) {
      // The override file is gone (its rollback removed it before the failing `up`); .env keeps the new value and its backup.
      expect(existsSync(join(sb.vars.project_dir!, 'docker-compose.override.yml'))).toBe(false);
      expect(envOf(sb)).toMatch(/^DATA_JSON_DIR=\/opt\/airflow\/json_data$/m);
      expect(read(join(sb.vars.project_dir!, '.env.runbook-bak'))).toMatch(/^DATA_JSON_DIR=\/opt\/airflow\/data\/json$/m);
    },
  },
  {
    name: 'fix-permissions',
    fault: 'permission-denied,fail-once:docker compose exec -T airflow-webserver test -w /opt/airflow/models,fail-once:chown 0:0 */models',
    failedStep: 'writable',
    rolledBack: ['chown_data'],
    failedRollback: 'chown_models',
    unrolled: [],
    left(sb) {
      // data/ has its owner back; models/ does not, and the records of both are kept for a person.
      expect(owner(sb, join(sb.vars.data_dir!, 'evaluation/summary.json'))).toBe('0:0');
      expect(owned(sb, sb.vars.models_dir!)).toBe(true);
      for (const part of ['models', 'data']) {
        const record = read(join(sb.vars.backup_dir!, `owners-before-fix-permissions.${part}.txt`));
        expect(record.split('\n')[0]).toBe(`0:0 ${sb.vars[`${part}_dir`]!}`);
      }
    },
  },
  {
    name: 'mlflow-run-cleanup',
    fault: 'fail-once:docker compose exec -T mlflow mlflow gc,fail-once:POST /api/2.0/mlflow/runs/restore',
    params: { purge: 'true' },
    failedStep: 'purge',
    rolledBack: [],
    failedRollback: 'delete',
    unrolled: [],
    left(sb) {
      // Still deleted (restorable by hand), nothing purged: the artifacts are in the volume.
      expect(sb.state().mlflowRuns.find((r) => r.run_id === '0badc0ffee00')?.lifecycle_stage).toBe('deleted');
      expect(existsSync(join(sb.vars.volume_dir!, '1', '0badc0ffee00', 'artifacts', 'model.pkl'))).toBe(true);
    },
  },
  {
    name: 'image-rollback',
    fault: 'compose-up-fails,fail-once:docker compose up',
    failedStep: 'up',
    rolledBack: [],
    failedRollback: 'set_tag',
    unrolled: ['load'],
    left(sb) {
      // .env has its tag back (the sed ran), the container was not recreated, the loaded image stays.
      expect(envOf(sb)).toMatch(/^API_IMAGE_TAG=1\.5\.0$/m);
      expect(sb.state().containers['recommendation-api']!.image).toBe('recommend/recommendation-api:1.5.0');
      expect(sb.state().images).toContain('recommend/recommendation-api:1.4.0');
    },
  },
  {
    name: 'backup',
    fault: 'fail-once:docker compose exec -T postgres-airflow pg_dump,fail-once:mv -n */recommend-*',
    failedStep: 'postgres',
    rolledBack: [],
    failedRollback: 'dest',
    unrolled: [],
    left(sb) {
      // Not renamed (the rollback failed), nothing deleted: the finished archives are there.
      const [folder, ...more] = readdirSync(sb.vars.backup_dir!);
      expect(more).toEqual([]);
      expect(folder).toMatch(/^recommend-\d{8}T\d{6}Z-\w{4}$/);
      const files = readdirSync(join(sb.vars.backup_dir!, folder!));
      expect(files).toEqual(expect.arrayContaining(['data.tar.gz', 'models.tar.gz', 'mlflow-data.tar.gz']));
    },
  },
  {
    name: 'fix-weixin-credentials',
    fault: 'weixin-credentials-invalid,compose-up-fails,fail-once:mv .env.runbook-bak .env',
    failedStep: 'recreate',
    rolledBack: [],
    failedRollback: 'set_secret',
    unrolled: [],
    left(sb) {
      // .env keeps the new secret, its backup the old one; the gateway still runs with the old one.
      expect(envOf(sb)).toContain(`WEIXIN_CORP_SECRET=${sb.vars.weixin_secret!}`);
      expect(read(join(sb.vars.project_dir!, '.env.runbook-bak'))).toMatch(/^WEIXIN_CORP_SECRET=expired-2025-secret$/m);
      expect(sb.state().containers['notification-gateway']!.env.WEIXIN_CORP_SECRET).toBe('expired-2025-secret');
    },
  },
];
