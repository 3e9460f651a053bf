// Saved plans (`plan -o plan.json`, `play --plan plan.json`): a reviewed plan that is never applied when stale.
//
// Exports:
//   writeSavedPlan(plan, { out, playbookFile, includes?, params, engineVersion }) → Promise<SavedPlan>
//     Writes `out` (JSON): the compiled plan with secrets masked, the sha256 of the playbook file and of
//     every included playbook, each parameter value (secret ones only as a salted scrypt hash) and the
//     engine version. `includes` defaults to the playbooks the plan includes.
//   verifySavedPlan(file, { params?, env?, engineVersion?, sandbox?, lang? }) → Promise<CompiledPlan>
//     Refuses (UserError, exit 2) a plan whose engine version, playbook, includes or parameters changed,
//     naming each change; secret parameters must be given again (`--param` or RUNBOOK_PARAM_<NAME>) and
//     match. Otherwise recompiles the playbook with the recorded parameters, checks that the result is the
//     plan that was saved, and returns it (with the secrets, ready to run).
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { LoadedPlaybook } from '../engine/loaded.js';
import type { CompiledPlan, ParamValue, PlanStep } from '../engine/plan.js';
import { paramText } from '../engine/plan.js';
import { parseList } from '../engine/list-param.js';
import { ExitCode, UserError } from '../engine/errors.js';
import { collectSecrets } from '../engine/compile.js';
import { redactDeep } from '../engine/redact.js';
import { paramEnvName } from '../engine/params.js';
import type { Lang } from '../engine/text.js';
import { translator, type Translator } from '../i18n/index.js';
import { reviewCatalog, type ReviewKey } from '../i18n/review.js';
import { describeFsError, sayFsError } from '../engine/run/fs-errors.js';
import { engineText } from '../i18n/engine.js';
import { VERSION } from '../version.js';
import { stepKind } from '../steps/index.js';
import { showLineBreaks } from '../engine/escapes.js';

export const SAVED_PLAN_KIND = 'runbook-saved-plan';

export interface SavedFileHash {
  /** Path relative to the saved plan's folder (so a checkout can move). */
  path: string;
  sha256: string;
}

export type SavedParam =
  | { name: string; secret: false; source: string; value: ParamValue | null }
  | { name: string; secret: true; source: string; set: boolean; salt?: string; scrypt?: string };

export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  formatVersion: 1;
  engineVersion: string;
  createdAt: string;
  playbook: SavedFileHash;
  includes: SavedFileHash[];
  params: SavedParam[];
  /** The compiled plan, secrets masked. */
  plan: CompiledPlan;
}

export interface WriteSavedPlanOptions {
  /** Where to write the saved plan (JSON). */
  out: string;
  /** The playbook file the plan was compiled from. */
  playbookFile: string;
  /** Included playbook files; default: those the plan includes, resolved from the playbook file. */
  includes?: string[];
  /** The `--param` values given. Informational: the resolved values recorded are taken from the plan. */
  params?: Record<string, string>;
  engineVersion: string;
  /** The language of the errors (a file that cannot be read or written). Default: English. */
  lang?: Lang;
}

export interface VerifySavedPlanOptions {
  /** `--param` values given at play time: must equal the recorded ones; secrets must be given again. */
  params?: Record<string, string>;
  /** Environment at play time (RUNBOOK_PARAM_<NAME>, `from_env`). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Version of the running engine (default: src/version.ts); a plan made by another version is refused. */
  engineVersion?: string;
  /** Sandbox variables, when playing with `--sandbox`. */
  sandbox?: Record<string, string>;
  lang?: Lang;
  /** Loads a playbook (default: src/engine/load.ts). */
  load?: (path: string) => Promise<LoadedPlaybook>;
  /** Compiles a playbook (default: src/engine/compile.ts). */
  compile?: (loaded: LoadedPlaybook, options: { params: Record<string, string>; env: NodeJS.ProcessEnv; sandbox?: Record<string, string>; lang?: Lang }) => Promise<CompiledPlan>;
}

async function sha256File(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** A slow, salted hash: the saved plan must not let anyone guess a secret quickly. */
function hashSecret(value: string, salt: string): string {
  return scryptSync(value, Buffer.from(salt, 'hex'), 32).toString('hex');
}

function secretMatches(value: string, salt: string, expected: string): boolean {
  const actual = Buffer.from(hashSecret(value, salt), 'hex');
  const wanted = Buffer.from(expected, 'hex');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/** Included playbooks of a plan, as absolute paths (nested includes resolved from their includer). */
function planIncludes(steps: PlanStep[], includerDir: string, out: string[]): void {
  for (const step of steps) {
    const included = stepKind(step.action).included?.(step.action);
    if (!included) continue;
    const absolute = resolve(includerDir, included.path);
    if (!out.includes(absolute)) out.push(absolute);
    planIncludes([...included.plan.steps, ...included.plan.finally], dirname(absolute), out);
  }
}

/** Writes a saved plan; see the top of this file. */
export async function writeSavedPlan(plan: CompiledPlan, options: WriteSavedPlanOptions): Promise<SavedPlan> {
  const t = translator(reviewCatalog, options.lang ?? 'en');
  const outDir = dirname(resolve(options.out));
  const playbookPath = resolve(options.playbookFile);
  const includePaths: string[] = [];
  if (options.includes) includePaths.push(...options.includes.map((p) => resolve(p)));
  else planIncludes([...plan.steps, ...plan.finally], dirname(playbookPath), includePaths);

  const hashOf = async (absolute: string): Promise<SavedFileHash> => {
    const sha256 = await sha256File(absolute);
    if (sha256 === undefined) throw new UserError(t('saved.cannotHash', { file: showLineBreaks(absolute) }), { exitCode: ExitCode.invalid });
    return { path: relative(outDir, absolute) || '.', sha256 };
  };

  const params: SavedParam[] = plan.params.map((p) => {
    if (!p.secret) return { name: p.name, secret: false, source: p.source, value: p.value ?? null };
    if (p.value === undefined) return { name: p.name, secret: true, source: p.source, set: false };
    const salt = randomBytes(16).toString('hex');
    return { name: p.name, secret: true, source: p.source, set: true, salt, scrypt: hashSecret(String(p.value), salt) };
  });

  const saved: SavedPlan = {
    kind: SAVED_PLAN_KIND,
    formatVersion: 1,
    engineVersion: options.engineVersion,
    createdAt: new Date().toISOString(),
    playbook: await hashOf(playbookPath),
    includes: await Promise.all(includePaths.map(hashOf)),
    params,
    plan: redactDeep(plan, collectSecrets(plan)),
  };
  try {
    await writeFile(options.out, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
  } catch (error) {
    // A folder that does not exist, a read-only disk: the user's to fix, not a bug.
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new UserError(t('saved.cannotWrite', { file: showLineBreaks(options.out), reason: describeFsError(error, engineText(t.lang ?? 'en')) }), { exitCode: ExitCode.invalid, cause: error });
  }
  return saved;
}

function isSavedPlan(value: unknown): value is SavedPlan {
  const v = value as Partial<SavedPlan> | null;
  return !!v && typeof v === 'object' && v.kind === SAVED_PLAN_KIND && typeof v.plan === 'object' && Array.isArray(v.params);
}

/** Paths where two JSON values differ (first few), for naming what changed in a recompiled plan. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 5) return;
  if (Object.is(a, b)) return;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    out.push(path || '(plan)');
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(path);
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    differences(ao[key], bo[key], path ? `${path}.${key}` : key, out);
  }
}

async function defaultLoad(path: string): Promise<LoadedPlaybook> {
  const { loadPlaybookFile } = await import('../engine/load.js');
  return loadPlaybookFile(path);
}

async function defaultCompile(
  loaded: LoadedPlaybook,
  options: { params: Record<string, string>; env: NodeJS.ProcessEnv; sandbox?: Record<string, string>; lang?: Lang },
): Promise<CompiledPlan> {
  const { compilePlaybook } = await import('../engine/compile.js');
  return compilePlaybook(loaded, options);
}

/** Why a saved plan could not be read: as Node or V8 said it in English; in Chinese, the code's words or "not JSON". */
function unreadableReason(error: unknown, lang: Lang): string {
  if (lang !== 'en' && error instanceof SyntaxError) return translator(reviewCatalog, lang)('saved.notJson');
  return sayFsError(error, lang);
}

async function readSavedPlan(file: string, t: Translator<ReviewKey>): Promise<SavedPlan> {
  let saved: unknown;
  try {
    saved = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError(t('saved.unreadable', { file: showLineBreaks(file), reason: unreadableReason(error, t.lang ?? 'en') }), { exitCode: ExitCode.invalid });
  }
  if (!isSavedPlan(saved) || saved.formatVersion !== 1) {
    throw new UserError(t('saved.notPlan', { file: showLineBreaks(file) }), { exitCode: ExitCode.invalid, hint: t('saved.hint') });
  }
  return saved;
}

/** What changed since the plan was saved: the engine, sandbox or not, the playbook's file and its includes'. */
async function fileChanges(saved: SavedPlan, options: VerifySavedPlanOptions, at: (path: string) => string, t: Translator<ReviewKey>): Promise<string[]> {
  const changes: string[] = [];
  const engineVersion = options.engineVersion ?? VERSION;
  if (engineVersion !== saved.engineVersion) changes.push(t('saved.engine', { saved: saved.engineVersion, current: engineVersion }));
  // A plan is played where it was made for: real hosts or the sandbox (the flag is checked, never trusted).
  const playSandboxed = options.sandbox !== undefined;
  if (saved.plan.sandbox !== playSandboxed) changes.push(t(playSandboxed ? 'saved.sandbox' : 'saved.sandboxPlan'));
  // The playbook itself, then the playbooks it includes.
  for (const [top, entry] of [[true, saved.playbook] as const, ...saved.includes.map((i) => [false, i] as const)]) {
    const now = await sha256File(at(entry.path));
    const rel = relative(process.cwd(), at(entry.path));
    const shown = rel && !rel.startsWith('..') ? rel : at(entry.path);
    if (now === undefined) changes.push(t(top ? 'saved.playbookGone' : 'saved.includeGone', { file: showLineBreaks(shown) }));
    else if (now !== entry.sha256) {
      changes.push(t(top ? 'saved.playbookChanged' : 'saved.includeChanged', { file: showLineBreaks(shown), was: entry.sha256.slice(0, 12), now: now.slice(0, 12) }));
    }
  }
  return changes;
}

/** Parameter values at play time against the recorded ones (secrets against their scrypt hash), and the values to compile with. */
function paramChanges(saved: SavedPlan, given: Record<string, string>, env: NodeJS.ProcessEnv, t: Translator<ReviewKey>): { changes: string[]; compileParams: Record<string, string> } {
  const changes: string[] = [];
  const compileParams: Record<string, string> = {};
  const known = new Set(saved.params.map((p) => p.name));
  for (const name of Object.keys(given)) if (!known.has(name)) changes.push(t('saved.paramUnknown', { name }));
  for (const p of saved.params) {
    const now = given[p.name] ?? env[paramEnvName(p.name)];
    if (!p.secret) {
      const recorded = p.value === null ? undefined : paramText(p.value);
      // A list given again in either form (a,b or JSON) is the same list when its items read the same.
      const sameList = Array.isArray(p.value) && now !== undefined && JSON.stringify(parseList(now)?.map(String)) === JSON.stringify(p.value.map(String));
      if (now !== undefined && now !== recorded && !sameList) {
        changes.push(t('saved.paramChanged', { name: p.name, saved: recorded ?? '(unset)', now }));
      } else if (p.source === 'given' && recorded !== undefined) {
        compileParams[p.name] = recorded;
      }
      continue;
    }
    if (!p.set) {
      if (now !== undefined) changes.push(t('saved.secretNowSet', { name: p.name }));
      continue;
    }
    if (now === undefined) changes.push(t('saved.secretMissing', { name: p.name, env: paramEnvName(p.name) }));
    else if (!secretMatches(now, p.salt ?? '', p.scrypt ?? '')) changes.push(t('saved.secretChanged', { name: p.name }));
    else compileParams[p.name] = now;
  }
  return { changes, compileParams };
}

/** Verifies a saved plan and returns the plan to run; see the top of this file. */
export async function verifySavedPlan(file: string, options: VerifySavedPlanOptions = {}): Promise<CompiledPlan> {
  const t = translator(reviewCatalog, options.lang ?? 'en');
  const saved = await readSavedPlan(file, t);
  const baseDir = dirname(resolve(file));
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const env = options.env ?? process.env;
  const params = paramChanges(saved, options.params ?? {}, env, t);
  const changes = [...(await fileChanges(saved, options, at, t)), ...params.changes];
  if (changes.length > 0) {
    throw new UserError(t('saved.stale', { file: showLineBreaks(file), count: changes.length }) + '\n' + changes.map((c) => `  - ${c}`).join('\n'), {
      exitCode: ExitCode.invalid,
      hint: t('saved.replan'),
    });
  }
  const compileParams = params.compileParams;

  // Nothing recorded changed: compile again (env values may differ) and check it is the reviewed plan.
  const loaded = await (options.load ?? defaultLoad)(at(saved.playbook.path));
  const compiled = await (options.compile ?? defaultCompile)(loaded, {
    params: compileParams,
    env,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.lang ? { lang: options.lang } : {}),
  });
  const comparable = redactDeep(compiled, collectSecrets(compiled));
  const diff: string[] = [];
  differences(
    { ...saved.plan, playbook: { ...saved.plan.playbook, file: '' } },
    { ...comparable, playbook: { ...comparable.playbook, file: '' } },
    '',
    diff,
  );
  // Never skipped: whatever the file says, what runs is what was reviewed.
  if (diff.length > 0) {
    throw new UserError(t('saved.stale', { file: showLineBreaks(file), count: 1 }) + '\n  - ' + t('saved.planDiffers', { paths: diff.join(', ') }), {
      exitCode: ExitCode.invalid,
      hint: t('saved.replan'),
    });
  }
  return compiled;
}
