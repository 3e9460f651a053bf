// Compile: a loaded playbook + parameter values → a frozen CompiledPlan, every template rendered once.
//
// `plan` and `play` share this path, so what a reviewer saw is what runs. Templates that read step
// outputs (`{{steps.<id>.stdout}}`) are checked here and rendered at run time by `renderDeferred`.
import { dirname, resolve } from 'node:path';
import type { LoadedPlaybook, YamlPath } from './loaded.js';
import type { Duration, HttpSpec, Playbook, Probe, Rollback, Step, Text } from './playbook.gen.js';
import type {
  CompiledPlan,
  ParamValue,
  PlanAction,
  PlanEnv,
  PlanHttp,
  PlanParam,
  PlanProbe,
  PlanProbeAction,
  PlanRollback,
  PlanStep,
  PlanWarning,
  Rendered,
  TemplateKind,
} from './plan.js';
import { planDefaults } from './plan.js';
import { InvalidPlaybookError, type Diagnostic, type SourceLocation } from './errors.js';
import { parseDuration } from './duration.js';
import { checkIncludeGraph, MAX_INCLUDE_DEPTH, MAX_INCLUDED_STEPS } from './include-graph.js';
import { UrlValueError } from './url-template.js';
import { deepFreeze } from './read-playbook.js';
import { parseTemplate, secretEnvName, templatesInJsonStrings, type TemplateIssue, type TemplateReference } from './template.js';
import type { compileTemplate as CompileTemplate } from './template-render.js';

export type { StepOutputs } from './template-render.js';
import { resolveParams } from './params.js';
import { didYouMean } from './suggest.js';
import type { Lang } from './text.js';
import { detectLang } from '../i18n/index.js';
import { compileText, type CompileKey } from '../i18n/compile.js';
import type { Translator } from '../i18n/index.js';

export interface CompileOptions {
  /** Values from `--param name=value` (text; converted to each parameter's type). */
  params?: Record<string, string>;
  /** Sandbox variables (`{{sandbox.*}}`) when running against the built-in sandbox. */
  sandbox?: Record<string, string>;
  /** The environment runbook runs in: RUNBOOK_PARAM_* values and `env: {from_env}`. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  lang?: Lang;
  /** Loads an included playbook (default: src/engine/load.ts). */
  loadInclude?: (absolutePath: string) => Promise<LoadedPlaybook>;
  /** Absolute paths of the playbooks including this one, for cycle detection. */
  includeStack?: readonly string[];
  /** Included playbooks loaded so far, by absolute path: shared by a compile and the nested ones, so each file loads once. */
  includeCache?: Map<string, Promise<LoadedPlaybook>>;
  /** Steps of included playbooks compiled so far, shared by a compile and the nested ones (bounded by MAX_INCLUDED_STEPS). */
  includeBudget?: { steps: number };
  /**
   * Parameters the including playbook gives a value derived from one of its secrets: secret here too
   * (passed to commands through the environment, masked everywhere), whatever this playbook declares.
   */
  secretParams?: readonly string[];
}

const STEP_FIELDS = new Set(['stdout', 'stderr', 'exit_code', 'json']);
const SENTINEL = '\u0001';
/** A placeholder for a step output, possibly shell-quoted, in a template rendered at compile time. */
const PLACEHOLDER = new RegExp(`'?${SENTINEL}([^${SENTINEL}]*)${SENTINEL}'?`, 'g');
/** The longest a Node timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Mode = 'compile' | 'check';

/** Step ids whose outputs are readable somewhere. */
interface VisibleSteps {
  has(id: string): boolean;
}

const NO_STEPS: VisibleSteps = new Set<string>();

/** Which names a template may read, depending on where it stands. */
interface Scope {
  /** Step ids whose outputs are readable here. */
  steps: VisibleSteps;
  sandbox: boolean;
  where: string;
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  readonly warnings: PlanWarning[] = [];
  readonly includes: { action: { kind: 'playbook'; path: string; plan: CompiledPlan }; params: Record<string, string>; secret: string[]; path: YamlPath }[] = [];
  private values: Record<string, ParamValue | undefined> = {};
  /** The playbook's `cwd`: used by steps, preconditions and postconditions that name none. */
  private defaultCwd: Rendered | undefined;
  private secretParams = new Set<string>();
  private paramNames: string[] = [];
  /** Each step id's place in `steps` then `finally` (the first, if an id repeats): which steps run before which. */
  private order: Map<string, number> | undefined;
  private lines: string[] | undefined;
  private stepIds: string[] | undefined;
  /** Messages in the chosen language (default: from the environment, as the loader does). */
  readonly t: Translator<CompileKey>;
  readonly lang: Lang;

  constructor(
    readonly loaded: LoadedPlaybook,
    readonly options: CompileOptions,
    readonly mode: Mode,
    /** The renderer (template-render.ts), loaded only when compiling for real; `check` renders nothing. */
    readonly render?: typeof CompileTemplate,
  ) {
    this.lang = options.lang ?? detectLang();
    this.t = compileText(this.lang);
  }

  /** `did you mean …?` for a name, or undefined when nothing is close. */
  private suggest(name: string, candidates: readonly string[], prefix = ''): string | undefined {
    const s = didYouMean(name, candidates);
    return s ? this.t('didYouMean', { suggestion: prefix + s }) : undefined;
  }

  get pb(): Playbook {
    return this.loaded.playbook as Playbook;
  }

  location(path: YamlPath, line = 1, col = 1): SourceLocation {
    const pos = this.loaded.locate(path);
    const file = this.loaded.file;
    if (!pos) return { file, line: 1, col: 1 };
    if (pos.scalar === 'BLOCK_LITERAL' || pos.scalar === 'BLOCK_FOLDED') {
      const lineNo = pos.line + line;
      this.lines ??= this.loaded.source.split(/\r?\n/);
      const text = this.lines[lineNo - 1] ?? '';
      const indent = text.length - text.trimStart().length;
      return { file, line: lineNo, col: indent + col };
    }
    const quoted = pos.scalar === 'QUOTE_DOUBLE' || pos.scalar === 'QUOTE_SINGLE' ? 1 : 0;
    return line === 1 ? { file, line: pos.line, col: pos.col + quoted + col - 1 } : { file, line: pos.line + line - 1, col };
  }

  /**
   * Where a step or probe stands, for the plan. `check` mode (validate) discards its plan and asks the
   * source for positions only to word a diagnostic, so a valid playbook needs none (see validate.ts).
   */
  private planLocation(path: YamlPath): { line: number; col: number } {
    if (this.mode === 'check') return { line: 0, col: 0 };
    const loc = this.location(path);
    return { line: loc.line, col: loc.col };
  }

  /** Where a key is written (`owner:` of `params.owner`), for errors about the name itself. */
  keyLocation(path: YamlPath): SourceLocation | undefined {
    const pos = this.loaded.locateKey(path);
    return pos ? { file: this.loaded.file, line: pos.line, col: pos.col } : undefined;
  }

  error(code: string, message: string, path: YamlPath, hint?: string, at?: { line: number; col: number }): void {
    this.diagnostics.push({ code, severity: 'error', message, hint, location: this.location(path, at?.line, at?.col) });
  }

  /**
   * A duration in milliseconds. Timers cannot wait longer than 2^31-1 ms (about 24.8 days) — Node fires
   * longer ones at once — and a zero timeout could never succeed, so both are errors here.
   */
  duration(value: Duration | undefined, fallbackMs: number, path: YamlPath, kind: 'timeout' | 'delay'): number {
    const ms = parseDuration(value, fallbackMs);
    if (value !== undefined && (ms > MAX_TIMER_MS || (kind === 'timeout' && ms < 1))) {
      this.error('duration.range', this.t('duration.range', { field: String(path[path.length - 1] ?? kind), value: JSON.stringify(value) }), path);
      return fallbackMs;
    }
    return ms;
  }

  // ── parameters ────────────────────────────────────────────────────────────────────────────────
  resolveParams(): PlanParam[] {
    const specs = this.pb.params ?? {};
    this.paramNames = Object.keys(specs);
    let sandboxValues: Record<string, ParamValue> | undefined;
    const sandboxLocked = new Set<string>();
    if (this.options.sandbox || this.mode === 'check') {
      sandboxValues = {};
      for (const [name, value] of Object.entries(this.pb.sandbox?.params ?? {})) {
        const path = ['sandbox', 'params', name];
        if (!(name in specs)) {
          this.error('sandbox.unknown-param', this.t('sandbox.unknownParam', { name }), path, this.suggest(name, this.paramNames));
          continue;
        }
        if (typeof value !== 'string') {
          sandboxValues[name] = value;
          continue;
        }
        const r = this.template(value, 'text', path, { steps: NO_STEPS, sandbox: true, where: 'sandbox.params' });
        if (this.options.sandbox) sandboxValues[name] = r.text;
        if (/\{\{[^}]*\bsandbox\./.test(value)) sandboxLocked.add(name);
      }
      if (!this.options.sandbox) sandboxValues = undefined;
    }
    const { params, diagnostics } = resolveParams({
      specs,
      given: this.options.params ?? {},
      env: this.options.env ?? process.env,
      sandbox: sandboxValues,
      sandboxLocked,
      file: this.loaded.file,
      lang: this.options.lang,
      secret: new Set(this.options.secretParams ?? []),
      // `check` mode drops these diagnostics (values are checked by plan/play), so it needs no positions.
      locate: this.mode === 'check' ? () => undefined : (name) => this.location(['params', name]),
      locateName: this.mode === 'check' ? () => undefined : (name) => this.keyLocation(['params', name]),
      typesOnly: this.mode === 'check',
    });
    if (this.mode === 'compile') this.diagnostics.push(...diagnostics);
    const sandboxDir = this.options.sandbox?.dir;
    if (sandboxDir) {
      // An unmapped absolute path keeps its real-host default in a sandbox run: say so in the plan.
      for (const p of params) {
        if (!p.secret && p.source !== 'sandbox' && typeof p.value === 'string' && p.value.startsWith('/') && !p.value.startsWith(sandboxDir)) {
          this.warnings.push({ code: 'param.outside-sandbox', message: this.t('param.outsideSandbox', { name: p.name, value: p.value }) });
        }
      }
    }
    for (const p of params) {
      this.values[p.name] = p.value;
      if (p.secret) this.secretParams.add(p.name);
    }
    return params;
  }

  // ── templates ─────────────────────────────────────────────────────────────────────────────────
  checkReference(ref: TemplateReference, scope: Scope, path: YamlPath): boolean {
    const [head, second, third] = ref.parts;
    const at = { line: ref.line, col: ref.col };
    const name = ref.parts.join('.');
    if (head === undefined) return false;
    if (head === 'steps') {
      if (second === undefined || third === undefined) {
        this.error('template.step-output', this.t('tpl.stepOutputShape', { name }), path, undefined, at);
        return false;
      }
      if (!scope.steps.has(second)) {
        const all = this.allStepIds();
        const exists = all.includes(second);
        this.error(
          'template.unknown-step',
          this.t(exists ? 'tpl.stepNotYet' : 'tpl.stepUnknown', { where: scope.where, step: second }),
          path,
          exists ? this.t('tpl.stepNotYetHint') : (this.suggest(second, all) ?? this.t('tpl.stepList', { steps: all.join(', ') })),
          at,
        );
        return false;
      }
      if (!STEP_FIELDS.has(third) || (third !== 'json' && ref.parts.length > 3)) {
        this.error('template.step-output', this.t('tpl.stepOutputUnknown', { name }), path, this.t('tpl.stepOutputHint'), at);
        return false;
      }
      return true;
    }
    if (head === 'sandbox') {
      if (!scope.sandbox) {
        this.error('template.sandbox-only', this.t('tpl.sandboxOnly', { name }), path, this.t('tpl.sandboxOnlyHint'), at);
        return false;
      }
      if (this.options.sandbox && (second === undefined || !(second in this.options.sandbox))) {
        const names = Object.keys(this.options.sandbox);
        const hint = (second ? this.suggest(second, names, 'sandbox.') : undefined) ?? this.t('tpl.sandboxList', { names: names.join(', ') });
        this.error('template.unknown-name', this.t('tpl.sandboxUnknown', { name }), path, hint, at);
        return false;
      }
      return true;
    }
    if (this.paramNames.includes(head)) {
      if (this.secretParams.has(head) && (ref.raw || ref.use === 'helper')) {
        // Only a bare {{secret}} is passed through the environment and masked by its exact value.
        this.error('template.secret-helper', this.t('tpl.secretHelper', { name: head }), path, this.t('tpl.secretHelperHint', { name: head }), at);
        return false;
      }
      if (ref.parts.length > 1) {
        this.error('template.unknown-name', this.t('tpl.paramNoFields', { name, param: head }), path, undefined, at);
        return false;
      }
      return true;
    }
    this.error(
      'template.unknown-name',
      this.t('tpl.unknownName', { name, where: scope.where }),
      path,
      this.suggest(head, this.paramNames) ??
        (this.paramNames.length ? this.t('tpl.declareOrUse', { names: this.paramNames.join(', ') }) : this.t('tpl.declare')),
      at,
    );
    return false;
  }

  template(source: string, kind: TemplateKind, path: YamlPath, scope: Scope): Rendered {
    const parsed = parseTemplate(source, kind);
    const rendered: Rendered = { text: source, source, kind, deferred: false, raw: parsed.raw };
    for (const issue of parsed.issues) {
      const { message, hint } = templateIssueText(issue, this.t);
      this.error(issue.code, this.t('tpl.issueIn', { message, where: scope.where }), path, hint, issue);
    }
    if (parsed.issues.length > 0 || parsed.literal) return rendered;
    let ok = true;
    for (const ref of parsed.references) ok = this.checkReference(ref, scope, path) && ok;
    if (!ok || !this.render) return rendered;
    for (const name of parsed.raw) {
      const pos = this.location(path);
      this.warnings.push({
        code: 'template.raw',
        message: this.t('tpl.raw', { where: scope.where, name }),
        location: { line: pos.line, col: pos.col },
      });
    }
    rendered.deferred = parsed.references.some((r) => r.parts[0] === 'steps');
    const data: Record<string, unknown> = {};
    for (const name of this.paramNames) data[name] = this.values[name] ?? '';
    if (this.options.sandbox) data.sandbox = this.options.sandbox;
    else if (scope.sandbox) data.sandbox = new Proxy({}, { get: (_t, p) => `⟨sandbox.${String(p)}⟩`, has: () => true });
    if (rendered.deferred) data.steps = placeholderSteps(parsed.references);
    try {
      let text = this.render(parsed, kind === 'shell' ? this.secretParams : new Set())(data);
      if (rendered.deferred) text = text.replace(PLACEHOLDER, '⟨$1⟩');
      rendered.text = text;
    } catch (error) {
      if (error instanceof UrlValueError) this.error(error.code, this.t('tpl.issueIn', { message: error.in(this.lang).message, where: scope.where }), path, this.t('tpl.urlValueHint'));
      else this.error('template.render', this.t('tpl.render', { where: scope.where, error: error instanceof Error ? error.message : String(error) }), path);
    }
    return rendered;
  }

  /** True when a template reads a secret parameter (its result then holds, or is derived from, the secret). */
  readsSecret(source: string): boolean {
    return parseTemplate(source, 'text').references.some((r) => r.parts[0] !== undefined && this.secretParams.has(r.parts[0]));
  }

  textValue(text: Text, path: YamlPath, scope: Scope): Text {
    if (typeof text === 'string') return this.template(text, 'text', path, scope).text;
    const out: { en?: string; 'zh-CN'?: string } = {};
    if (text.en !== undefined) out.en = this.template(text.en, 'text', [...path, 'en'], scope).text;
    if (text['zh-CN'] !== undefined) out['zh-CN'] = this.template(text['zh-CN'], 'text', [...path, 'zh-CN'], scope).text;
    return out;
  }

  allStepIds(): string[] {
    return (this.stepIds ??= [...(this.pb.steps ?? []), ...(this.pb.finally ?? [])].map((s) => s.id));
  }

  /**
   * The steps that run before the `limit`-th one (counting `steps`, then `finally`): one shared map and a
   * number, so that compiling n steps takes time linear in n (a set per step was quadratic).
   */
  before(limit: number): VisibleSteps {
    if (!this.order) {
      const order = new Map<string, number>();
      this.allStepIds().forEach((id, i) => {
        if (!order.has(id)) order.set(id, i);
      });
      this.order = order;
    }
    const order = this.order;
    return { has: (id) => (order.get(id) ?? Infinity) < limit };
  }

  // ── building blocks ───────────────────────────────────────────────────────────────────────────
  env(map: Playbook['env'] | undefined, path: YamlPath, scope: Scope): PlanEnv[] {
    const out: PlanEnv[] = [];
    for (const [name, spec] of Object.entries(map ?? {})) {
      const p = [...path, name];
      if (typeof spec === 'string') {
        // A value built from a secret parameter is a secret too: masked wherever the variable is shown.
        out.push({ name, value: this.template(spec, 'text', p, scope), secret: this.readsSecret(spec) });
      } else if (typeof spec === 'number' || typeof spec === 'boolean') {
        out.push({ name, value: literal(String(spec)), secret: false });
      } else {
        const secret = spec.secret === true;
        if (spec.value !== undefined && spec.from_env !== undefined) {
          this.error('env.both', this.t('env.both', { name }), p, this.t('env.bothHint'));
          continue;
        }
        if (spec.from_env !== undefined) {
          const value = (this.options.env ?? process.env)[spec.from_env];
          if (value === undefined) {
            if (spec.required && this.mode === 'compile') {
              this.error('env.missing', this.t('env.missing', { variable: spec.from_env, name }), p, this.t('env.missingHint', { variable: spec.from_env }));
            }
            continue;
          }
          out.push({ name, value: literal(value), secret, fromEnv: spec.from_env });
        } else {
          out.push({ name, value: this.template(spec.value ?? '', 'text', [...p, 'value'], scope), secret: secret || this.readsSecret(spec.value ?? '') });
        }
      }
    }
    return out;
  }

  http(spec: HttpSpec, path: YamlPath, scope: Scope): PlanHttp {
    const url = this.template(spec.url, 'url', [...path, 'url'], scope);
    if (!url.deferred && !url.text.includes(SENTINEL) && !url.text.includes('⟨')) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url.text);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        if (this.mode === 'compile') this.error('http.url', this.t('http.url', { url: JSON.stringify(url.text) }), [...path, 'url'], this.t('http.urlHint'));
      }
    }
    const request: PlanHttp = {
      method: spec.method ?? 'GET',
      url,
      headers: Object.entries(spec.headers ?? {}).map(([name, value]) => ({ name, value: this.template(value, 'text', [...path, 'headers', name], scope) })),
      bodyIsJson: false,
      json: Object.entries(spec.json ?? {}).map(([p, expected]) => ({ path: p, expected: this.expectation(expected, [...path, 'json', p], scope) })),
      timeoutMs: this.duration(spec.timeout, planDefaults.httpTimeoutMs, [...path, 'timeout'], 'timeout'),
    };
    if (spec.body !== undefined) {
      if (typeof spec.body === 'string') {
        for (const issue of templatesInJsonStrings(spec.body)) {
          const { message, hint } = templateIssueText(issue, this.t);
          this.error(issue.code, this.t('tpl.issueIn', { message, where: scope.where }), [...path, 'body'], hint, issue);
        }
        request.body = this.template(spec.body, 'text', [...path, 'body'], scope);
      } else {
        const rendered = this.jsonBody(spec.body, [...path, 'body'], scope);
        request.body = { text: JSON.stringify(rendered), source: JSON.stringify(spec.body), kind: 'text', deferred: false, raw: [] };
        request.bodyIsJson = true;
      }
    }
    if (spec.status !== undefined) request.status = Array.isArray(spec.status) ? [...spec.status] : [spec.status];
    if (spec.contains !== undefined) request.contains = this.expectation(spec.contains, [...path, 'contains'], scope) as string;
    return request;
  }

  /**
   * An expected value of an HTTP probe. Strings are templates over parameters; a lone `{{param}}`
   * keeps the parameter's type, so `version: '{{model_version}}'` compares as a number when it is one.
   */
  expectation(value: unknown, path: YamlPath, scope: Scope): unknown {
    if (typeof value !== 'string' || !value.includes('{{')) return value;
    const lone = /^\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}$/.exec(value);
    const r = this.template(value, 'text', path, { ...scope, steps: NO_STEPS, where: this.t('where.expected', { where: scope.where }) });
    if (lone && this.paramNames.includes(lone[1]!)) return this.values[lone[1]!] ?? '';
    return r.text;
  }

  jsonBody(value: unknown, path: YamlPath, scope: Scope): unknown {
    if (typeof value === 'string') {
      const r = this.template(value, 'text', path, scope);
      if (r.deferred) this.error('http.body-deferred', this.t('http.bodyDeferred'), path, this.t('http.bodyDeferredHint'));
      return r.text;
    }
    if (Array.isArray(value)) return value.map((v, i) => this.jsonBody(v, [...path, i], scope));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.jsonBody(v, [...path, k], scope)]));
    }
    return value;
  }

  probeAction(spec: { run?: string; http?: HttpSpec }, path: YamlPath, scope: Scope): PlanProbeAction {
    if (spec.http) return { kind: 'http', request: this.http(spec.http, [...path, 'http'], scope) };
    return { kind: 'run', command: this.template(spec.run ?? '', 'shell', [...path, 'run'], scope) };
  }

  /** What probes and rollbacks share: a run/http action with retries, delay, timeout, cwd, env, name. */
  private probeLike(spec: Probe | Rollback, path: YamlPath, scope: Scope, timeoutMs: number): PlanProbe {
    const location = this.planLocation(path);
    if (typeof spec === 'string') {
      return { action: { kind: 'run', command: this.template(spec, 'shell', path, scope) }, retries: 0, delayMs: 1000, timeoutMs, env: [], location };
    }
    const out: PlanProbe = {
      action: this.probeAction(spec as { run?: string; http?: HttpSpec }, path, scope),
      retries: (spec.retries as number | undefined) ?? 0,
      delayMs: this.duration(spec.delay as Duration | undefined, 1000, [...path, 'delay'], 'delay'),
      timeoutMs: this.duration(spec.timeout as Duration | undefined, timeoutMs, [...path, 'timeout'], 'timeout'),
      env: this.env(spec.env as Playbook['env'], [...path, 'env'], scope),
      location,
    };
    if (spec.name !== undefined) out.name = this.textValue(spec.name as Text, [...path, 'name'], scope);
    if (spec.cwd !== undefined) out.cwd = this.template(spec.cwd as string, 'text', [...path, 'cwd'], scope);
    return out;
  }

  probe(spec: Probe, path: YamlPath, scope: Scope): PlanProbe {
    return this.probeLike(spec, path, scope, planDefaults.probeTimeoutMs);
  }

  rollback(spec: Rollback, path: YamlPath, scope: Scope): PlanRollback {
    const rb: PlanRollback = this.probeLike(spec, path, scope, planDefaults.stepTimeoutMs);
    if (typeof spec !== 'string' && spec.verify !== undefined) rb.verify = this.probe(spec.verify as Probe, [...path, 'verify'], scope);
    return rb;
  }

  action(step: Step, path: YamlPath, scope: Scope): PlanAction {
    if (step.run !== undefined) return { kind: 'run', command: this.template(step.run, 'shell', [...path, 'run'], scope) };
    if (step.http) return { kind: 'http', request: this.http(step.http, [...path, 'http'], scope) };
    if (step.wait) {
      return {
        kind: 'wait',
        probe: this.probeAction(step.wait as { run?: string; http?: HttpSpec }, [...path, 'wait'], scope),
        intervalMs: this.duration(step.wait.interval, planDefaults.waitIntervalMs, [...path, 'wait', 'interval'], 'timeout'),
        timeoutMs: this.duration(step.wait.timeout, planDefaults.waitTimeoutMs, [...path, 'wait', 'timeout'], 'timeout'),
      };
    }
    if (step.confirm !== undefined) {
      const spec = step.confirm;
      const isObject = typeof spec === 'object' && 'message' in spec;
      const message = isObject ? (spec as { message: Text }).message : (spec as Text);
      const action: PlanAction = { kind: 'confirm', message: this.textValue(message, isObject ? [...path, 'confirm', 'message'] : [...path, 'confirm'], scope) };
      const word = isObject ? (spec as { type?: string }).type : undefined;
      if (word !== undefined) action.typeWord = this.template(word, 'text', [...path, 'confirm', 'type'], scope);
      return action;
    }
    if (step.playbook) {
      const params: Record<string, string> = {};
      const secret: string[] = [];
      for (const [name, value] of Object.entries(step.playbook.params ?? {})) {
        const r = typeof value === 'string' ? this.template(value, 'text', [...path, 'playbook', 'params', name], { ...scope, steps: NO_STEPS }) : literal(String(value));
        params[name] = r.text;
        // Secrecy travels with the value: the included playbook gets it as a secret parameter.
        if (typeof value === 'string' && this.readsSecret(value)) secret.push(name);
      }
      const action = { kind: 'playbook' as const, path: step.playbook.path, plan: undefined as unknown as CompiledPlan };
      this.includes.push({ action, params, secret, path: [...path, 'playbook', 'path'] });
      return action;
    }
    if (step.notify) {
      const n = step.notify;
      const action: PlanAction = {
        kind: 'notify',
        via: n.via ?? 'webhook',
        url: this.template(n.url, 'url', [...path, 'notify', 'url'], scope),
        message: this.template(n.message, 'text', [...path, 'notify', 'message'], scope),
      };
      if (n.title !== undefined) action.title = this.template(n.title, 'text', [...path, 'notify', 'title'], scope);
      return action;
    }
    this.error('step.no-action', this.t('step.noAction', { id: step.id }), path, this.t('step.noActionHint'));
    return { kind: 'run', command: literal('') };
  }

  /** A step; `index` counts `steps` then `finally`, so the steps before it are those with a lower one. */
  step(step: Step, path: YamlPath, index: number): PlanStep {
    const where = (field: string) => this.t('where.step', { id: step.id, field });
    const pre: Scope = { steps: this.before(index), sandbox: false, where: where('run') };
    const withSelf: Scope = { steps: this.before(index + 1), sandbox: false, where: where('verify') };
    const out: PlanStep = {
      id: step.id,
      action: this.action(step, path, pre),
      timeoutMs: this.duration(step.timeout, planDefaults.stepTimeoutMs, [...path, 'timeout'], 'timeout'),
      retries: step.retries ?? 0,
      delayMs: this.duration(step.delay, 1000, [...path, 'delay'], 'delay'),
      backoff: step.backoff ?? planDefaults.backoff,
      continueOnError: step.continue_on_error === true,
      env: this.env(step.env, [...path, 'env'], { ...pre, where: where('env') }),
      parse: step.parse ?? 'text',
      location: this.planLocation(path),
    };
    if (step.name !== undefined) out.name = this.textValue(step.name, [...path, 'name'], { ...pre, where: where('name') });
    if (step.description !== undefined) out.description = step.description;
    if (step.when !== undefined) out.when = this.template(step.when, 'text', [...path, 'when'], { ...pre, where: where('when') });
    if (step.check !== undefined) out.check = this.probe(step.check, [...path, 'check'], { ...pre, where: where('check') });
    if (step.verify !== undefined) out.verify = this.probe(step.verify, [...path, 'verify'], withSelf);
    if (step.rollback !== undefined) out.rollback = this.rollback(step.rollback, [...path, 'rollback'], { ...withSelf, where: where('rollback') });
    if (step.cwd !== undefined) out.cwd = this.template(step.cwd, 'text', [...path, 'cwd'], { ...pre, where: where('cwd') });
    else if (this.defaultCwd) out.cwd = this.defaultCwd;
    if (step.parse === 'json' && step.run === undefined && step.http === undefined) {
      this.error('step.parse', this.t('step.parse', { id: step.id }), [...path, 'parse']);
    }
    return out;
  }

  steps(list: readonly Step[], base: YamlPath, offset: number): PlanStep[] {
    return list.map((s, i) => this.step(s, [...base, i], offset + i));
  }

  build(): CompiledPlan {
    const pb = this.pb;
    const params = this.resolveParams();
    const none: Scope = { steps: NO_STEPS, sandbox: false, where: 'env' };
    const env = this.env(pb.env, ['env'], none);
    for (const p of params) {
      if (p.secret && p.value !== undefined) env.push({ name: secretEnvName(p.name), value: literal(String(p.value)), secret: true });
    }
    if (pb.cwd !== undefined) this.defaultCwd = this.template(pb.cwd, 'text', ['cwd'], { ...none, where: 'cwd' });
    const withDefaultCwd = (probe: PlanProbe): PlanProbe => (probe.cwd || !this.defaultCwd ? probe : { ...probe, cwd: this.defaultCwd });
    const preconditions = (pb.preconditions ?? []).map((p, i) => withDefaultCwd(this.probe(p, ['preconditions', i], { steps: NO_STEPS, sandbox: false, where: this.t('where.precondition', { n: i + 1 }) })));
    const steps = this.steps(pb.steps, ['steps'], 0);
    const afterMain = this.before(pb.steps.length);
    const postconditions = (pb.postconditions ?? []).map((p, i) => withDefaultCwd(this.probe(p, ['postconditions', i], { steps: afterMain, sandbox: false, where: this.t('where.postcondition', { n: i + 1 }) })));
    const finallySteps = this.steps(pb.finally ?? [], ['finally'], pb.steps.length);
    const playbook: CompiledPlan['playbook'] = {
      name: pb.name,
      // `title` is optional: the name stands in for it everywhere a plan is shown.
      title: pb.title ?? pb.name,
      risk: pb.risk ?? 'medium',
      tags: [...(pb.tags ?? [])],
      file: this.loaded.file,
      lock: pb.lock ?? pb.name,
      onInterrupt: pb.on_interrupt ?? 'rollback',
    };
    if (pb.description !== undefined) playbook.description = pb.description;
    if (this.defaultCwd) playbook.cwd = this.defaultCwd.text;
    return {
      formatVersion: 1,
      playbook,
      params,
      env,
      preconditions,
      steps,
      postconditions,
      finally: finallySteps,
      warnings: this.warnings,
      sandbox: this.options.sandbox !== undefined,
    };
  }
}

/** The message and hint of a problem found while parsing a template, in the translator's language. */
export function templateIssueText(issue: TemplateIssue, t: Translator<CompileKey>): { message: string; hint?: string } {
  const name = issue.name ?? '?';
  switch (issue.code) {
    case 'template.syntax':
      return { message: t('tpl.syntax', { detail: issue.detail ?? '' }), hint: t('tpl.syntaxHint') };
    case 'template.unknown-helper':
      return { message: t('tpl.unknownHelper', { name }), hint: t('tpl.unknownHelperHint', { helpers: (issue.helpers ?? []).join(', ') }) };
    case 'template.triple-stash':
      return { message: t('tpl.tripleStash'), hint: t('tpl.tripleStashHint') };
    case 'template.in-quotes':
      return { message: t(issue.quote === 'single' ? 'tpl.inSingleQuotes' : 'tpl.inDoubleQuotes', { name }), hint: t('tpl.inQuotesHint') };
    case 'template.unknown-block':
      return { message: t('tpl.unknownBlock', { name }), hint: t('tpl.unknownBlockHint') };
    case 'template.partial':
      return { message: t('tpl.partial') };
    case 'template.in-heredoc':
      return { message: t('tpl.inHeredoc', { name }), hint: t('tpl.inHeredocHint', { name }) };
    case 'template.url-scheme':
      return { message: t('tpl.urlScheme', { name }), hint: t('tpl.urlSchemeHint') };
    case 'template.branch-url':
      return { message: t('tpl.branchUrl', { name }), hint: t('tpl.branchUrlHint') };
    case 'template.in-json-string':
      return { message: t('tpl.inJsonString', { name }), hint: t('tpl.inJsonStringHint', { name }) };
    case 'template.after-backslash':
      return { message: t('tpl.afterBackslash', { name }), hint: t('tpl.afterBackslashHint') };
    case 'template.branch-quotes':
      return { message: t('tpl.branchQuotes', { name }), hint: t('tpl.branchQuotesHint') };
    case 'template.decorator':
      return { message: t('tpl.decorator') };
    default:
      return issue.name !== undefined
        ? { message: t('tpl.unsupportedPath', { name }), hint: t('tpl.unsupportedPathHint') }
        : { message: t('tpl.unsupportedConstruct', { type: issue.detail ?? '?' }) };
  }
}

function literal(text: string): Rendered {
  return { text, source: text, kind: 'text', deferred: false, raw: [] };
}

/** Placeholder values for step outputs at compile time: rendered as ⟨steps.x.stdout⟩ in plans. */
function placeholderSteps(references: readonly TemplateReference[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const ref of references) {
    if (ref.parts[0] !== 'steps') continue;
    let node = root;
    const parts = ref.parts.slice(1);
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!(part in node)) node[part] = `${SENTINEL}steps.${parts.join('.')}${SENTINEL}`;
      } else {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

async function defaultLoadInclude(absolutePath: string, lang: Lang | undefined): Promise<LoadedPlaybook> {
  const { loadPlaybookFile } = await import('./load.js');
  return loadPlaybookFile(absolutePath, lang ? { lang } : {});
}

/**
 * Compiles a loaded playbook with parameter values into a frozen plan. Every problem of the
 * templates and parameters is collected; if there is any, throws InvalidPlaybookError (exit 2).
 */
export async function compilePlaybook(loaded: LoadedPlaybook, options: CompileOptions = {}): Promise<CompiledPlan> {
  const { compileTemplate } = await import('./template-render.js');
  const compiler = new Compiler(loaded, options, 'compile', compileTemplate);
  const plan = compiler.build();
  await compileIncludes(compiler, loaded, options);
  const errors = compiler.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InvalidPlaybookError(loaded.file, uniqueDiagnostics(compiler.diagnostics));
  return deepFreeze(plan);
}

/** Loads included playbooks, each file once per top-level compile (and its nested ones). */
function includeLoader(options: CompileOptions, cache: Map<string, Promise<LoadedPlaybook>>): (absolute: string) => Promise<LoadedPlaybook> {
  return (absolute) => {
    let loading = cache.get(absolute);
    if (!loading) {
      loading = options.loadInclude ? options.loadInclude(absolute) : defaultLoadInclude(absolute, options.lang);
      // Awaited later (or never, when the graph check stops first): not an unhandled rejection meanwhile.
      loading.catch(() => {});
      cache.set(absolute, loading);
    }
    return loading;
  };
}

/**
 * Compiles the playbooks a plan includes into its `playbook` actions. The top-level compile checks the
 * whole include graph first (include-graph.ts: cycles, depth, steps brought in); the steps compiled are
 * also counted as they are, so that no graph makes a compile expand without bound.
 */
async function compileIncludes(compiler: Compiler, loaded: LoadedPlaybook, options: CompileOptions): Promise<void> {
  if (compiler.includes.length === 0) return;
  const stack = [...(options.includeStack ?? []), loaded.absolutePath];
  const cache = options.includeCache ?? new Map<string, Promise<LoadedPlaybook>>();
  const budget = options.includeBudget ?? { steps: 0 };
  const loadInclude = includeLoader(options, cache);
  if (options.includeStack === undefined) {
    const read = async (absolute: string) => (await loadInclude(absolute)).playbook;
    const graph = await checkIncludeGraph({ file: loaded.file, absolutePath: loaded.absolutePath, playbook: loaded.playbook, locate: loaded.locate, read, lang: compiler.lang });
    compiler.diagnostics.push(...graph);
    if (graph.some((d) => d.code === 'include.too-many')) return;
  }
  for (const include of compiler.includes) {
    const absolute = resolve(dirname(loaded.absolutePath), include.action.path);
    if (stack.includes(absolute)) {
      compiler.error('include.cycle', compiler.t('include.cycle', { chain: [...stack, absolute].map((p) => p.split('/').pop()).join(' → ') }), include.path);
      continue;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      compiler.error('include.depth', compiler.t('include.depth', { max: MAX_INCLUDE_DEPTH }), include.path, compiler.t('include.depthHint'));
      continue;
    }
    try {
      const nested = await loadInclude(absolute);
      budget.steps += nested.playbook.steps.length + (nested.playbook.finally?.length ?? 0);
      if (budget.steps > MAX_INCLUDED_STEPS) {
        compiler.error('include.too-many', compiler.t('include.tooMany', { max: MAX_INCLUDED_STEPS }), include.path, compiler.t('include.tooManyHint'));
        return;
      }
      const nestedOptions = { ...options, params: include.params, secretParams: include.secret, includeStack: stack, includeCache: cache, includeBudget: budget };
      include.action.plan = await compilePlaybook(nested, nestedOptions);
    } catch (error) {
      if (error instanceof InvalidPlaybookError) compiler.diagnostics.push(...error.diagnostics);
      else compiler.error('include.load', compiler.t('include.load', { path: include.action.path, error: error instanceof Error ? error.message : String(error) }), include.path);
    }
  }
}

/** The same problem found twice (by the include graph and by compiling the include) is listed once. */
function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.location?.file, d.location?.line, d.location?.col]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks every template of a playbook without parameter values (for `validate`): unknown names,
 * step outputs read before the step runs, templates inside shell quotes, unknown helpers.
 * Messages are in `lang` (default: from the environment).
 */
export function checkTemplates(loaded: LoadedPlaybook, lang: Lang = detectLang()): Diagnostic[] {
  const compiler = new Compiler(loaded, { env: {}, lang }, 'check');
  compiler.build();
  return compiler.diagnostics;
}

/** Every env list of a plan: playbook, pre/postconditions, steps and their probes and rollbacks. */
function envLists(p: CompiledPlan): PlanEnv[][] {
  const probes = (s: PlanStep): (PlanProbe | undefined)[] => [s.check, s.verify, s.rollback, s.rollback?.verify];
  return [
    p.env,
    ...[...p.preconditions, ...p.postconditions].map((probe) => probe.env),
    ...[...p.steps, ...p.finally].flatMap((s) => [s.env, ...probes(s).map((probe) => probe?.env ?? [])]),
  ];
}

/** The values a plan took from runbook's environment (`from_env`), by variable, included playbooks too. */
export function fromEnvValues(plan: CompiledPlan): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: CompiledPlan) => {
    for (const list of envLists(p)) for (const e of list) if (e.fromEnv !== undefined) out[e.fromEnv] = e.value.text;
    for (const s of [...p.steps, ...p.finally]) if (s.action.kind === 'playbook' && s.action.plan) walk(s.action.plan);
  };
  walk(plan);
  return out;
}

/** Secret values of a plan (secret params and secret env), for redaction in every sink. */
export function collectSecrets(plan: CompiledPlan): string[] {
  const out = new Set<string>();
  const walk = (p: CompiledPlan) => {
    for (const param of p.params) if (param.secret && param.value !== undefined && String(param.value) !== '') out.add(String(param.value));
    const envs = envLists(p);
    for (const list of envs) for (const e of list) if (e.secret && e.value.text !== '') out.add(e.value.text);
    for (const s of [...p.steps, ...p.finally]) if (s.action.kind === 'playbook' && s.action.plan) walk(s.action.plan);
  };
  walk(plan);
  return [...out];
}
