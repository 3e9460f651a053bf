// Commands run inside simulated containers (`docker compose exec`): airflow, redis-cli, pg_dump, mlflow gc, ls/test/cat/touch/env.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostPathFor } from '../compose.js';
import { ownerOf } from '../owners.js';
import { CONTAINER_OWNER } from '../paths.js';
import { log, type ContainerState } from '../state.js';
import { airflowCli } from './airflow.js';
import { redisCli } from './redis.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

/** The user a service's processes run as (Airflow's 50000; others root, except mlflow which runs as 50000 too). */
function runsAsContainerUser(service: string): boolean {
  return service.startsWith('airflow') || service === 'mlflow' || service === 'recommendation-api';
}

function canWrite(ctx: CliContext, service: string, user: string | undefined, hostPath: string): boolean {
  if (user === 'root' || user === '0' || (!user && !runsAsContainerUser(service))) return true;
  return ownerOf(ctx.state, ctx.simulateOwners, hostPath) === CONTAINER_OWNER;
}

function fsCommand(ctx: CliContext, service: string, c: ContainerState, user: string | undefined, argv: string[]): CliResult {
  const [cmd, ...rest] = argv;
  const files = rest.filter((a) => !a.startsWith('-'));
  const host = (p: string) => hostPathFor(c.mounts, p);
  switch (cmd) {
    case 'ls': {
      const out: string[] = [];
      for (const p of files.length ? files : ['/']) {
        const h = host(p);
        if (!h || !existsSync(h)) return fail(`ls: cannot access '${p}': No such file or directory`, 2, lines(out));
        out.push(...(statSync(h).isDirectory() ? readdirSync(h).sort() : [p]));
      }
      return ok(lines(out));
    }
    case 'cat': {
      let out = '';
      for (const p of files) {
        const h = host(p);
        if (!h || !existsSync(h)) return fail(`cat: ${p}: No such file or directory`, 1, out);
        out += readFileSync(h, 'utf8');
      }
      return ok(out);
    }
    case 'test': {
      const [flag, p = ''] = rest;
      const h = host(p);
      const exists = !!h && existsSync(h);
      if (flag === '-d') return { stdout: '', stderr: '', code: exists && statSync(h).isDirectory() ? 0 : 1 };
      if (flag === '-e' || flag === '-r') return { stdout: '', stderr: '', code: exists ? 0 : 1 };
      if (flag === '-w') return { stdout: '', stderr: '', code: exists && canWrite(ctx, service, user, h) ? 0 : 1 };
      return fail(`test: unsupported in the sandbox: ${rest.join(' ')}`, 2);
    }
    case 'touch': {
      // Checks permission only; the sandbox does not leave the file behind.
      for (const p of files) {
        const h = host(p);
        const parent = h ? dirname(h) : undefined;
        if (!h || !parent || !existsSync(parent)) return fail(`touch: cannot touch '${p}': No such file or directory`);
        if (!canWrite(ctx, service, user, existsSync(h) ? h : parent)) return fail(`touch: cannot touch '${p}': Permission denied`);
      }
      return ok();
    }
    case 'env':
    case 'printenv':
      if (files.length) return ok(lines(files.map((k) => c.env[k] ?? '')));
      return ok(lines(Object.entries(c.env).map(([k, v]) => `${k}=${v}`)));
    default:
      return fail(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd ?? ''}": executable file not found in $PATH`, 126);
  }
}

function mlflowCli(ctx: CliContext, argv: string[]): CliResult {
  if (argv[0] !== 'gc') return fail(`Usage: mlflow [OPTIONS] COMMAND [ARGS]...\nError: No such command '${argv[0] ?? ''}'.`, 2);
  const i = argv.indexOf('--run-ids');
  const ids = i >= 0 ? (argv[i + 1] ?? '').split(',').filter(Boolean) : ctx.state.mlflowRuns.filter((r) => r.lifecycle_stage === 'deleted').map((r) => r.run_id);
  const out: string[] = [];
  for (const id of ids) {
    const run = ctx.state.mlflowRuns.find((r) => r.run_id === id);
    if (!run) return fail(`mlflow.exceptions.MlflowException: Run '${id}' not found`);
    if (run.lifecycle_stage !== 'deleted') return fail(`mlflow.exceptions.MlflowException: Run ${id} is not in \`deleted\` lifecycle stage. Only runs in \`deleted\` lifecycle stage can be deleted.`);
    rmSync(join(ctx.paths.mlflowVolume, run.experiment_id, run.run_id), { recursive: true, force: true });
    ctx.state.mlflowRuns = ctx.state.mlflowRuns.filter((r) => r.run_id !== id);
    out.push(`Run with ID ${id} has been permanently deleted.`);
  }
  log(ctx.state, 'mlflow', `INFO  gc removed ${ids.length} run(s)`);
  return ok(lines(out));
}

export function execInContainer(ctx: CliContext, service: string, user: string | undefined, argv: string[]): CliResult {
  const c = ctx.state.containers[service];
  if (!c || c.status !== 'running') return fail(`service "${service}" is not running`);
  const [cmd, ...rest] = argv;
  if (cmd === 'airflow' && service.startsWith('airflow')) return airflowCli(ctx, rest);
  if (cmd === 'redis-cli' && service === 'redis') return redisCli(ctx, rest, (p) => hostPathFor(c.mounts, p));
  if (cmd === 'pg_isready' && service === 'postgres-airflow') return ok('/var/run/postgresql:5432 - accepting connections\n');
  if (cmd === 'pg_dump' && service === 'postgres-airflow') {
    const runs = ctx.state.dagRuns.map((r) => `${r.dag_id}\t${r.run_id}\t${r.state}\t${r.logical_date}`);
    return ok(`-- SANDBOX PostgreSQL database dump (simulated)\nCOPY public.dag_run (dag_id, run_id, state, execution_date) FROM stdin;\n${lines(runs)}\\.\n`);
  }
  if (cmd === 'mlflow' && service === 'mlflow') return mlflowCli(ctx, rest);
  if (cmd === 'sh' || cmd === 'bash') return fail('the sandbox does not simulate shells inside containers; call the command directly', 126);
  return fsCommand(ctx, service, c, user, argv);
}
