// The sandbox on its own: layout and labels, services and CLI shims that share one state, start and stop.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { UserError } from '../../src/engine/errors.js';
import { timings } from '../../src/sandbox/world.js';
import { getJson, sh } from './helpers.js';

timings.startupMs = 0;
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

describe('a fresh sandbox', () => {
  it('is labelled, lives in a temporary directory laid out like the ops host, and is removed on stop', async () => {
    sb = await startSandbox();
    expect(sb.vars.sandbox).toBe('true');
    expect(sb.dir.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(join(sb.dir, 'SANDBOX.txt'), 'utf8')).toMatch(/simulated/);
    const env = readFileSync(join(sb.vars.project_dir!, '.env'), 'utf8');
    expect(env).toMatch(/^DATA_JSON_DIR=/m);
    expect(env).toMatch(/^CLIP_MODEL_PATH=/m);
    expect(env).toMatch(/^WEIXIN_CORP_SECRET=sbx-/m);
    for (const key of ['models_dir', 'data_dir', 'volume_dir', 'clip_cache_dir', 'backup_dir', 'image_tar']) {
      expect(existsSync(sb.vars[key]!), key).toBe(true);
    }
    expect(existsSync(join(sb.vars.data_dir!, 'evaluation/summary.json'))).toBe(true);
    expect(sb.env.PATH!.split(':')[0]).toBe(join(sb.dir, 'bin'));
    const dir = sb.dir;
    const api = sb.vars.api_url!;
    await sb.stop();
    sb = undefined;
    expect(existsSync(dir)).toBe(false);
    await expect(fetch(`${api}/health`)).rejects.toThrow();
  });

  it('serves a healthy recommendation API', async () => {
    sb = await startSandbox();
    expect(await getJson(`${sb.vars.api_url}/health`)).toEqual({
      status: 200,
      body: { status: 'healthy', models_loaded: true, model_version: '20261127T030000', clip_source: 'local' },
    });
    const rec = await getJson(`${sb.vars.api_url}/recommend?user_id=u1`);
    expect(rec.status).toBe(200);
    expect((rec.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await getJson(`${sb.vars.api_url}/recommend`)).status).toBe(422);
    expect((await getJson(`${sb.vars.api_url}/metrics`)).body).toMatch(/recommendation_model_loaded\{version="20261127T030000"\} 1/);
    expect((await getJson(`${sb.vars.prometheus_url}/api/v1/query?query=min(up)`)).body).toMatchObject({ data: { result: [{ value: [expect.any(Number), '1'] }] } });
  });

  it('puts its own docker first on PATH; the shims stop working when the sandbox stops', async () => {
    sb = await startSandbox();
    const which = await sh(sb, 'command -v docker redis-cli sudo');
    expect(which.stdout.trim().split('\n')).toEqual(['docker', 'redis-cli', 'sudo'].map((t) => join(sb!.dir, 'bin', t)));
    expect((await sh(sb, 'docker version')).stdout).toMatch(/runbook sandbox, simulated/);
    // A copy of the shim outlives the sandbox's directory: it must fail plainly, never fall through to a real docker.
    const copy = join(mkdtempSync(join(tmpdir(), 'runbook-shim-')), 'docker');
    writeFileSync(copy, readFileSync(join(sb.dir, 'bin', 'docker')));
    const env = sb.env;
    await sb.stop();
    sb = undefined;
    const after = await sh({ env, vars: { project_dir: tmpdir() } } as unknown as Sandbox, `node ${copy} ps`);
    rmSync(join(copy, '..'), { recursive: true, force: true });
    expect(after.code).toBe(125);
    expect(after.stderr).toMatch(/sandbox is not running/);
  });

  it('a shim whose sandbox stopped says so in the language of whoever started it (en as before, zh-CN)', async () => {
    const said = { en: /^runbook sandbox: the sandbox is not running \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\n$/, 'zh-CN': /^runbook 沙箱：沙箱未在运行（connect ECONNREFUSED 127\.0\.0\.1:\d+）\n$/ };
    for (const lang of ['en', 'zh-CN'] as const) {
      // docker is simulated; cp, named by a fail-once fault, passes through to the real one: both ask the sandbox first.
      sb = await startSandbox({ lang, fault: 'fail-once:cp -p' });
      const copies = mkdtempSync(join(tmpdir(), 'runbook-shim-'));
      for (const tool of ['docker', 'cp']) writeFileSync(join(copies, tool), readFileSync(join(sb.dir, 'bin', tool)));
      const env = sb.env;
      await sb.stop();
      sb = undefined;
      for (const tool of ['docker', 'cp']) {
        const after = await sh({ env, vars: { project_dir: tmpdir() } } as unknown as Sandbox, `node ${join(copies, tool)} --version`);
        expect(after.code, tool).toBe(125);
        expect(after.stderr, tool).toMatch(said[lang]);
      }
      rmSync(copies, { recursive: true, force: true });
    }
  });
});

describe('docker compose', () => {
  it('down stops every service (health checks fail), up -d starts them again', async () => {
    sb = await startSandbox();
    expect((await sh(sb, 'docker compose ps --services')).stdout.split('\n')).toContain('mlflow');
    const down = await sh(sb, 'docker compose down');
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/recommend-mlflow-1 {2}Removed/);
    await expect(fetch(`${sb.vars.api_url}/health`)).rejects.toThrow();
    expect((await sh(sb, 'docker compose ps --services')).stdout).toBe('');
    expect((await sh(sb, 'docker compose up -d')).code).toBe(0);
    expect((await getJson(`${sb.vars.mlflow_url}/health`)).status).toBe(200);
    expect((await getJson(`${sb.vars.api_url}/health`)).status).toBe(200);
  });

  it('needs a compose project, like the real one', async () => {
    sb = await startSandbox();
    const r = await sh(sb, 'docker compose ps', tmpdir());
    expect(r.code).toBe(14);
    expect(r.stderr).toMatch(/no configuration file provided/);
    expect((await sh(sb, 'docker compose exec -T nope ls')).stderr).toMatch(/service "nope" is not running/);
  });

  it('runs airflow inside the webserver: trigger, list-runs, tasks state', async () => {
    sb = await startSandbox();
    const trigger = await sh(sb, `docker compose exec -T airflow-webserver airflow dags trigger recommendation_pipeline --conf '{"full_refresh": true}'`);
    expect(trigger.stdout).toMatch(/^Created <DagRun recommendation_pipeline @ .*manual__/);
    const runs = JSON.parse((await sh(sb, 'docker compose exec -T airflow-webserver airflow dags list-runs -d recommendation_pipeline -o json')).stdout) as { run_id: string; state: string }[];
    expect(runs[0]).toMatchObject({ run_id: expect.stringMatching(/^manual__/), state: 'success' });
    expect(runs).toHaveLength(4);
    const date = runs[1]!.run_id.replace('scheduled__', '');
    expect((await sh(sb, `docker compose exec -T airflow-webserver airflow tasks state recommendation_pipeline evaluate ${date}`)).stdout).toBe('success\n');
    expect((await sh(sb, 'docker compose exec -T airflow-webserver airflow tasks state recommendation_pipeline evaluate 1999-01-01T00:00:00+00:00')).stderr).toMatch(/DagRunNotFound/);
  });

  it('keeps redis data across a stop and start (dump.rdb in its volume)', async () => {
    sb = await startSandbox();
    expect((await sh(sb, 'redis-cli DBSIZE')).stdout).toBe('4\n');
    expect((await sh(sb, 'docker compose exec -T redis redis-cli SET k v')).stdout).toBe('OK\n');
    await sh(sb, 'docker compose stop redis');
    expect((await sh(sb, 'redis-cli PING')).stderr).toMatch(/Connection refused/);
    await sh(sb, 'docker compose start redis');
    expect((await sh(sb, 'redis-cli GET k')).stdout).toBe('v\n');
    expect((await sh(sb, 'redis-cli FLUSHALL && redis-cli DBSIZE')).stdout).toBe('OK\n0\n');
  });

  it('forwards alerts from Alertmanager to the notification-gateway, which logs them', async () => {
    sb = await startSandbox();
    const res = await fetch(`${sb.vars.alertmanager_url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'DiskFull' }, annotations: { summary: 'disk is full' } }]),
    });
    expect(res.status).toBe(200);
    expect(sb.state().alerts).toMatchObject([{ title: 'DiskFull', text: 'disk is full' }]);
    expect((await sh(sb, 'docker compose logs notification-gateway')).stdout).toMatch(/sent "DiskFull" to WeChat Work/);
  });
});

describe('faults', () => {
  it('mlflow-volume-owner: artifact writes fail with Permission denied until the volume is chowned', async () => {
    sb = await startSandbox({ fault: 'mlflow-volume-owner' });
    const put = () => fetch(`${sb!.vars.mlflow_url}/api/2.0/mlflow-artifacts/artifacts/x.txt`, { method: 'PUT', body: 'x' });
    const denied = await put();
    expect(denied.status).toBe(500);
    expect(await denied.text()).toMatch(/Permission denied/);
    expect((await sh(sb, `stat -c %u:%g ${sb.vars.volume_dir}`)).stdout).toBe('0:0\n');
    await sh(sb, `chown -R 50000:50000 ${sb.vars.volume_dir}`);
    expect((await put()).status).toBe(200);
  });

  it('data-dir-missing: the JSON directory is not visible in the Airflow container', async () => {
    sb = await startSandbox({ fault: 'data-dir-missing' });
    const ls = await sh(sb, 'docker compose exec -T airflow-webserver ls /opt/airflow/json_data');
    expect(ls.code).toBe(2);
    expect(ls.stderr).toMatch(/No such file or directory/);
    await sh(sb, `docker compose exec -T airflow-webserver airflow dags trigger recommendation_pipeline`);
    expect((await sh(sb, 'docker compose exec -T airflow-webserver airflow dags list-runs -d recommendation_pipeline -o plain')).stdout.split('\n')[0]).toMatch(/ failed /);
    expect((await sh(sb, 'docker compose logs airflow-scheduler')).stdout).toMatch(/JSON data directory not found/);
  });

  it('clip-cache-missing: the API downloads CLIP from Hugging Face', async () => {
    sb = await startSandbox({ fault: 'clip-cache-missing' });
    expect(existsSync(sb.vars.clip_cache_dir!)).toBe(false);
    expect((await getJson(`${sb.vars.api_url}/health`)).body).toMatchObject({ clip_source: 'huggingface' });
    expect((await sh(sb, 'docker compose logs recommendation-api')).stdout).toMatch(/huggingface\.co/);
  });

  it('api-unhealthy: /health says models are not loaded', async () => {
    sb = await startSandbox({ fault: 'api-unhealthy' });
    expect(await getJson(`${sb.vars.api_url}/health`)).toMatchObject({ status: 503, body: { status: 'unhealthy', models_loaded: false } });
    expect((await getJson(`${sb.vars.prometheus_url}/api/v1/targets`)).body).toMatchObject({ data: { activeTargets: expect.arrayContaining([expect.objectContaining({ health: 'down' })]) } });
  });

  it('task-fails: evaluate fails with feature names missing until build_features is rerun', async () => {
    sb = await startSandbox({ fault: 'task-fails' });
    const date = sb.state().dagRuns.at(-1)!.logical_date;
    const run = (task: string) => sh(sb!, `docker compose exec -T airflow-webserver airflow tasks run recommendation_pipeline ${task} ${date} --ignore-all-dependencies`);
    const failed = await run('evaluate');
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/Feature names missing/i);
    expect((await run('build_features')).code).toBe(0);
    expect((await run('evaluate')).code).toBe(0);
    expect(sb.state().dagRuns.at(-1)!.state).toBe('success');
  });

  it('weixin-credentials-invalid: the gateway is unhealthy and drops alerts', async () => {
    sb = await startSandbox({ fault: 'weixin-credentials-invalid' });
    expect((await getJson(`${sb.vars.gateway_url}/health`)).status).toBe(503);
    const sent = await fetch(`${sb.vars.gateway_url}/send`, { method: 'POST', body: JSON.stringify({ title: 't', message: 'm' }) });
    expect(sent.status).toBe(502);
    expect(sb.state().alerts).toEqual([]);
  });

  it('compose-up-fails and fail-once: the next matching command fails once, then works', async () => {
    sb = await startSandbox({ fault: 'compose-up-fails,fail-once:redis-cli PING,service-down:grafana' });
    expect((await sh(sb, 'docker compose up -d')).code).toBe(1);
    expect((await sh(sb, 'redis-cli PING')).code).toBe(1);
    expect((await sh(sb, 'redis-cli PING')).stdout).toBe('PONG\n');
    expect(sb.state().containers.grafana!.status).toBe('exited');
    expect((await sh(sb, 'docker compose up -d')).code).toBe(0);
    expect(sb.state().containers.grafana!.status).toBe('running');
  });

  it('rejects an unknown fault with a suggestion, in the user\'s language', async () => {
    const error = await startSandbox({ fault: 'mlflow-volume-owners', lang: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('unknown sandbox fault: mlflow-volume-owners (did you mean mlflow-volume-owner?)');
    expect((error as UserError).hint).toMatch(/known faults: mlflow-volume-owner, /);
    const zh = await startSandbox({ fault: 'no-such-thing', lang: 'zh-CN' }).catch((e: unknown) => e);
    expect((zh as UserError).message).toBe('未知的沙箱故障：no-such-thing');
  });
});

describe('owners without root', () => {
  it('simulates chown and stat in the state file when owners are simulated', async () => {
    process.env.RUNBOOK_SANDBOX_SIMULATE_OWNERS = '1';
    try {
      sb = await startSandbox({ fault: 'mlflow-volume-owner' });
      expect(existsSync(join(sb.dir, 'bin', 'chown'))).toBe(true);
      expect(sb.vars.owners_simulated).toBe('true');
      expect((await sh(sb, `stat -c %u:%g ${sb.vars.volume_dir}`)).stdout).toBe('0:0\n');
      expect((await sh(sb, `chown -R 50000:50000 ${sb.vars.volume_dir} && find ${sb.vars.volume_dir} -exec stat -c %u:%g {} + | sort -u`)).stdout).toBe('50000:50000\n');
      expect((await sh(sb, 'chown 1:1 /etc/hostname')).stderr).toMatch(/Operation not permitted/);
      const put = await fetch(`${sb.vars.mlflow_url}/api/2.0/mlflow-artifacts/artifacts/x.txt`, { method: 'PUT', body: 'x' });
      expect(put.status).toBe(200);
    } finally {
      delete process.env.RUNBOOK_SANDBOX_SIMULATE_OWNERS;
    }
  });
});
