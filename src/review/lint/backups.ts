// What a playbook's steps keep as backups (files, redis keys) and what its rollbacks delete, read with the shell classifier.
import { effectiveCommands, type EffectiveCommand } from '../../shell/classify.js';

/** A backup or snapshot a step's action makes: a path (templates kept, `{{backup_dir}}/x`) or a redis key. */
export interface Backup {
  target: string;
  kind: 'path' | 'key';
  /** The step that makes it. */
  step: string;
  /** Made inside a container (`docker compose exec`): the path is the container's, which the host knows by another name. */
  inContainer: boolean;
}

/** Something a rollback deletes or overwrites. */
export interface Deletion {
  target: string;
  /** `tree`: the path and all below it; `file`: the path itself (or something inside it); `keys`: every redis key; `volumes`: docker volumes. */
  kind: 'tree' | 'file' | 'key' | 'keys' | 'volumes';
  /** The words that delete, for messages (`rm -rf`, `>`, `mv`, `docker volume rm`, `DEL`). */
  what: string;
  /** A word of the command text to point at. */
  word: string;
  inContainer: boolean;
}

/** Where a command runs and what its `$VARIABLES` are (the playbook's, step's and rollback's `env:` as written). */
export interface ShellContext {
  cwd?: string;
  env: Readonly<Record<string, string>>;
}

/** A name that says backup: `.bak`, `backups/`, `snapshot`, `models-before-x`, `.runbook-old`, `.orig`, `{{backup_dir}}`. */
export function saysBackup(text: string): boolean {
  return /(^|[^a-z])(backups?|bak|bkp|snapshots?|snap|before|old|orig|prev|previous|saved)(_dir)?([^a-z]|$)/i.test(text);
}

/** A file that is an archive or a dump by its name. */
const DUMP_FILE = /\.(rdb|aof|sql|dump|bak|tar|tgz)(\.(gz|xz|bz2|zst))?$/;

/** Commands whose output (redirected to a file) is a copy or a record of the state: an archive, a dump, a list of owners. */
const RECORDERS = new Set(['pg_dump', 'pg_dumpall', 'mysqldump', 'mongodump', 'gzip', 'xz', 'bzip2', 'zstd', 'stat', 'getfacl', 'iptables-save', 'lsattr']);

const base = (w: string | undefined) => (w ?? '').replace(/^.*\//, '');

/** A word as a comparable path: `$VARS` of the env put in, templates tidied, made absolute with the cwd; undefined when not known. */
export function normalizePath(word: string, ctx: ShellContext): string | undefined {
  const text = word
    .replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, a?: string, b?: string) => ctx.env[(a ?? b)!] ?? m)
    .replace(/\{\{\s*([^}]*?)\s*\}\}/g, '{{$1}}');
  if (!text || text.startsWith('-') || /[$`]/.test(text)) return undefined;
  const absolute = text.startsWith('/') || text.startsWith('{{') || text.startsWith('~');
  const joined = absolute || ctx.cwd === undefined ? text : `${ctx.cwd}/${text.replace(/^\.\//, '')}`;
  const tidy = joined.replace(/\/\.(?=\/|$)/g, '').replace(/\/{2,}/g, '/');
  return tidy.length > 1 ? tidy.replace(/\/+$/, '') : tidy;
}

/** The operands of a command (words after the name that are not options), and the values of `valued` options skipped. */
function operands(words: readonly string[], valued: RegExp = /^$/): string[] {
  const out: string[] = [];
  let rest = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (!rest && w === '--') rest = true;
    else if (!rest && /^-./.test(w)) {
      if (valued.test(w)) i++;
    } else out.push(w);
  }
  return out;
}

function optionValue(words: readonly string[], names: RegExp): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const eq = /^(--?[\w-]+)=(.*)$/.exec(w);
    if (eq && names.test(eq[1]!)) return eq[2];
    if (names.test(w)) return words[i + 1];
    if (/^-[A-Za-z]+$/.test(w) && w.length > 2 && names.test(`-${w.at(-1)!}`)) return words[i + 1]; // `-czf file`
  }
  return undefined;
}

/** Source and target of a copy or move (`cp a b`, `cp -t dir a`, `rsync`, `install`, `ln`, `docker cp`). */
function copyOperands(e: EffectiveCommand): { sources: string[]; target?: string } {
  const ops = operands(e.words, /^-(t|S|m|o|g|e)$|^--(target-directory|suffix|mode|owner|group|rsh)$/);
  const dir = optionValue(e.words, /^(-t|--target-directory)$/);
  if (dir !== undefined) return { sources: ops.filter((o) => o !== dir), target: dir };
  const sources = ops.slice(0, -1);
  return { sources: sources.length === 0 && e.findPaths ? e.findPaths : sources, target: ops.at(-1) };
}

const COPIERS = /^(cp|mv|rsync|install|ln)$/;

/** The name of the command and, for `docker`, its subcommand (`docker cp`, `docker save`). */
function nameOf(e: EffectiveCommand): string {
  const name = base(e.words[0]);
  return name === 'docker' && e.words[1] !== undefined ? `docker ${e.words[1]}` : name;
}

/** What a command writes or creates (not what it deletes): targets of copies and archives, redirects, new folders and files. */
function writtenBy(e: EffectiveCommand): { path: string; archive: boolean; sources: string[] }[] {
  const name = nameOf(e);
  const out: { path: string; archive: boolean; sources: string[] }[] = [];
  const add = (path: string | undefined, archive: boolean, sources: string[] = []) => {
    if (path !== undefined && path !== '-') out.push({ path, archive, sources });
  };
  const recorder = RECORDERS.has(name) || name === 'docker inspect' || (name === 'crontab' && e.words.includes('-l')) || (name === 'redis-cli' && e.words.includes('--rdb'));
  for (const w of e.writes) add(w.target, recorder);
  if (COPIERS.test(name) || name === 'docker cp') {
    const { sources, target } = copyOperands(name === 'docker cp' ? { ...e, words: e.words.slice(1) } : e);
    add(target, name === 'docker cp' && sources.some((s) => /^[^/:]+:/.test(s)), sources);
  } else if (name === 'tar' && (e.words.some((w) => w === '--create' || /^-[A-Za-z]*c/.test(w)) || /^[A-Za-z]*c[A-Za-z]*$/.test(e.words[1] ?? ''))) {
    add(optionValue(e.words, /^(-f|--file)$/) ?? (/^[A-Za-z]*f[A-Za-z]*$/.test(e.words[1] ?? '') ? e.words[2] : undefined), true);
  } else if (/^(pg_dump|pg_dumpall|mysqldump|mongodump)$/.test(name)) {
    add(optionValue(e.words, /^(-f|--file|--result-file|-o|--out)$/), true);
  } else if (name === 'redis-cli') {
    add(optionValue(e.words, /^--rdb$/), true);
  } else if (name === 'docker save') {
    add(optionValue(e.words, /^(-o|--output)$/), true);
  } else if (/^(mkdir|touch|tee)$/.test(name)) {
    for (const o of operands(e.words, /^-(m)$|^--mode$/)) add(o, false);
  } else if (name === 'dd') {
    add(e.words.find((w) => w.startsWith('of='))?.slice(3), false);
  }
  return out;
}

/** Every path a command changes (writes, deletes, moves, chowns), for "is this copy the copy of something the playbook then changes?". */
function changedBy(e: EffectiveCommand): string[] {
  const name = nameOf(e);
  const out = writtenBy(e).map((w) => w.path);
  if (/^(rm|unlink|shred|truncate)$/.test(name)) out.push(...operands(e.words, /^-(s|r)$|^--(size|reference)$/));
  if (name === 'mv') out.push(...copyOperands(e).sources);
  if (/^(chown|chmod|chgrp)$/.test(name)) out.push(...operands(e.words).slice(1));
  if (name === 'sed' && e.words.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'))) out.push(...operands(e.words, /^-(e|f)$/).slice(1));
  if (name === 'find' && e.words.includes('-delete')) out.push(...findRoots(e.words));
  // `find dir -exec chown … {} +`: the command changes what is under the paths find searches.
  return out.length > 0 || !e.findPaths ? out : [...out, ...e.findPaths];
}

/**
 * Whether deleting `a` reaches `b`: the same path, `b` inside `a` (unless `how` is `a-in-b`), or `a` inside `b`.
 * `a` may be a glob (`{{dir}}/*.txt`).
 */
export function related(a: string, b: string, how: 'either' | 'a-in-b'): boolean {
  const glob = a.search(/[*?[]/);
  if (glob >= 0) {
    const re = new RegExp('^' + a.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
    const prefixes = b.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    const inside = a.slice(0, a.lastIndexOf('/', glob));
    return re.test(b) || (how === 'either' && prefixes.some((p) => re.test(p))) || inside === b || inside.startsWith(b + '/');
  }
  if (a === b || a.startsWith(b + '/')) return true;
  return how === 'either' && b.startsWith(a + '/');
}

/** The paths a `find` searches: its words before the first test (`-name`, `(`, `!`). */
function findRoots(words: readonly string[]): string[] {
  const firstTest = words.findIndex((w, i) => i > 0 && /^[-(!]/.test(w));
  return words.slice(1, firstTest < 0 ? undefined : firstTest);
}

/** The redis command of a `redis-cli` line and its arguments. */
function redisCommand(words: readonly string[]): string[] {
  let i = 1;
  while (i < words.length && words[i]!.startsWith('-')) i += /^-[hpanusri]$|^--(user|pass|rdb)$/.test(words[i]!) ? 2 : 1;
  return words.slice(i);
}

/** Backups made by the commands of one step's action. */
export function backupsOf(command: string, step: string, ctx: ShellContext, changed: (path: string) => boolean): Backup[] {
  const out: Backup[] = [];
  const commands = effectiveCommands(command);
  for (const e of commands) {
    for (const w of writtenBy(e)) {
      const path = normalizePath(w.path, ctx);
      const sources = w.sources.flatMap((s) => normalizePath(s, ctx) ?? []);
      const copyOfChanged = sources.some((s) => saysBackup(s) || DUMP_FILE.test(s) || changed(s));
      if (path !== undefined && (w.archive || saysBackup(path) || copyOfChanged)) out.push({ target: path, kind: 'path', step, inContainer: e.inContainer });
    }
    if (base(e.words[0]) === 'mktemp') {
      // `dir=$(mktemp -d …/backup-XXXX); echo "$dir"`: the step's stdout names what it made.
      if (saysBackup(e.words.join(' ')) || saysBackup(step)) out.push({ target: `{{steps.${step}.stdout}}`, kind: 'path', step, inContainer: e.inContainer });
    }
    if (base(e.words[0]) === 'redis-cli') {
      const [cmd = '', ...args] = redisCommand(e.words);
      const dst = /^(copy|rename|renamenx|set)$/i.test(cmd) ? args[/^set$/i.test(cmd) ? 0 : 1] : undefined;
      if (dst !== undefined && (/^copy$/i.test(cmd) || saysBackup(dst))) out.push({ target: dst, kind: 'key', step, inContainer: e.inContainer });
    }
  }
  return out;
}

/** Every path the action of a step changes, normalized (for copies of what the playbook then changes). */
export function changedPaths(command: string, ctx: ShellContext): string[] {
  return effectiveCommands(command).flatMap((e) => changedBy(e).flatMap((p) => normalizePath(p, ctx) ?? []));
}

/** What the commands of a rollback delete or overwrite. */
export function deletionsOf(command: string, ctx: ShellContext): Deletion[] {
  const out: Deletion[] = [];
  for (const e of effectiveCommands(command)) {
    const name = nameOf(e);
    const add = (word: string | undefined, kind: Deletion['kind'], what: string) => {
      const target = kind === 'volumes' || kind === 'keys' ? '*' : kind === 'key' ? word : word !== undefined ? normalizePath(word, ctx) : undefined;
      if (target !== undefined) out.push({ target, kind, what, word: word ?? what, inContainer: e.inContainer });
    };
    for (const w of e.writes) if (!w.append) add(w.target, 'file', '>');
    const recursive = e.words.some((w) => w === '--recursive' || /^-[a-zA-Z]*[rR]/.test(w));
    if (name === 'rm' || name === 'unlink' || name === 'shred') {
      const ops = operands(e.words);
      for (const o of ops.length > 0 ? ops : (e.findPaths ?? [])) add(o, recursive || ops.length === 0 ? 'tree' : 'file', ops.length > 0 ? [name, ...e.words.filter((w) => /^-/.test(w))].join(' ') : `find -exec ${name}`);
    }
    if (name === 'find' && e.words.includes('-delete')) for (const p of findRoots(e.words)) add(p, 'tree', 'find -delete');
    if (name === 'truncate') for (const o of operands(e.words, /^-(s|r)$|^--(size|reference)$/)) add(o, 'file', 'truncate');
    if ((COPIERS.test(name) || name === 'docker cp') && !e.words.some((w) => w === '-n' || w === '--no-clobber' || /^--update/.test(w))) {
      const { target } = copyOperands(name === 'docker cp' ? { ...e, words: e.words.slice(1) } : e);
      if (target !== undefined && !/^[^/:]+:/.test(target)) add(target, 'file', name);
    }
    if (name === 'dd') add(e.words.find((w) => w.startsWith('of='))?.slice(3), 'file', 'dd of=');
    const sub = e.words.slice(1).filter((w) => !w.startsWith('-')).join(' ');
    if (name === 'docker volume' && /^volume (rm|remove|prune)\b/.test(sub)) add(undefined, 'volumes', `docker ${sub.split(' ').slice(0, 2).join(' ')}`);
    if (name === 'docker system' && sub.startsWith('system prune') && e.words.includes('--volumes')) add(undefined, 'volumes', 'docker system prune --volumes');
    if ((name === 'docker compose' || name === 'docker-compose') && e.words.includes('down') && e.words.some((w) => w === '-v' || w === '--volumes')) add(undefined, 'volumes', `${name} down -v`);
    if (name === 'redis-cli') {
      const [cmd = '', ...args] = redisCommand(e.words);
      if (/^(del|unlink)$/i.test(cmd)) for (const k of args) add(k, 'key', cmd.toUpperCase());
      if (/^(flushall|flushdb)$/i.test(cmd)) add(undefined, 'keys', cmd.toUpperCase());
      if (/^(rename|renamenx|copy)$/i.test(cmd) && args[1] !== undefined) add(args[1], 'key', cmd.toUpperCase());
      if (/^set$/i.test(cmd) && args[0] !== undefined) add(args[0], 'key', 'SET');
    }
  }
  return out;
}

/** The backup a deletion destroys, if any. */
export function destroyedBackup(d: Deletion, backups: readonly Backup[]): Backup | undefined {
  return backups.find((b) => {
    if (d.kind === 'keys') return b.kind === 'key';
    if (d.kind === 'key') return b.kind === 'key' && b.target === d.target;
    if (b.kind === 'key') return false;
    if (d.kind === 'volumes') return b.inContainer || /volume/i.test(b.target);
    // A path made in a container is on one of its mounts: the host reaches the same file by another path, same name.
    if (b.inContainer !== d.inContainer) return base(b.target) !== '' && base(b.target) === base(d.target);
    return related(d.target, b.target, d.kind === 'tree' ? 'either' : 'a-in-b');
  });
}
