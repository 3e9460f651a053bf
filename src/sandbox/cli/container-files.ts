// File commands run inside a simulated container (`docker compose exec svc ls|cat|test|touch|mkdir|cp|mv|rm|env`), through its mounts or its own layer.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { creatorOf, ownCreated, parentReady, pathInContainer, runsAsContainerUser } from '../container-fs.js';
import { ownerOf } from '../owners.js';
import { CONTAINER_OWNER } from '../paths.js';
import type { ContainerState } from '../state.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

interface Exec {
  ctx: CliContext;
  service: string;
  c: ContainerState;
  user: string | undefined;
}

function canWrite(x: Exec, hostPath: string): boolean {
  const { user, service } = x;
  if (user === 'root' || user === '0' || (!user && !runsAsContainerUser(service))) return true;
  return ownerOf(x.ctx.state, x.ctx.simulateOwners, hostPath) === CONTAINER_OWNER;
}

/** The host path of a path in the container, and whether the process may create or change it there. */
function writable(x: Exec, path: string): { host: string } | CliResult {
  const host = pathInContainer(x.ctx.paths, x.service, x.c, path);
  if (!parentReady(x.ctx.paths, x.service, host)) return fail(`cannot create '${path}': No such file or directory`);
  if (!canWrite(x, existsSync(host) ? host : join(host, '..'))) return fail(`'${path}': Permission denied`);
  return { host };
}

function made(x: Exec, host: string): void {
  ownCreated(x.ctx.state, x.ctx.simulateOwners, host, creatorOf(x.service, x.user));
}

function copyOrMove(x: Exec, cmd: 'cp' | 'mv', flags: string[], files: string[]): CliResult {
  if (files.length < 2) return fail(`${cmd}: missing destination file operand after '${files[0] ?? ''}'`);
  const target = files[files.length - 1]!;
  const targetHost = pathInContainer(x.ctx.paths, x.service, x.c, target);
  const intoDir = existsSync(targetHost) && statSync(targetHost).isDirectory();
  const recursive = flags.some((f) => /^-[a-zA-Z]*[rRa]/.test(f) || f === '--recursive' || f === '--archive');
  for (const src of files.slice(0, -1)) {
    const from = pathInContainer(x.ctx.paths, x.service, x.c, src);
    if (!existsSync(from)) return fail(`${cmd}: cannot stat '${src}': No such file or directory`);
    if (cmd === 'cp' && statSync(from).isDirectory() && !recursive) return fail(`cp: -r not specified; omitting directory '${src}'`);
    const dest = intoDir ? `${target}/${basename(src)}` : target;
    const w = writable(x, dest);
    if (!('host' in w)) return { ...w, stderr: `${cmd}: ${w.stderr}` };
    if (cmd === 'mv') renameSync(from, w.host);
    else cpSync(from, w.host, { recursive: true, preserveTimestamps: flags.some((f) => /^-[a-zA-Z]*[pa]/.test(f)) });
    if (cmd === 'cp') made(x, w.host);
  }
  return ok();
}

export function fileCommand(x: Exec, argv: string[]): CliResult {
  const [cmd, ...rest] = argv;
  const flags = rest.filter((a) => a.startsWith('-'));
  const files = rest.filter((a) => !a.startsWith('-'));
  const host = (p: string) => pathInContainer(x.ctx.paths, x.service, x.c, p);
  switch (cmd) {
    case 'ls': {
      const out: string[] = [];
      for (const p of files.length ? files : ['/']) {
        const h = host(p);
        if (!existsSync(h)) return fail(`ls: cannot access '${p}': No such file or directory`, 2, lines(out));
        out.push(...(statSync(h).isDirectory() ? readdirSync(h).sort() : [p]));
      }
      return ok(lines(out));
    }
    case 'cat': {
      let out = '';
      for (const p of files) {
        const h = host(p);
        if (!existsSync(h)) return fail(`cat: ${p}: No such file or directory`, 1, out);
        out += readFileSync(h, 'utf8');
      }
      return ok(out);
    }
    case 'test': {
      const [flag, p = ''] = rest;
      const h = host(p);
      const exists = existsSync(h);
      if (flag === '-d') return { stdout: '', stderr: '', code: exists && statSync(h).isDirectory() ? 0 : 1 };
      if (flag === '-f') return { stdout: '', stderr: '', code: exists && statSync(h).isFile() ? 0 : 1 };
      if (flag === '-s') return { stdout: '', stderr: '', code: exists && statSync(h).size > 0 ? 0 : 1 };
      if (flag === '-e' || flag === '-r') return { stdout: '', stderr: '', code: exists ? 0 : 1 };
      if (flag === '-w') return { stdout: '', stderr: '', code: exists && canWrite(x, h) ? 0 : 1 };
      return fail(`test: unsupported in the sandbox: ${rest.join(' ')}`, 2);
    }
    case 'touch':
    case 'mkdir': {
      for (const p of files) {
        const w = writable(x, p);
        if (!('host' in w)) return { ...w, stderr: `${cmd}: ${w.stderr}` };
        if (existsSync(w.host)) {
          if (cmd === 'mkdir' && !flags.includes('-p')) return fail(`mkdir: cannot create directory '${p}': File exists`);
          continue;
        }
        if (cmd === 'touch') writeFileSync(w.host, '');
        else mkdirSync(w.host, { recursive: flags.includes('-p') });
        made(x, w.host);
      }
      return ok();
    }
    case 'rm': {
      const force = flags.some((f) => /^-[a-zA-Z]*f/.test(f) || f === '--force');
      const recursive = flags.some((f) => /^-[a-zA-Z]*[rR]/.test(f) || f === '--recursive');
      for (const p of files) {
        const h = host(p);
        if (!existsSync(h)) {
          if (force) continue;
          return fail(`rm: cannot remove '${p}': No such file or directory`);
        }
        if (statSync(h).isDirectory() && !recursive) return fail(`rm: cannot remove '${p}': Is a directory`);
        if (!canWrite(x, join(h, '..'))) return fail(`rm: cannot remove '${p}': Permission denied`);
        rmSync(h, { recursive: true, force: true });
      }
      return ok();
    }
    case 'cp':
    case 'mv':
      return copyOrMove(x, cmd, flags, files);
    case 'env':
    case 'printenv':
      if (files.length) return ok(lines(files.map((k) => x.c.env[k] ?? '')));
      return ok(lines(Object.entries(x.c.env).map(([k, v]) => `${k}=${v}`)));
    default:
      return fail(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd ?? ''}": executable file not found in $PATH`, 126);
  }
}
