// validate's parse cache: what `yaml` made of each file, and the facts of each template, kept between runs.
//
// A cold `runbook validate` spends most of its time in the `yaml` package and Handlebars' parser
// (docs/performance.md). Both are deterministic, so their results are kept in the user's cache folder
// ($XDG_CACHE_HOME/runbook/parse, else ~/.cache/runbook/parse), under the build that made them: a file whose
// text is the same as last time is not parsed again. Every entry is read as untrusted: it must be for this
// build, name this very file and hold its whole text (so an edit, however small, is a miss), and have the
// expected shape (parse-cache-read.ts); anything else is a miss. Positions are not kept: a diagnostic that
// needs one parses that file again (load.ts). Failing to read or write is never an error, only a slower run.
// RUNBOOK_DISABLE_PARSE_CACHE (set to anything) turns it off.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateKind } from './plan.js';
import type { TemplateFacts, TemplateIssue, TemplateMemory } from './template.js';
import { readFacts, readIssues, readValue, writableValue } from './parse-cache-read.js';
import { makeFolders, trustedFolder, userCacheFolder } from '../../bin/user-cache.js';

// Set by scripts/build.mjs: the build's id (a hash of every bundle it wrote) and the parsers' versions.
declare const __RUNBOOK_BUILD_ID__: string | undefined;
declare const __RUNBOOK_PARSERS__: string | undefined;

const FORMAT = 'runbook-parse-cache-1';
/** Builds whose folders are kept (the newest by modification time); older ones are removed when a new one starts. */
const KEEP_BUILDS = 4;
/** An entry larger than this is not one of ours (a playbook is at most 1 MiB): it is not read. */
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
/** Templates kept in one file; beyond this, only those of the last run are kept. */
const MAX_TEMPLATES = 8192;

export interface ParseCache {
  /** The data `yaml` made of `source` (the text of the file at `absolutePath`) last time, if it is kept. */
  yaml(absolutePath: string, source: string): unknown;
  /** Keeps the data of a file that parsed without a problem (written by save()). */
  keepYaml(absolutePath: string, source: string, value: unknown): void;
  /** Handlebars' facts by template (template.ts). */
  templates: TemplateMemory;
  /** Writes what was new in this run; never throws. */
  save(): void;
}

/** The cache for this build and environment, or undefined when it is off (switch, or not a bundled build). */
export function openParseCache(env: NodeJS.ProcessEnv): ParseCache | undefined {
  if (env.RUNBOOK_DISABLE_PARSE_CACHE !== undefined) return undefined;
  if (typeof __RUNBOOK_BUILD_ID__ !== 'string' || typeof __RUNBOOK_PARSERS__ !== 'string') return undefined;
  const parent = userCacheFolder(env, 'parse');
  return new FileParseCache(parent, join(parent, __RUNBOOK_BUILD_ID__.slice(0, 16)), `${FORMAT} ${__RUNBOOK_BUILD_ID__} ${__RUNBOOK_PARSERS__}`);
}

class FileParseCache implements ParseCache {
  private readonly newYaml = new Map<string, { source: string; value: unknown }>();
  private kept: Map<string, unknown> | undefined;
  private readonly used = new Map<string, unknown>();
  private newTemplates = 0;
  readonly templates: TemplateMemory;

  constructor(
    private readonly parent: string,
    private readonly dir: string,
    private readonly key: string,
  ) {
    this.templates = {
      facts: (kind, source) => this.template(`${kind}\0${source}`, readFacts) as TemplateFacts | undefined,
      keepFacts: (kind: TemplateKind, source, facts) => this.keepTemplate(`${kind}\0${source}`, facts),
      jsonIssues: (source) => this.template(`json\0${source}`, readIssues) as TemplateIssue[] | undefined,
      keepJsonIssues: (source, issues) => this.keepTemplate(`json\0${source}`, issues),
    };
  }

  yaml(absolutePath: string, source: string): unknown {
    if (!this.trusted()) return undefined;
    const entry = readEntry(join(this.dir, yamlEntryName(absolutePath)));
    if (!isRecord(entry) || entry.key !== this.key || entry.path !== absolutePath || entry.source !== source) return undefined;
    return readValue(entry.value);
  }

  keepYaml(absolutePath: string, source: string, value: unknown): void {
    if (writableValue(value)) this.newYaml.set(absolutePath, { source, value });
  }

  private template(key: string, read: (data: unknown) => unknown): unknown {
    this.kept ??= this.readTemplates();
    const facts = this.kept.get(key);
    if (facts === undefined) return undefined;
    const checked = read(facts);
    if (checked !== undefined) this.used.set(key, facts);
    return checked;
  }

  private keepTemplate(key: string, facts: unknown): void {
    this.used.set(key, facts);
    this.newTemplates++;
  }

  /** The templates file as a map; empty when missing, for another build, or malformed. */
  private readTemplates(): Map<string, unknown> {
    const kept = new Map<string, unknown>();
    if (!this.trusted()) return kept;
    const data = readEntry(join(this.dir, 'templates.json'));
    if (!isRecord(data) || data.key !== this.key || !Array.isArray(data.templates)) return kept;
    for (const item of data.templates as unknown[]) {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string') kept.set(item[0], item[1]);
    }
    return kept;
  }

  save(): void {
    if (this.newYaml.size === 0 && this.newTemplates === 0) return;
    try {
      this.makeFolder();
      for (const [path, { source, value }] of this.newYaml) {
        writeAtomically(join(this.dir, yamlEntryName(path)), JSON.stringify({ key: this.key, path, source, value }));
      }
      if (this.newTemplates > 0) this.saveTemplates();
    } catch {
      // a read-only or full cache folder: the next run parses again
    }
  }

  private saveTemplates(): void {
    const all = new Map(this.kept ?? this.readTemplates());
    for (const [key, facts] of this.used) all.set(key, facts);
    const templates = [...(all.size > MAX_TEMPLATES ? this.used : all)];
    writeAtomically(join(this.dir, 'templates.json'), JSON.stringify({ key: this.key, templates }));
  }

  private trust: boolean | undefined;

  /** Whether entries of this build's folder may be believed (bin/user-cache.js: a real folder of this user, no one else's to write). */
  private trusted(): boolean {
    this.trust ??= trustedFolder(this.dir);
    return this.trust;
  }

  /** Creates this build's folder (private to the user: it holds copies of playbooks); a new one retires old builds. */
  private makeFolder(): void {
    try {
      statSync(this.dir);
      return;
    } catch {
      makeFolders(this.dir, 8);
    }
    const builds = readdirSync(this.parent, { withFileTypes: true })
      .filter((d) => d.isDirectory() && join(this.parent, d.name) !== this.dir)
      .map((d) => ({ path: join(this.parent, d.name), time: statSync(join(this.parent, d.name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of builds.slice(KEEP_BUILDS - 1)) rmSync(old.path, { recursive: true, force: true });
  }
}

/** The entry of a file: named by a hash of its path (two paths with the same hash share it, and miss). */
function yamlEntryName(absolutePath: string): string {
  return `yaml-${hash53(absolutePath).toString(36)}.json`;
}

/** cyrb53, a fast 53-bit string hash: enough to spread file names, not a check of anything (entries name their path). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON file of the cache, or undefined (missing, not a regular file, too large, not JSON). */
function readEntry(path: string): unknown {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_ENTRY_BYTES) return undefined;
    const buffer = Buffer.allocUnsafe(info.size);
    let total = 0;
    while (total < info.size) {
      const n = readSync(fd, buffer, total, info.size - total, total);
      if (n === 0) break;
      total += n;
    }
    return JSON.parse(buffer.toString('utf8', 0, total)) as unknown;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a whole file or nothing: a reader sees the old entry or the new one, never half of one. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    throw error;
  }
}
