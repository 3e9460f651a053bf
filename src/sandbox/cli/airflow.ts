// Simulated `airflow` CLI inside the Airflow containers: dags list/list-runs/trigger/state, tasks run/test/state/list.
import { DAG_ID, DAG_TASKS } from '../paths.js';
import { log, type DagRun } from '../state.js';
import { advanceDagRuns, findRun, isoNow, METADATA_DB_DOWN, metadataDbUp, newDagRun, runTask, timings } from '../world.js';
import { fail, lines, ok, table, type CliContext, type CliResult } from './result.js';

function option(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(n + '=')) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

/** Positional arguments, skipping options and their values. */
function positionals(args: string[], withValue: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (withValue.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const VALUE_OPTS = ['-d', '--dag-id', '-o', '--output', '--state', '-c', '--conf', '-r', '--run-id', '-e', '--exec-date', '-S', '--subdir'];

function runRow(r: DagRun): Record<string, string> {
  return { dag_id: r.dag_id, run_id: r.run_id, state: r.state, execution_date: r.logical_date, start_date: r.start_date, end_date: r.end_date ?? '' };
}

function noDag(id: string | undefined): CliResult {
  return fail(`airflow.exceptions.AirflowException: Dag id ${id ?? '(none)'} not found in DagModel`);
}

function dagRunNotFound(date: string): CliResult {
  return fail(`airflow.exceptions.DagRunNotFound: DagRun for ${DAG_ID} with run_id or execution_date of '${date}' not found`);
}

function dags(ctx: CliContext, sub: string | undefined, args: string[]): CliResult {
  const output = option(args, '-o', '--output') ?? 'table';
  if (sub === 'list') {
    if (output === 'json') return ok(JSON.stringify([{ dag_id: DAG_ID, fileloc: '/opt/airflow/dags/recommendation_pipeline.py', owners: 'recsys', is_paused: 'False' }]) + '\n');
    return ok(table(['dag_id', 'fileloc', 'owners', 'is_paused'], [[DAG_ID, '/opt/airflow/dags/recommendation_pipeline.py', 'recsys', 'False']], ' | '));
  }
  if (sub === 'list-runs') {
    const dag = option(args, '-d', '--dag-id');
    if (dag !== DAG_ID) return noDag(dag);
    const wanted = option(args, '--state');
    const runs = [...ctx.state.dagRuns].filter((r) => !wanted || r.state === wanted).sort((a, b) => Date.parse(b.logical_date) - Date.parse(a.logical_date));
    if (output === 'json') return ok(JSON.stringify(runs.map(runRow)) + '\n');
    if (output === 'plain') return ok(lines(runs.map((r) => Object.values(runRow(r)).join(' '))));
    return ok(table(['dag_id', 'run_id', 'state', 'execution_date', 'start_date', 'end_date'], runs.map((r) => Object.values(runRow(r))), ' | '));
  }
  if (sub === 'trigger') {
    const [dag] = positionals(args, VALUE_OPTS);
    if (dag !== DAG_ID) return noDag(dag);
    let conf: Record<string, unknown> = {};
    const confText = option(args, '-c', '--conf');
    if (confText !== undefined) {
      try {
        conf = JSON.parse(confText) as Record<string, unknown>;
      } catch {
        return fail(`json.decoder.JSONDecodeError: Expecting value: --conf ${confText}`);
      }
    }
    const now = Date.now();
    const date = option(args, '-e', '--exec-date') ?? new Date(now).toISOString().replace('Z', '+00:00');
    const runId = option(args, '-r', '--run-id') ?? `manual__${date}`;
    if (ctx.state.dagRuns.some((r) => r.run_id === runId)) return fail(`airflow.exceptions.DagRunAlreadyExists: A DAG Run already exists for DAG ${DAG_ID} with run id ${runId}`);
    const run = newDagRun(date, runId, conf, now, now + timings.dagRunMs);
    ctx.state.dagRuns.push(run);
    log(ctx.state, 'airflow-scheduler', `[${runId}] queued (conf ${JSON.stringify(conf)})`);
    if (output === 'json') return ok(JSON.stringify({ dag_id: DAG_ID, dag_run_id: runId, logical_date: date, state: 'queued', conf }) + '\n');
    return ok(`Created <DagRun ${DAG_ID} @ ${date}: ${runId}, state:queued, queued_at: ${isoNow(now)}. externally triggered: True>\n`);
  }
  if (sub === 'state') {
    const [dag, date] = positionals(args, VALUE_OPTS);
    if (dag !== DAG_ID) return noDag(dag);
    const run = findRun(ctx.state, date ?? '');
    return run ? ok(`${run.state}\n`) : dagRunNotFound(date ?? '');
  }
  return fail(`airflow dags command error: argument DAGS_COMMAND: invalid choice: '${sub ?? ''}' (choose from 'list', 'list-runs', 'state', 'trigger')`, 2);
}

function tasks(ctx: CliContext, sub: string | undefined, args: string[]): CliResult {
  if (sub === 'list') {
    const [dag] = positionals(args, VALUE_OPTS);
    return dag === DAG_ID ? ok(lines([...DAG_TASKS])) : noDag(dag);
  }
  const [dag, task, date] = positionals(args, VALUE_OPTS);
  if (dag !== DAG_ID) return noDag(dag);
  if (!task || !(DAG_TASKS as readonly string[]).includes(task)) return fail(`airflow.exceptions.TaskNotFound: Task ${task ?? ''} not found`);
  const run = findRun(ctx.state, date ?? '');
  if (!run) return dagRunNotFound(date ?? '');
  if (sub === 'state') return ok(`${run.tasks[task] ?? 'none'}\n`);
  if (sub !== 'run' && sub !== 'test') {
    return fail(`airflow tasks command error: argument TASKS_COMMAND: invalid choice: '${sub ?? ''}' (choose from 'list', 'run', 'state', 'test')`, 2);
  }
  const upstream = DAG_TASKS.slice(0, DAG_TASKS.indexOf(task as (typeof DAG_TASKS)[number]));
  if (sub === 'run' && !args.includes('--ignore-all-dependencies') && !args.includes('-A')) {
    const blocked = upstream.filter((t) => run.tasks[t] !== 'success');
    if (blocked.length) return ok(`[${isoNow()}] {taskinstance.py} INFO - Dependencies not met for <TaskInstance: ${DAG_ID}.${task} ${run.run_id}>: upstream tasks ${blocked.join(', ')} not successful\n`);
  }
  const result = runTask(ctx.state, ctx.paths, task, run);
  const prefix = `[${isoNow()}] {taskinstance.py}`;
  const out = [`${prefix} INFO - Running <TaskInstance: ${DAG_ID}.${task} ${run.run_id} [running]>`, ...result.log.map((l) => `${prefix} ${result.status === 'failed' ? 'ERROR' : 'INFO'} - ${l}`)];
  if (sub === 'run') {
    run.tasks[task] = result.status;
    log(ctx.state, 'airflow-scheduler', `[${run.run_id}] ${task} rerun by hand: ${result.status}`);
    const states = DAG_TASKS.map((t) => run.tasks[t]);
    if (states.every((s) => s === 'success')) run.state = 'success';
    else if (result.status === 'failed') run.state = 'failed';
    else if (run.state === 'failed' && !states.includes('failed')) run.state = 'running';
    // Downstream tasks that had not run because of this one are retried by the scheduler later; simulate it at once.
    if (result.status === 'success' && run.state === 'running') advanceDownstream(ctx, run, task);
  }
  if (result.status === 'failed') return fail(lines([...out, `${prefix} INFO - Marking task as FAILED. dag_id=${DAG_ID}, task_id=${task}`]).trimEnd(), 1);
  return ok(lines([...out, `${prefix} INFO - Marking task as SUCCESS. dag_id=${DAG_ID}, task_id=${task}`]));
}

function advanceDownstream(ctx: CliContext, run: DagRun, task: string): void {
  const after = DAG_TASKS.slice(DAG_TASKS.indexOf(task as (typeof DAG_TASKS)[number]) + 1);
  for (const t of after) {
    if (run.tasks[t] !== 'upstream_failed' && run.tasks[t] !== 'none') continue;
    const r = runTask(ctx.state, ctx.paths, t, run);
    run.tasks[t] = r.status;
    if (r.status === 'failed') break;
  }
  const states = DAG_TASKS.map((t) => run.tasks[t]);
  if (states.every((s) => s === 'success')) run.state = 'success';
}

export function airflowCli(ctx: CliContext, argv: string[]): CliResult {
  const [group, sub, ...args] = argv;
  if (group === 'version') return ok('2.9.3\n');
  // DAG runs and task states live in the metadata database (postgres-airflow), not in the Airflow containers.
  if (!metadataDbUp(ctx.state)) return fail(METADATA_DB_DOWN);
  advanceDagRuns(ctx.state, ctx.paths);
  if (group === 'dags') return dags(ctx, sub, args);
  if (group === 'tasks') return tasks(ctx, sub, args);
  return fail(`airflow command error: argument GROUP_OR_COMMAND: invalid choice: '${group ?? ''}'`, 2);
}
