// Simulated `chown` and `stat` for sandboxes not running as root: owners live in the state file.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ownerOf, setOwner } from '../owners.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

const inside = (ctx: CliContext, p: string) => p === ctx.paths.dir || p.startsWith(ctx.paths.dir + '/');

export function chownCli(ctx: CliContext, argv: string[]): CliResult {
  const recursive = argv.some((a) => a === '-R' || a === '--recursive');
  const [owner, ...files] = argv.filter((a) => !a.startsWith('-'));
  if (!owner || !/^\d+(:\d+)?$/.test(owner)) return fail(`chown: invalid user: '${owner ?? ''}' (the sandbox knows numeric uid:gid only)`);
  for (const f of files) {
    const p = resolve(ctx.cwd, f);
    if (!existsSync(p)) return fail(`chown: cannot access '${f}': No such file or directory`);
    if (!inside(ctx, p)) return fail(`chown: changing ownership of '${f}': Operation not permitted`);
    setOwner(ctx.state, true, p, owner.includes(':') ? owner : `${owner}:${owner}`, recursive);
  }
  return ok();
}

export function statCli(ctx: CliContext, argv: string[]): CliResult {
  const fi = argv.findIndex((a) => a === '-c' || a === '--format' || a.startsWith('--format=') || a === '--printf');
  const format = fi < 0 ? undefined : argv[fi]!.startsWith('--format=') ? argv[fi]!.slice(9) : argv[fi + 1];
  const files = argv.filter((a, i) => !a.startsWith('-') && (fi < 0 || i !== fi + 1));
  if (!format || /%[^ugUGn%]/.test(format)) {
    const r = spawnSync('stat', argv, { cwd: ctx.cwd, encoding: 'utf8', env: { ...process.env, PATH: '/usr/bin:/bin' } });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.status ?? 1 };
  }
  const out: string[] = [];
  for (const f of files) {
    const p = resolve(ctx.cwd, f);
    if (!existsSync(p)) return fail(`stat: cannot statx '${f}': No such file or directory`, 1, lines(out));
    const [u = '', g = ''] = ownerOf(ctx.state, true, p).split(':');
    out.push(format.replace(/%([ugUGn%])/g, (_m, c: string) => ({ u, g, U: u, G: g, n: f, '%': '%' })[c] ?? ''));
  }
  return ok(lines(out));
}
