// Where a version of a playbook comes from for diff and review: a file, or `git:<ref>:<path>`; and its compilation.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { InvalidPlaybookError, UserError } from '../engine/errors.js';
import type { LoadedPlaybook } from '../engine/loaded.js';
import type { CompiledPlan } from '../engine/plan.js';
import type { Lang } from '../engine/text.js';
import { gitRoot, gitShow } from './git.js';
import { detectLang, translator } from '../i18n/index.js';
import { reviewCatalog } from '../i18n/review.js';
import { showLineBreaks } from '../engine/escapes.js';

export interface PlaybookVersion {
  /** As the user wrote it (`runbooks/a.yaml`, `git:main:runbooks/a.yaml`). */
  label: string;
  loaded: LoadedPlaybook;
  /** Loads an included playbook from the same place (the same git ref). */
  loadInclude: (absolutePath: string) => Promise<LoadedPlaybook>;
}

/** Loads text as the playbook `file` (relative to `cwd`, which includes are resolved from). */
async function loadText(file: string, text: string, cwd: string, lang: Lang): Promise<LoadedPlaybook> {
  const { loadPlaybookText } = await import('../engine/load.js');
  return loadPlaybookText(file, text, { cwd, lang });
}

/** Reads a version: `git:<ref>:<path>` (path relative to the current folder) or a file. */
export async function readVersion(spec: string, cwd: string, lang: Lang = detectLang()): Promise<PlaybookVersion> {
  const t = translator(reviewCatalog, lang);
  if (spec.startsWith('git:')) {
    const rest = spec.slice('git:'.length);
    const colon = rest.indexOf(':');
    if (colon <= 0) throw new UserError(t('source.gitSpec', { spec: showLineBreaks(spec) }));
    const ref = rest.slice(0, colon);
    const path = rest.slice(colon + 1);
    const root = await gitRoot(cwd, lang);
    return readAtRef(ref, relative(root, resolve(cwd, path)), root, cwd, spec, lang);
  }
  const text = await readFile(resolve(cwd, spec), 'utf8').catch(() => {
    throw new UserError(t('source.noFile', { spec: showLineBreaks(spec) }));
  });
  const { loadPlaybookFile } = await import('../engine/load.js');
  return { label: spec, loaded: await loadText(spec, text, cwd, lang), loadInclude: (p) => loadPlaybookFile(p, { lang }) };
}

/** A playbook at a git ref (`repoPath` relative to the repository root). */
export async function readAtRef(
  ref: string,
  repoPath: string,
  root: string,
  cwd: string,
  label = `git:${ref}:${repoPath}`,
  lang: Lang = detectLang(),
): Promise<PlaybookVersion> {
  const t = translator(reviewCatalog, lang);
  const text = await gitShow(ref, repoPath, root, lang);
  if (text === undefined) throw new UserError(t('source.noFileAtRef', { spec: showLineBreaks(label), ref: showLineBreaks(ref) }));
  const file = relative(cwd, resolve(root, repoPath)) || repoPath;
  const loadInclude = async (absolutePath: string): Promise<LoadedPlaybook> => {
    const inRepo = relative(root, absolutePath);
    const included = await gitShow(ref, inRepo, root, lang);
    if (included === undefined) throw new UserError(t('source.noFileAtRef', { spec: showLineBreaks(`git:${ref}:${inRepo}`), ref: showLineBreaks(ref) }));
    return loadText(relative(cwd, absolutePath) || absolutePath, included, cwd, lang);
  };
  return { label, loaded: await loadText(file, text, cwd, lang), loadInclude };
}

/**
 * Compiles a version for review. Required parameters nobody gave get the example value of the
 * playbook's `sandbox.params` when it has a literal one, else a placeholder (`⟨name⟩`), so a plan can
 * be shown without real values; nothing is run.
 */
export async function compileVersion(version: PlaybookVersion, options: { params: Record<string, string>; lang: Lang }): Promise<CompiledPlan> {
  const { compilePlaybook } = await import('../engine/compile.js');
  const params = { ...options.params };
  const examples = version.loaded.playbook.sandbox?.params ?? {};
  for (const [name, spec] of Object.entries(version.loaded.playbook.params ?? {})) {
    if (name in params || spec.default !== undefined) continue;
    const example = examples[name];
    // The sandbox's literal value is an example the author wrote, and it passes the parameter's pattern.
    if (example !== undefined && !String(example).includes('{{')) params[name] = String(example);
    else if (spec.enum && spec.enum.length > 0) params[name] = String(spec.enum[0]);
    else if (spec.type === 'integer' || spec.type === 'number') params[name] = String(spec.min ?? 0);
    else if (spec.type === 'boolean') params[name] = 'false';
    else if (spec.required) params[name] = `⟨${name}⟩`;
  }
  // The environment is not read in review: `from_env` values show as placeholders.
  const env: Record<string, string> = {};
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'from_env' && typeof x === 'string') env[x] = `⟨$${x}⟩`;
        else walk(x);
      }
    }
  };
  walk(version.loaded.playbook);
  try {
    return await compilePlaybook(version.loaded, { params, env, lang: options.lang, loadInclude: version.loadInclude });
  } catch (error) {
    if (error instanceof InvalidPlaybookError) {
      throw new InvalidPlaybookError(version.label, error.diagnostics);
    }
    throw error;
  }
}
