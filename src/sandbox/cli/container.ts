// Commands run inside simulated containers (`docker compose exec`): airflow, redis-cli, pg_dump, mlflow gc, and file commands.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathInContainer } from '../container-fs.js';
import { log } from '../state.js';
import { METADATA_DB_DOWN, metadataDbUp } from '../world.js';
import { airflowCli } from './airflow.js';
import { fileCommand } from './container-files.js';
import { redisCli } from './redis.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

function mlflowCli(ctx: CliContext, argv: string[]): CliResult {
  if (argv[0] === 'gc' && !metadataDbUp(ctx.state)) return fail(METADATA_DB_DOWN);
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
  if (cmd === 'redis-cli' && service === 'redis') return redisCli(ctx, rest, (p) => pathInContainer(ctx.paths, service, c, p.startsWith('/') ? p : `/data/${p}`));
  if (cmd === 'pg_isready' && service === 'postgres-airflow') return ok('/var/run/postgresql:5432 - accepting connections\n');
  if (cmd === 'pg_dump' && service === 'postgres-airflow') {
    const runs = ctx.state.dagRuns.map((r) => `${r.dag_id}\t${r.run_id}\t${r.state}\t${r.logical_date}`);
    return ok(`-- SANDBOX PostgreSQL database dump (simulated)\nCOPY public.dag_run (dag_id, run_id, state, execution_date) FROM stdin;\n${lines(runs)}\\.\n`);
  }
  if (cmd === 'mlflow' && service === 'mlflow') return mlflowCli(ctx, rest);
  if (cmd === 'sh' || cmd === 'bash') return fail('the sandbox does not simulate shells inside containers; call the command directly', 126);
  return fileCommand({ ctx, service, c, user }, argv);
}
