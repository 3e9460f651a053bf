// Loads a rules file of `runbook serve`: the playbook loader's safe YAML parser, the rules schema, then the rules' own checks.
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../engine/errors.js';
import type { NodePosition, YamlPath } from '../engine/loaded.js';
import { parseDuration } from '../engine/duration.js';
import { byPosition } from '../engine/diagnostic-order.js';
import { readPlaybookText, withoutBom, type LoadOptions } from '../engine/read-playbook.js';
import { checkSchema } from '../engine/schema-check.js';
import { detectLang, translator } from '../i18n/index.js';
import { validateCatalog } from '../i18n/validate.js';
import { serveText } from '../i18n/serve.js';
import rulesSchema from '../../runbooks/schemas/rules.schema.json' with { type: 'json' };
import validateRules from './rules-validator.gen.js';
import type { Rules, Rule as RuleSpec, Settings } from './rules.gen.js';
import { isMatcher, parseMatcher, type Matcher } from './matchers.js';
import { checkRulePlaybooks } from './rules-check.js';
import { NOTIFY_EVENTS, RULE_DEFAULTS, type Channel, type Rule, type RuleSet } from './rules.js';

/** What loading a rules file gives: its diagnostics, its text (for the snippets) and, when valid, the rules. */
export interface RulesLoadResult {
  file: string;
  diagnostics: Diagnostic[];
  source?: string;
  rules?: RuleSet;
}

/** Where a value is, as a diagnostic location. */
export type Locate = (path: YamlPath, key?: boolean) => Diagnostic['location'];

/** Reads, parses and checks a rules file; never throws for bad input. */
export async function loadRulesFile(path: string, options: LoadOptions = {}): Promise<RulesLoadResult> {
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return read;
  const lang = options.lang ?? detectLang();
  const t = translator(validateCatalog, lang);
  const source = withoutBom(read.text);
  const { parseYamlData } = await import('../engine/load.js');
  const cache = options.parseCache ? { store: options.parseCache, absolutePath: read.absolutePath } : undefined;
  const { data: yaml, diagnostics } = parseYamlData(path, source, t, cache);
  if (!yaml) return { file: path, diagnostics, source };
  const schema = { validate: validateRules, root: rulesSchema as Record<string, unknown> };
  const schemaDiagnostics = checkSchema(yaml.value, { file: path, locate: yaml.locate, locateKey: yaml.locateKey, t, lang, schema, documentName: serveText(lang)('rules.root') });
  if (schemaDiagnostics.length > 0) return { file: path, diagnostics: schemaDiagnostics, source };

  const at = (position: NodePosition | undefined): Diagnostic['location'] =>
    position ? { file: path, line: position.line, col: position.col, endLine: position.endLine, endCol: position.endCol } : undefined;
  const locate: Locate = (p, key) => at(key ? yaml.locateKey(p) : yaml.locate(p));
  const spec = yaml.value as Rules;
  const problems: Diagnostic[] = [];
  const rules = buildRules(spec, read.absolutePath, locate, problems, lang);
  problems.push(...(await checkRulePlaybooks(spec, rules, { file: path, locate, lang, cwd: options.cwd, parseCache: options.parseCache })));
  const sorted = problems.sort(byPosition);
  if (sorted.some((d) => d.severity === 'error')) return { file: path, diagnostics: sorted, source };
  return { file: path, diagnostics: sorted, source, rules: { file: read.absolutePath, rules, channels: buildChannels(spec) } };
}

function buildChannels(spec: Rules): Record<string, Channel> {
  const channels: Record<string, Channel> = {};
  for (const [name, c] of Object.entries(spec.notify ?? {})) {
    channels[name] = { name, via: c.via, url: typeof c.url === 'string' ? { value: c.url } : { fromEnv: c.url.from_env }, events: c.events ?? NOTIFY_EVENTS };
  }
  return channels;
}

/** The rules with every setting resolved (rule, then `defaults`, then built-in); problems of matchers, names and channels. */
function buildRules(spec: Rules, absolutePath: string, locate: Locate, problems: Diagnostic[], lang: ReturnType<typeof detectLang>): Rule[] {
  const t = serveText(lang);
  const defaults: Settings = spec.defaults ?? {};
  const seen = new Map<string, number>();
  const channelNames = Object.keys(spec.notify ?? {});
  const error = (code: string, message: string, hint: string | undefined, location: Diagnostic['location']) => {
    const d: Diagnostic = { code, severity: 'error', message };
    if (hint) d.hint = hint;
    if (location) d.location = location;
    problems.push(d);
  };
  return spec.rules.map((r: RuleSpec, index) => {
    // Positions only for a message: locating costs a parse when the YAML came from the parse cache.
    const first = seen.get(r.name);
    if (first !== undefined) {
      const line = locate(['rules', first, 'name'])?.line ?? 0;
      error('rules.duplicate', t('rule.duplicate', { name: r.name, line }), undefined, locate(['rules', index, 'name']));
    } else seen.set(r.name, index);
    const matchers: Matcher[] = [];
    r.match.forEach((text, i) => {
      const parsed = parseMatcher(text);
      if (isMatcher(parsed)) matchers.push(parsed);
      else if (parsed.key === 'matcher.syntax') error('rules.matcher', t('matcher.syntax', { matcher: JSON.stringify(text) }), t('matcher.syntaxHint'), locate(['rules', index, 'match', i]));
      else error('rules.matcher-regex', t('matcher.regex', { matcher: JSON.stringify(text), detail: parsed.detail }), t('matcher.regexHint'), locate(['rules', index, 'match', i]));
    });
    const notify = r.notify ?? defaults.notify ?? [];
    (r.notify ?? []).forEach((name, i) => {
      if (channelNames.includes(name)) return;
      const hint = channelNames.length > 0 ? t('rule.channelHint', { channels: channelNames.join(', ') }) : t('rule.noChannels');
      error('rules.channel', t('rule.channel', { rule: r.name, channel: name }), hint, locate(['rules', index, 'notify', i]));
    });
    (r.notify ? [] : (defaults.notify ?? [])).forEach((name, i) => {
      if (!channelNames.includes(name) && index === 0) error('rules.channel', t('rule.channel', { rule: r.name, channel: name }), undefined, locate(['defaults', 'notify', i]));
    });
    const approval = { ...defaults.approval, ...r.approval };
    const rule: Rule = {
      name: r.name,
      matchers,
      playbook: resolve(dirname(absolutePath), r.playbook),
      params: { ...(r.params ?? {}) },
      policy: r.policy ?? defaults.policy ?? RULE_DEFAULTS.policy,
      approval: {
        users: approval.approvers?.users ?? [],
        groups: approval.approvers?.groups ?? [],
        minApprovals: approval.min_approvals ?? RULE_DEFAULTS.minApprovals,
        timeoutMs: parseDuration(approval.timeout, RULE_DEFAULTS.approvalTimeoutMs),
      },
      cooldownMs: parseDuration(r.cooldown ?? defaults.cooldown, RULE_DEFAULTS.cooldownMs),
      maxConcurrent: r.max_concurrent ?? defaults.max_concurrent ?? RULE_DEFAULTS.maxConcurrent,
      maxRunsPerHour: r.max_runs_per_hour ?? defaults.max_runs_per_hour ?? RULE_DEFAULTS.maxRunsPerHour,
      resolveWithinMs: parseDuration(r.resolve_within ?? defaults.resolve_within, RULE_DEFAULTS.resolveWithinMs),
      notify,
    };
    if (r.description !== undefined) rule.description = r.description;
    return rule;
  });
}
