// The simulated tools persist as the real ones do: redis and dump.rdb, volumes and containers' own layers, Airflow and MLflow state.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ownerOf, simulatedOwners } from '../../src/sandbox/owners.js';
import { timings } from '../../src/sandbox/world.js';
import { getJson, sh } from './helpers.js';

timings.startupMs = 0;
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const dump = (s: Sandbox) => JSON.parse(readFileSync(join(s.vars.redis_volume_dir!, 'dump.rdb'), 'utf8')) as Record<string, string>;
const redis = (s: Sandbox, command: string) => sh(s, `docker compose exec -T redis redis-cli ${command}`);
const airflow = (s: Sandbox, command: string) => sh(s, `docker compose exec -T airflow-webserver airflow ${command}`);

describe('redis persists through dump.rdb in its volume, as redis:7 with save points does', () => {
  it('FLUSHALL saves at once: dump.rdb is empty, and a restart brings nothing back', async () => {
    sb = await startSandbox();
    expect(Object.keys(dump(sb))).toHaveLength(4);
    expect((await redis(sb, 'FLUSHALL')).stdout).toBe('OK\n');
    expect(dump(sb)).toEqual({});
    await sh(sb, 'docker compose restart redis');
    expect((await redis(sb, 'DBSIZE')).stdout).toBe('0\n');
  });

  it('FLUSHDB and SET do not save; a stop saves, a kill loses what was not saved', async () => {
    sb = await startSandbox();
    await redis(sb, 'SET k v');
    expect(dump(sb).k).toBeUndefined();
    await sh(sb, 'docker compose kill redis && docker compose start redis');
    expect((await redis(sb, 'EXISTS k')).stdout).toBe('0\n');
    expect((await redis(sb, 'FLUSHDB')).stdout).toBe('OK\n');
    expect(Object.keys(dump(sb))).toHaveLength(4);
    await sh(sb, 'docker compose stop redis && docker compose start redis');
    expect((await redis(sb, 'DBSIZE')).stdout).toBe('0\n');
  });

  it('SAVE and BGSAVE write dump.rdb; LASTSAVE and CONFIG GET answer as redis does', async () => {
    sb = await startSandbox();
    await redis(sb, 'SET k v');
    expect((await redis(sb, 'BGSAVE')).stdout).toBe('Background saving started\n');
    expect(dump(sb).k).toBe('v');
    expect(Number((await redis(sb, 'LASTSAVE')).stdout)).toBeGreaterThan(1_600_000_000);
    expect((await redis(sb, 'CONFIG GET dbfilename')).stdout).toBe('dbfilename\ndump.rdb\n');
    expect((await redis(sb, 'CONFIG SET save ""')).code).toBe(1);
  });

  it('starts empty when dump.rdb is gone, and refuses to start from a file it cannot read', async () => {
    sb = await startSandbox();
    await sh(sb, 'docker compose stop redis');
    rmSync(join(sb.vars.redis_volume_dir!, 'dump.rdb'));
    await sh(sb, 'docker compose start redis');
    expect((await redis(sb, 'DBSIZE')).stdout).toBe('0\n');
    await sh(sb, 'docker compose stop redis');
    writeFileSync(join(sb.vars.redis_volume_dir!, 'dump.rdb'), 'garbage');
    await sh(sb, 'docker compose start redis');
    expect(sb.state().containers.redis!.status).toBe('exited');
    expect((await sh(sb, 'docker compose logs redis')).stdout).toMatch(/Wrong signature trying to load DB/);
  });

  it('`--rdb` writes where the path is in the container: the volume (/data) stays, the container layer (/tmp) goes with the container', async () => {
    sb = await startSandbox();
    expect((await redis(sb, '--rdb /data/snap.rdb')).code).toBe(0);
    expect((await redis(sb, '--rdb /tmp/snap.rdb')).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(sb.vars.redis_volume_dir!, 'snap.rdb'), 'utf8')) as object)).toHaveLength(4);
    expect((await sh(sb, 'docker compose exec -T redis ls /tmp')).stdout).toBe('snap.rdb\n');
    await sh(sb, 'docker compose restart redis');
    expect((await sh(sb, 'docker compose exec -T redis ls /tmp')).stdout).toBe('snap.rdb\n');
    await sh(sb, 'docker compose down && docker compose up -d');
    expect((await sh(sb, 'docker compose exec -T redis ls /tmp')).code).toBe(2);
    expect(existsSync(join(sb.vars.redis_volume_dir!, 'snap.rdb'))).toBe(true);
  });
});

describe('docker volumes and compose down/up', () => {
  it('down keeps the named volumes; down -v removes them and up creates them empty', async () => {
    sb = await startSandbox();
    await sh(sb, 'docker compose down && docker compose up -d');
    expect((await redis(sb, 'DBSIZE')).stdout).toBe('4\n');
    expect((await sh(sb, 'docker volume ls -q')).stdout).toBe('recommend_mlflow-data\nrecommend_postgres-airflow-data\nrecommend_redis-data\n');
    const down = await sh(sb, 'docker compose down -v');
    expect(down.stderr).toMatch(/Volume recommend_redis-data {2}Removed/);
    expect(existsSync(sb.vars.volume_dir!)).toBe(false);
    expect((await sh(sb, 'docker compose up -d')).stderr).toMatch(/Volume "recommend_redis-data" {2}Created/);
    expect((await redis(sb, 'DBSIZE')).stdout).toBe('0\n');
    // Postgres initialises an empty data directory: Airflow's runs and MLflow's runs are gone with the volume.
    expect(JSON.parse((await airflow(sb, 'dags list-runs -d recommendation_pipeline -o json')).stdout)).toEqual([]);
    expect((await getJson(`${sb.vars.mlflow_url}/api/2.0/mlflow/runs/get?run_id=a1b2c3d4e5f6`)).status).toBe(404);
  });

  it('docker volume rm refuses a volume a container uses, even a stopped one', async () => {
    sb = await startSandbox();
    await sh(sb, 'docker compose stop redis');
    const refused = await sh(sb, 'docker volume rm recommend_redis-data');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/volume is in use - \[recommend-redis-1\]/);
    await sh(sb, 'docker compose rm -f redis');
    expect((await sh(sb, 'docker volume rm recommend_redis-data')).code).toBe(0);
    expect(existsSync(sb.vars.redis_volume_dir!)).toBe(false);
  });

  it('docker cp copies out of and into a container, through its mounts', async () => {
    sb = await startSandbox();
    const out = join(sb.vars.backup_dir!, 'dump.rdb');
    expect((await sh(sb, `docker cp recommend-redis-1:/data/dump.rdb ${out}`)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty(['exp:slot:homepage'], 'B');
    expect((await sh(sb, `docker cp ${out} recommend-redis-1:/data/copy.rdb`)).code).toBe(0);
    expect(existsSync(join(sb.vars.redis_volume_dir!, 'copy.rdb'))).toBe(true);
  });

  it('an image a stopped container uses cannot be removed without -f', async () => {
    sb = await startSandbox();
    await sh(sb, 'docker compose stop redis');
    expect((await sh(sb, 'docker image rm redis:7.2')).stderr).toMatch(/must force/);
    expect((await sh(sb, 'docker image rm -f redis:7.2')).code).toBe(0);
  });
});

describe('Airflow and MLflow keep their state where the real ones do', () => {
  it('airflow needs its metadata database; a triggered run waits for a running scheduler', async () => {
    sb = await startSandbox({ fault: 'service-down:airflow-scheduler' });
    expect((await airflow(sb, 'dags trigger recommendation_pipeline -r manual__t1')).code).toBe(0);
    const state = async () => (JSON.parse((await airflow(sb!, 'dags list-runs -d recommendation_pipeline -o json')).stdout) as { run_id: string; state: string }[]).find((r) => r.run_id === 'manual__t1')?.state;
    expect(await state()).toBe('queued');
    await sh(sb, 'docker compose start airflow-scheduler');
    expect(await state()).toBe('success');
    await sh(sb, 'docker compose stop postgres-airflow');
    const down = await airflow(sb, 'dags list-runs -d recommendation_pipeline');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/connection to server at "postgres-airflow".*Connection refused/);
    expect((await getJson(`${sb.vars.mlflow_url}/api/2.0/mlflow/runs/get?run_id=a1b2c3d4e5f6`)).status).toBe(500);
  });

  it('a task rerun writes its output: evaluate rewrites data/evaluation/summary.json', async () => {
    sb = await startSandbox({ fault: 'task-fails' });
    const date = sb.state().dagRuns.at(-1)!.logical_date;
    await airflow(sb, `tasks run recommendation_pipeline build_features ${date} --ignore-all-dependencies`);
    expect((await airflow(sb, `tasks run recommendation_pipeline evaluate ${date} --ignore-all-dependencies`)).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(sb.vars.data_dir!, 'evaluation/summary.json'), 'utf8')) as { run_id: string };
    expect(summary.run_id).toBe(sb.state().dagRuns.at(-1)!.run_id);
  });

  it('an artifact PUT is a file in the volume, owned by the MLflow user, until it is deleted', async () => {
    sb = await startSandbox();
    const url = `${sb.vars.mlflow_url}/api/2.0/mlflow-artifacts/artifacts/checks/write.txt`;
    expect((await fetch(url, { method: 'PUT', body: 'hello' })).status).toBe(200);
    const file = join(sb.vars.volume_dir!, 'checks/write.txt');
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(ownerOf(sb.state(), simulatedOwners(), file)).toBe('50000:50000');
    expect(await (await fetch(url)).text()).toBe('hello');
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200);
    expect(existsSync(file)).toBe(false);
  });

  it('a file touched in a container is there afterwards (on its mount)', async () => {
    sb = await startSandbox();
    expect((await sh(sb, 'docker compose exec -T airflow-webserver touch /opt/airflow/models/.probe')).code).toBe(0);
    expect(ownerOf(sb.state(), simulatedOwners(), join(sb.vars.models_dir!, '.probe'))).toBe('50000:50000');
    expect((await sh(sb, 'docker compose exec -T airflow-webserver rm /opt/airflow/models/.probe')).code).toBe(0);
    expect(existsSync(join(sb.vars.models_dir!, '.probe'))).toBe(false);
  });
});

describe('fail-once faults for any command', () => {
  it('fail the matching call of a real tool (a `*` matches inside a word), and run the real tool otherwise', async () => {
    sb = await startSandbox({ fault: 'fail-once:cp -p * */b.txt' });
    const dir = sb.vars.backup_dir!;
    writeFileSync(join(dir, 'a.txt'), 'a');
    expect((await sh(sb, 'cp -p a.txt c.txt', dir)).code).toBe(0);
    const failed = await sh(sb, 'cp -p a.txt "$PWD/b.txt"', dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/simulated failure of `cp -p .*\/b\.txt`/);
    expect(existsSync(join(dir, 'b.txt'))).toBe(false);
    expect((await sh(sb, 'cp -p a.txt "$PWD/b.txt"', dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('a');
  });

  it('fail the next matching request to a simulated service with 500', async () => {
    sb = await startSandbox({ fault: 'fail-once:POST /api/2.0/mlflow/runs/restore' });
    const restore = () => fetch(`${sb!.vars.mlflow_url}/api/2.0/mlflow/runs/restore`, { method: 'POST', body: JSON.stringify({ run_id: 'a1b2c3d4e5f6' }) });
    expect((await restore()).status).toBe(500);
    expect((await restore()).status).toBe(200);
  });
});
