// Simulated `docker compose` (and compose v1): ps, up, down [-v] [--rmi all], stop, kill, rm, start, restart, logs, exec, config.
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { composeFiles, loadProject, type ServiceConfig } from '../compose.js';
import { containerName, removeContainerLayer } from '../container-fs.js';
import { takeFailOnce } from '../faults.js';
import { COMPOSE_PROJECT } from '../paths.js';
import { prepareMounts, removeVolume, volumesOf } from '../volumes.js';
import { startContainer, stopContainer } from '../world.js';
import { execInContainer } from './container.js';
import { fail, lines, ok, table, type CliContext, type CliResult } from './result.js';

interface ComposeCall {
  project: Map<string, ServiceConfig>;
  sub: string;
  args: string[];
}

function parseCompose(ctx: CliContext, argv: string[]): ComposeCall | CliResult {
  const files: string[] = [];
  let workdir = ctx.cwd;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-f' || a === '--file') files.push(resolve(ctx.cwd, argv[++i] ?? ''));
    else if (a === '--project-directory') workdir = resolve(ctx.cwd, argv[++i] ?? '');
    else if (a === '-p' || a === '--project-name' || a === '--env-file' || a === '--profile' || a === '--ansi') i++;
    else if (a.startsWith('-')) continue;
    else break;
  }
  const sub = argv[i];
  if (!sub) return fail('Usage:  docker compose [OPTIONS] COMMAND', 1);
  const chosen = files.length ? files : composeFiles(workdir, ctx.env);
  if (!chosen) return fail('no configuration file provided: not found', 14);
  if (!chosen.every((f) => f.startsWith(ctx.paths.project + '/'))) {
    return fail(`the sandbox only simulates the compose project in ${ctx.paths.project}; got ${chosen.join(', ')}`);
  }
  try {
    return { project: loadProject(ctx.paths, chosen), sub, args: argv.slice(i + 1) };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 15);
  }
}
function targets(call: ComposeCall, names: string[]): string[] | CliResult {
  for (const n of names) if (!call.project.has(n)) return fail(`no such service: ${n}`);
  return names.length ? names : [...call.project.keys()];
}
const serviceArgs = (args: string[], valueOpts: string[] = []) => {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (valueOpts.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
};

const sorted = (env: Record<string, string>) => JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
const sameConfig = (c: { image: string; env: Record<string, string>; mounts: string[] }, cfg: ServiceConfig) =>
  c.image === cfg.image && sorted(c.env) === sorted(cfg.env) && JSON.stringify([...c.mounts].sort()) === JSON.stringify([...cfg.mounts].sort());

/** Removes a service's container (its own layer with it); a running one is stopped first. */
function removeContainer(ctx: CliContext, service: string): void {
  stopContainer(ctx.state, ctx.paths, service);
  delete ctx.state.containers[service];
  removeContainerLayer(ctx.paths, service);
}

function up(ctx: CliContext, call: ComposeCall): CliResult {
  const names = targets(call, serviceArgs(call.args, ['--scale', '-t', '--timeout', '--wait-timeout']));
  if (!Array.isArray(names)) return names;
  const force = call.args.includes('--force-recreate');
  const err: string[] = [];
  for (const n of names) {
    const cfg = call.project.get(n)!;
    if (!ctx.state.images.includes(cfg.image)) {
      return fail(lines([...err, ` ${n} Error pull access denied for ${cfg.image.split(':')[0]}, repository does not exist or may require 'docker login'`]));
    }
    const c = ctx.state.containers[n];
    if (c && !force && sameConfig(c, cfg)) {
      if (c.status === 'running') err.push(` Container ${containerName(n)}  Running`);
      else {
        // The same configuration: compose starts the existing container, its own layer kept.
        startContainer(ctx.state, ctx.paths, { name: n, image: c.image, env: c.env, mounts: c.mounts });
        err.push(` Container ${containerName(n)}  Started`);
      }
      continue;
    }
    if (c) removeContainer(ctx, n);
    for (const volume of prepareMounts(ctx.paths, cfg)) err.push(` Volume "${volume}"  Created`);
    startContainer(ctx.state, ctx.paths, cfg);
    err.push(` Container ${containerName(n)}  ${c ? 'Recreated' : 'Created'}`, ` Container ${containerName(n)}  Started`);
  }
  return ok('', lines(err));
}

/** `down [-v|--volumes] [--rmi all]`: every container of the project removed; its named volumes only with -v. */
function down(ctx: CliContext, call: ComposeCall): CliResult {
  const err: string[] = [];
  const services = [...call.project.keys()];
  for (const n of services) {
    if (!ctx.state.containers[n]) continue;
    removeContainer(ctx, n);
    err.push(` Container ${containerName(n)}  Removed`);
  }
  if (call.args.includes('-v') || call.args.includes('--volumes')) {
    const volumes = new Set([...call.project.values()].flatMap((cfg) => volumesOf(ctx.paths, cfg)));
    for (const v of volumes) {
      removeVolume(ctx.paths, v);
      err.push(` Volume ${v}  Removed`);
    }
  }
  const rmi = call.args.indexOf('--rmi');
  if (rmi >= 0 && call.args[rmi + 1] === 'all') {
    const images = new Set([...call.project.values()].map((cfg) => cfg.image));
    ctx.state.images = ctx.state.images.filter((i) => !images.has(i));
    for (const i of images) err.push(` Image ${i}  Removed`);
  }
  return ok('', lines(err));
}

/** `stop` (SIGTERM: redis saves), `kill` (SIGKILL: it does not), `rm` (stopped containers; `-s` stops them first). */
function stopKillRm(ctx: CliContext, call: ComposeCall): CliResult {
  const { sub, args } = call;
  const names = targets(call, serviceArgs(args, ['-t', '--timeout', '-s', '--signal']));
  if (!Array.isArray(names)) return names;
  const err: string[] = [];
  for (const n of names) {
    const c = ctx.state.containers[n];
    if (!c) continue;
    if (sub === 'rm') {
      if (c.status === 'running' && !args.includes('-s') && !args.includes('--stop')) continue;
      removeContainer(ctx, n);
      err.push(` Container ${containerName(n)}  Removed`);
      continue;
    }
    if (c.status !== 'running') continue;
    const signal = sub === 'kill' && !/^(SIG)?TERM$/.test(args[args.indexOf('-s') + 1] ?? '') ? 'KILL' : 'TERM';
    stopContainer(ctx.state, ctx.paths, n, signal);
    err.push(` Container ${containerName(n)}  ${sub === 'kill' ? 'Killed' : 'Stopped'}`);
  }
  return ok('', lines(err));
}

function ps(ctx: CliContext, call: ComposeCall): CliResult {
  const names = targets(call, serviceArgs(call.args, ['--status', '--format', '--filter']));
  if (!Array.isArray(names)) return names;
  const all = call.args.includes('-a') || call.args.includes('--all');
  const fmtIdx = call.args.indexOf('--format');
  const format = fmtIdx >= 0 ? call.args[fmtIdx + 1] : undefined;
  const statusIdx = call.args.indexOf('--status');
  const wanted = statusIdx >= 0 ? call.args[statusIdx + 1] : undefined;
  const rows = names
    .map((n) => ({ n, c: ctx.state.containers[n] }))
    .filter(({ c }) => c && (wanted ? c.status === wanted : all || c.status === 'running'));
  if (call.args.includes('--services')) return ok(lines(rows.map(({ n }) => n)));
  const status = (c: { status: string; startedAt: number }) => (c.status === 'running' ? `Up ${Math.max(1, Math.round((Date.now() - c.startedAt) / 1000))} seconds` : 'Exited (0) 1 second ago');
  if (format === 'json') {
    return ok(lines(rows.map(({ n, c }) => JSON.stringify({ Name: containerName(n), Service: n, Image: c!.image, State: c!.status, Status: status(c!), Project: COMPOSE_PROJECT }))));
  }
  return ok(table(['NAME', 'IMAGE', 'SERVICE', 'STATUS'], rows.map(({ n, c }) => [containerName(n), c!.image, n, status(c!)])));
}

export function composeCli(ctx: CliContext, argv: string[]): CliResult {
  const call = parseCompose(ctx, argv);
  if (!('project' in call)) return call;
  const { sub, args } = call;
  // Faults name the command without compose's global options (`fail-once:docker compose stop` also fails `-f x.yml stop`).
  const line = ['docker', 'compose', sub, ...args].join(' ');
  if (takeFailOnce(ctx.state, line)) return fail(`Error response from daemon: simulated failure of \`${line}\` (runbook sandbox fault)`);
  switch (sub) {
    case 'ps':
      return ps(ctx, call);
    case 'up':
      return up(ctx, call);
    case 'down':
      return down(ctx, call);
    case 'stop':
    case 'kill':
    case 'rm':
      return stopKillRm(ctx, call);
    case 'start':
    case 'restart': {
      const names = targets(call, serviceArgs(args, ['-t', '--timeout']));
      if (!Array.isArray(names)) return names;
      const err: string[] = [];
      for (const n of names) {
        const c = ctx.state.containers[n];
        if (!c) return fail(`no container found for service "${n}"`);
        if (sub === 'start' && c.status === 'running') continue;
        stopContainer(ctx.state, ctx.paths, n);
        startContainer(ctx.state, ctx.paths, { name: n, image: c.image, env: c.env, mounts: c.mounts });
        err.push(` Container ${containerName(n)}  Started`);
      }
      return ok('', lines(err));
    }
    case 'logs': {
      const names = targets(call, serviceArgs(args, ['--tail', '-n', '--since', '--until']));
      if (!Array.isArray(names)) return names;
      const tailIdx = Math.max(args.indexOf('--tail'), args.indexOf('-n'));
      const tail = tailIdx >= 0 ? Number(args[tailIdx + 1]) : Infinity;
      const sinceIdx = args.indexOf('--since');
      const since = sinceIdx >= 0 ? parseSince(args[sinceIdx + 1] ?? '') : undefined;
      const out: string[] = [];
      for (const n of names) {
        let all = ctx.state.logs[n] ?? [];
        if (since !== undefined) all = all.filter((l) => Date.parse(/\|\s(\S+)/.exec(l)?.[1] ?? '') >= since);
        out.push(...(Number.isFinite(tail) ? all.slice(-tail) : all));
      }
      return ok(lines(out));
    }
    case 'exec': {
      let i = 0;
      let user: string | undefined;
      for (; i < args.length; i++) {
        const a = args[i]!;
        if (a === '-u' || a === '--user') user = args[++i];
        else if (a === '-e' || a === '--env' || a === '-w' || a === '--workdir') i++;
        else if (!a.startsWith('-')) break;
      }
      const service = args[i];
      if (!service || !call.project.has(service)) return fail(`service "${service ?? ''}" is not running`);
      return execInContainer(ctx, service, user, args.slice(i + 1));
    }
    case 'config': {
      if (args.includes('--services')) return ok(lines([...call.project.keys()]));
      const services = Object.fromEntries([...call.project.values()].map((s) => [s.name, { image: s.image, environment: s.env, volumes: s.mounts }]));
      return ok(stringify({ name: COMPOSE_PROJECT, services }));
    }
    default:
      return fail(`unknown docker command: "compose ${sub}"`);
  }
}

/** `--since 10m` / `30s` / `1h` / an ISO time → epoch ms. */
function parseSince(text: string): number | undefined {
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (m) return Date.now() - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

