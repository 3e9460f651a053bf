// Simulated `docker`: compose (compose.ts), image ls/inspect/rm, save, load, volume ls/inspect/create/rm/prune, cp, ps, version.
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { containerName, parentReady, pathInContainer } from '../container-fs.js';
import { listVolumes, removeVolume, volumeData, volumeUsers } from '../volumes.js';
import { composeCli } from './compose.js';
import { fail, lines, ok, table, type CliContext, type CliResult } from './result.js';

function volumeCli(ctx: CliContext, sub: string | undefined, args: string[]): CliResult {
  const names = args.filter((a) => !a.startsWith('-'));
  const inUse = (name: string) => volumeUsers(ctx.state, ctx.paths, name).map(containerName);
  const unknown = (name: string) => fail(`Error response from daemon: get ${name}: no such volume`);
  switch (sub) {
    case 'ls':
    case 'list':
      if (args.includes('-q') || args.includes('--quiet')) return ok(lines(listVolumes(ctx.paths)));
      return ok(table(['DRIVER', 'VOLUME NAME'], listVolumes(ctx.paths).map((v) => ['local', v]), '    '));
    case 'inspect': {
      const missing = names.find((n) => !listVolumes(ctx.paths).includes(n));
      if (missing) return fail(`Error response from daemon: get ${missing}: no such volume`, 1, '[]\n');
      return ok(JSON.stringify(names.map((n) => ({ Name: n, Driver: 'local', Mountpoint: volumeData(ctx.paths, n), Scope: 'local' })), null, 4) + '\n');
    }
    case 'create':
      for (const n of names) mkdirSync(volumeData(ctx.paths, n), { recursive: true });
      return ok(lines(names));
    case 'rm':
    case 'remove':
      // Docker refuses while any container (stopped ones too) uses it, -f or not.
      for (const n of names) {
        if (!listVolumes(ctx.paths).includes(n)) return unknown(n);
        const users = inUse(n);
        if (users.length) return fail(`Error response from daemon: remove ${n}: volume is in use - [${users.join(', ')}]`);
        removeVolume(ctx.paths, n);
      }
      return ok(lines(names));
    case 'prune': {
      // Since Docker 23, prune removes only anonymous volumes unless -a/--all; the sandbox has no anonymous ones.
      const all = args.includes('-a') || args.includes('--all');
      const removed = all ? listVolumes(ctx.paths).filter((n) => inUse(n).length === 0) : [];
      for (const n of removed) removeVolume(ctx.paths, n);
      return ok(`${removed.length ? `Deleted Volumes:\n${lines(removed)}\n` : ''}Total reclaimed space: 0B\n`);
    }
    default:
      return fail(`docker: 'volume ${sub ?? ''}' is not a docker command.`);
  }
}

/** `docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST`: through the container's mounts or its own layer. */
function dockerCp(ctx: CliContext, operands: string[]): CliResult {
  const [src, dest] = operands;
  if (!src || !dest || operands.length !== 2) return fail('"docker cp" requires exactly 2 arguments.');
  const side = (arg: string): { host: string; service?: string } | CliResult => {
    const m = /^([^/:]+):(.*)$/.exec(arg);
    if (!m) return { host: resolve(ctx.cwd, arg) };
    const service = Object.keys(ctx.state.containers).find((n) => containerName(n) === m[1] || n === m[1]);
    const c = service ? ctx.state.containers[service] : undefined;
    if (!service || !c) return fail(`Error response from daemon: No such container: ${m[1]!}`);
    return { host: pathInContainer(ctx.paths, service, c, m[2]!), service };
  };
  const from = side(src);
  const to = side(dest);
  if (!('host' in from)) return from;
  if (!('host' in to)) return to;
  if (from.service === undefined && to.service === undefined) return fail('copying between containers is not supported');
  if (!existsSync(from.host)) return fail(`Error response from daemon: Could not find the file ${src.replace(/^[^:]*:/, '')} in container`);
  const target = existsSync(to.host) && statSync(to.host).isDirectory() ? resolve(to.host, basename(from.host)) : to.host;
  if (to.service !== undefined ? !parentReady(ctx.paths, to.service, target) : !existsSync(resolve(target, '..'))) {
    return fail(`Error response from daemon: Could not find the file ${dest} (its folder does not exist)`);
  }
  cpSync(from.host, target, { recursive: true });
  return ok('', `Successfully copied to ${dest}\n`);
}

function image(ctx: CliContext, sub: string | undefined, args: string[]): CliResult {
  const refs = args.filter((a) => !a.startsWith('-'));
  const force = args.includes('-f') || args.includes('--force');
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
      // Any container, stopped too, keeps its image; -f untags it from under a stopped one, never a running one.
      const user = Object.entries(ctx.state.containers).find(([, c]) => c.image === r && (c.status === 'running' || !force));
      if (user) {
        return fail(`Error response from daemon: conflict: unable to remove repository reference "${r}" (must force) - container ${containerName(user[0])} is using its referenced image`);
      }
      ctx.state.images = ctx.state.images.filter((i) => i !== r);
    }
    return ok(lines(refs.map((r) => `Untagged: ${r}`)));
  }
  return fail(`docker: 'image ${sub ?? ''}' is not a docker command.`);
}

function option(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) if (names.includes(args[i]!)) return args[i + 1];
  return undefined;
}

export function dockerCli(ctx: CliContext, argv: string[]): CliResult {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'compose':
      return composeCli(ctx, args);
    case 'volume':
      return volumeCli(ctx, args[0], args.slice(1));
    case 'cp':
      return dockerCp(ctx, args.filter((a) => !a.startsWith('-')));
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
    case 'ps': {
      const all = args.includes('-a') || args.includes('--all');
      const rows = Object.entries(ctx.state.containers).filter(([, c]) => all || c.status === 'running');
      return ok(table(['NAMES', 'IMAGE', 'STATUS'], rows.map(([n, c]) => [containerName(n), c.image, c.status === 'running' ? 'Up' : 'Exited (0)'])));
    }
    case 'info':
    case 'version':
      return ok('Server Version: 27.3.1 (runbook sandbox, simulated)\n');
    default:
      return fail(`docker: '${cmd ?? ''}' is not a docker command (in the runbook sandbox).`);
  }
}
