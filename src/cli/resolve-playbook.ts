// Playbook names on the command line: `play redis-flush` finds runbooks/redis-flush.yaml through the playbook path.
//
// The playbook path is `.`, `./runbooks/`, then the folders of RUNBOOK_PATH (colon-separated), in that order.
// Only those folders themselves are read, never their subfolders. Synchronous on purpose (see find-playbooks.ts).
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import { didYouMean } from '../engine/suggest.js';
import type { Lang } from '../i18n/index.js';
import { cliText } from '../i18n/cli.js';
import { showOnOneLine } from '../ui/sanitize.js';

const PLAYBOOK_FILE = /\.ya?ml$/i;

export interface LookupContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  lang: Lang;
}

/** The folders of the playbook path that exist, absolute, each once (by real path), in lookup order. */
export function playbookPath(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const entries = ['.', 'runbooks', ...(env.RUNBOOK_PATH ?? '').split(':').filter((p) => p.trim() !== '')];
  const seen = new Set<string>();
  const dirs: string[] = [];
  for (const entry of entries) {
    const dir = isAbsolute(entry) ? entry : resolve(cwd, entry);
    let real: string;
    try {
      if (!statSync(dir).isDirectory()) continue;
      real = realpathSync(dir);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    dirs.push(dir);
  }
  return dirs;
}

/** The playbook files (*.yaml, *.yml, not hidden) directly in `dir`, absolute and sorted; none when it cannot be read. */
export function playbookFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      // Hidden files (`.pre-commit-config.yaml`) are tool settings, not playbooks.
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && PLAYBOOK_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** A path as shown to the user: relative to cwd when under it, else absolute. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

/** A folder as shown to the user: `.` for the current one, else its path with a trailing slash. */
export function displayDir(dir: string, cwd: string): string {
  return resolve(dir) === resolve(cwd) ? '.' : `${displayPath(dir, cwd)}/`;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A bare name is a word without a folder: `redis-flush`, `redis-flush.yaml`. */
function isBareName(arg: string): boolean {
  return arg !== '' && !arg.includes('/') && !arg.includes('\\') && arg !== '.' && arg !== '..';
}

export type Lookup = { found: string } | { found?: undefined; suggestion?: string; searched: string[] };

/**
 * Finds what `arg` names: itself when it exists; else, for a bare name, `<name>`, `<name>.yaml` or
 * `<name>.yml` in the folders of the playbook path (first match wins); else a close name to suggest.
 */
export function lookupPlaybook(arg: string, ctx: Pick<LookupContext, 'cwd' | 'env'>): Lookup {
  if (exists(resolve(ctx.cwd, arg))) return { found: arg };
  if (!isBareName(arg)) {
    // A path with a typo: suggest a sibling of the file it names.
    const dir = dirname(arg);
    const names = playbookFilesIn(resolve(ctx.cwd, dir)).map((f) => basename(f));
    const close = didYouMean(basename(arg), names);
    return { searched: [dir], ...(close ? { suggestion: join(dir, close) } : {}) };
  }
  const dirs = playbookPath(ctx.cwd, ctx.env);
  const names = PLAYBOOK_FILE.test(arg) ? [arg] : [arg, `${arg}.yaml`, `${arg}.yml`];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return { found: displayPath(candidate, ctx.cwd) };
      } catch {
        // not here
      }
    }
  }
  const known = dirs.flatMap((dir) => playbookFilesIn(dir).map((f) => basename(f)));
  const close = didYouMean(PLAYBOOK_FILE.test(arg) ? arg : `${arg}.yaml`, known);
  return { searched: dirs.map((d) => displayDir(d, ctx.cwd)), ...(close ? { suggestion: close } : {}) };
}

/** The hint for a name that was not found: "did you mean …?", else where names are looked up. */
export function notFoundHint(lookup: Exclude<Lookup, { found: string }>, lang: Lang): string {
  const t = cliText(lang);
  return lookup.suggestion ? t('lookup.didYouMean', { suggestion: lookup.suggestion }) : t('lookup.where');
}

/** The file a playbook argument names, for commands that take one playbook; a UserError (exit 2) when none. */
export function resolvePlaybookArg(arg: string, ctx: LookupContext): string {
  const lookup = lookupPlaybook(arg, ctx);
  if (lookup.found !== undefined) return lookup.found;
  const t = cliText(ctx.lang);
  const message = isBareName(arg)
    ? t('lookup.noName', { name: showOnOneLine(arg), dirs: showOnOneLine(lookup.searched.join(', ') || '.') })
    : t('lookup.noFile', { path: showOnOneLine(arg) });
  throw new UserError(message, { hint: notFoundHint(lookup, ctx.lang) });
}

/**
 * For commands that take files or folders (validate, lint): each argument that does not exist but names
 * a playbook of the playbook path becomes that file; the others stay, with a hint for the ones not found.
 */
export function resolvePathArgs(args: readonly string[], ctx: LookupContext): { paths: string[]; hints: Map<string, string> } {
  const hints = new Map<string, string>();
  const paths = args.map((arg) => {
    const lookup = lookupPlaybook(arg, ctx);
    if (lookup.found !== undefined) return lookup.found;
    hints.set(arg, notFoundHint(lookup, ctx.lang));
    return arg;
  });
  return { paths, hints };
}
