// Simulated `docker` and `docker compose`: ps, up, down, start, stop, restart, logs, exec, config; save, load, image ls/inspect/rm.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { composeFiles, loadProject, type ServiceConfig } from '../compose.js';
import { takeFailOnce } from '../faults.js';
import { COMPOSE_PROJECT } from '../paths.js';
import { startContainer, stopContainer } from '../world.js';
import { execInContainer } from './container.js';
import { fail, lines, ok, table, type CliContext, type CliResult } from './result.js';

const containerName = (service: string) => `${COMPOSE_PROJECT}-${service}-1`;

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

function up(ctx: CliContext, call: ComposeCall): CliResult {
  if (takeFailOnce(ctx.state, 'docker compose up')) {
    return fail('Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed (sandbox fault: compose-up-fails)');
  }
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
    if (c && c.status === 'running' && !force && sameConfig(c, cfg)) {
      err.push(` Container ${containerName(n)}  Running`);
      continue;
    }
    startContainer(ctx.state, ctx.paths, cfg);
    err.push(` Container ${containerName(n)}  ${c ? 'Recreated' : 'Created'}`, ` Container ${containerName(n)}  Started`);
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

function compose(ctx: CliContext, argv: string[]): CliResult {
  const call = parseCompose(ctx, argv);
  if (!('project' in call)) return call;
  const { sub, args } = call;
  switch (sub) {
    case 'ps':
      return ps(ctx, call);
    case 'up':
      return up(ctx, call);
    case 'down':
    case 'stop': {
      const names = sub === 'down' ? [...call.project.keys()] : targets(call, serviceArgs(args, ['-t', '--timeout']));
      if (!Array.isArray(names)) return names;
      if (takeFailOnce(ctx.state, `docker compose ${sub}`)) return fail(`Error response from daemon: cannot stop container (sandbox fault)`);
      const err: string[] = [];
      for (const n of names) {
        if (sub === 'down' && ctx.state.containers[n]?.status === 'exited') delete ctx.state.containers[n];
        if (ctx.state.containers[n]?.status !== 'running') continue;
        stopContainer(ctx.state, ctx.paths, n);
        // `down` removes the containers: the next `up` creates them, `start` finds none.
        if (sub === 'down') delete ctx.state.containers[n];
        err.push(` Container ${containerName(n)}  ${sub === 'down' ? 'Removed' : 'Stopped'}`);
      }
      return ok('', lines(err));
    }
    case 'start':
    case 'restart': {
      const names = targets(call, serviceArgs(args, ['-t', '--timeout']));
      if (!Array.isArray(names)) return names;
      if (takeFailOnce(ctx.state, `docker compose ${sub}`)) return fail(`Error response from daemon: cannot ${sub} container (sandbox fault)`);
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

function image(ctx: CliContext, sub: string | undefined, args: string[]): CliResult {
  const refs = args.filter((a) => !a.startsWith('-'));
  if (sub === 'ls' || sub === 'list') {
    const rows = ctx.state.images.filter((i) => !refs[0] || i.split(':')[0] === refs[0]).map((i) => [i.split(':')[0]!, i.split(':')[1] ?? 'latest']);
    return ok(table(['REPOSITORY', 'TAG'], rows));
  }
  if (sub === 'inspect') {
    const missing = refs.filter((r) => !ctx.state.images.includes(r));
    if (missing.length) return fail(`Error: No such image: ${missing[0]}`, 1, '[]\n');
    return ok(JSON.stringify(refs.map((r) => ({ RepoTags: [r] }))) + '\n');
  }
  if (sub === 'rm') {
    for (const r of refs) {
      if (!ctx.state.images.includes(r)) return fail(`Error response from daemon: No such image: ${r}`);
      if (Object.values(ctx.state.containers).some((c) => c.status === 'running' && c.image === r)) {
        return fail(`Error response from daemon: conflict: unable to remove repository reference "${r}" - container is using its referenced image`);
      }
      ctx.state.images = ctx.state.images.filter((i) => i !== r);
    }
    return ok(lines(refs.map((r) => `Untagged: ${r}`)));
  }
  return fail(`docker: 'image ${sub ?? ''}' is not a docker command.`);
}

/** `--since 10m` / `30s` / `1h` / an ISO time → epoch ms. */
function parseSince(text: string): number | undefined {
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (m) return Date.now() - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function option(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) if (names.includes(args[i]!)) return args[i + 1];
  return undefined;
}

export function dockerCli(ctx: CliContext, argv: string[]): CliResult {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'compose':
      return compose(ctx, args);
    case 'image':
      return image(ctx, args[0], args.slice(1));
    case 'images':
      return image(ctx, 'ls', args);
    case 'rmi':
      return image(ctx, 'rm', args);
    case 'save': {
      const out = option(args, '-o', '--output');
      const refs = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-o' && args[i - 1] !== '--output');
      if (!out) return fail('cowardly refusing to save to a terminal. Use the -o flag or redirect');
      const missing = refs.find((r) => !ctx.state.images.includes(r));
      if (missing) return fail(`Error response from daemon: reference does not exist: ${missing}`);
      writeFileSync(resolve(ctx.cwd, out), JSON.stringify({ sandbox: true, repoTags: refs }) + '\n');
      return ok();
    }
    case 'load': {
      const input = option(args, '-i', '--input');
      if (!input) return fail('requested load from stdin, but stdin is empty (the sandbox needs -i <file>)');
      const file = resolve(ctx.cwd, input);
      if (!existsSync(file)) return fail(`open ${file}: no such file or directory`);
      let tags: string[];
      try {
        tags = (JSON.parse(readFileSync(file, 'utf8')) as { repoTags: string[] }).repoTags;
      } catch {
        return fail('Error processing tar file(unexpected EOF): ');
      }
      for (const t of tags) if (!ctx.state.images.includes(t)) ctx.state.images.push(t);
      return ok(lines(tags.map((t) => `Loaded image: ${t}`)));
    }
    case 'ps':
      return ok(table(['NAMES', 'IMAGE', 'STATUS'], Object.entries(ctx.state.containers).filter(([, c]) => c.status === 'running').map(([n, c]) => [containerName(n), c.image, 'Up'])));
    case 'info':
    case 'version':
      return ok('Server Version: 27.3.1 (runbook sandbox, simulated)\n');
    default:
      return fail(`docker: '${cmd ?? ''}' is not a docker command (in the runbook sandbox).`);
  }
}
