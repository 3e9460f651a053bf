// Checks of a rules file that need the playbooks it names: they load, the rule's parameters exist and its templates read only the alert.
import { relative } from 'node:path';
import type { Diagnostic } from '../engine/errors.js';
import type { LoadResult } from '../engine/read-playbook.js';
import type { ParseCache } from '../engine/parse-cache.js';
import { coerce, checkConstraints } from '../engine/params.js';
import { didYouMean } from '../engine/suggest.js';
import { parseTemplate } from '../engine/template.js';
import type { Lang } from '../i18n/index.js';
import { compileText } from '../i18n/compile.js';
import { serveText } from '../i18n/serve.js';
import type { Rules } from './rules.gen.js';
import type { Rule } from './rules.js';
import type { Locate } from './rules-load.js';

/** The names a rule's template may read: `labels.<name>` and `annotations.<name>`. */
export function isAlertReference(parts: readonly string[]): boolean {
  return parts.length === 2 && (parts[0] === 'labels' || parts[0] === 'annotations');
}

export async function checkRulePlaybooks(spec: Rules, rules: readonly Rule[], where: { file: string; locate: Locate; lang: Lang; cwd?: string | undefined; parseCache?: ParseCache | undefined }): Promise<Diagnostic[]> {
  const t = serveText(where.lang);
  const ct = compileText(where.lang);
  const { tryLoadPlaybookFile } = await import('../engine/load.js');
  const { templateIssueText } = await import('../engine/compile.js');
  const cache = new Map<string, Promise<LoadResult>>();
  const out: Diagnostic[] = [];
  const error = (code: string, message: string, hint: string | undefined, location: Diagnostic['location']) => {
    const d: Diagnostic = { code, severity: 'error', message };
    if (hint) d.hint = hint;
    if (location) d.location = location;
    out.push(d);
  };
  for (const [index, rule] of rules.entries()) {
    const shown = relative(where.cwd ?? process.cwd(), rule.playbook) || rule.playbook;
    let load = cache.get(rule.playbook);
    if (!load) cache.set(rule.playbook, (load = tryLoadPlaybookFile(rule.playbook, { lang: where.lang, ...(where.parseCache ? { parseCache: where.parseCache } : {}) })));
    const loaded = await load;
    if (!loaded.loaded || loaded.diagnostics.some((d) => d.severity === 'error')) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      const first = errors[0];
      const reason = first ? (errors.length > 1 ? `${first.message} ${t('rule.playbookMore', { count: errors.length - 1 })}` : first.message) : '';
      error('rules.playbook', t('rule.playbook', { rule: rule.name, path: shown, reason }), t('rule.playbookHint', { path: shown }), where.locate(['rules', index, 'playbook']));
      continue;
    }
    const specs = loaded.loaded.playbook.params ?? {};
    const names = Object.keys(specs);
    for (const [name, template] of Object.entries(spec.rules[index]!.params ?? {})) {
      // Located only for a message: a position costs a parse when the rules file came from the parse cache.
      const at = () => where.locate(['rules', index, 'params', name]);
      const spec = specs[name];
      if (!spec) {
        const guess = didYouMean(name, names);
        const hint = guess ? ct('didYouMean', { suggestion: guess }) : names.length > 0 ? t('rule.paramHint', { names: names.join(', ') }) : t('rule.noParams');
        error('rules.param', t('rule.param', { rule: rule.name, name, playbook: shown }), hint, where.locate(['rules', index, 'params', name], true));
        continue;
      }
      const parsed = parseTemplate(template, 'text');
      for (const issue of parsed.issues) {
        const text = templateIssueText(issue, ct);
        error(issue.code, t('rule.template', { rule: rule.name, name, message: text.message }), text.hint, at());
      }
      for (const ref of parsed.references) {
        if (!isAlertReference(ref.parts)) error('rules.template-name', t('rule.templateName', { rule: rule.name, name, ref: ref.parts.join('.') }), t('rule.templateNameHint'), at());
      }
      // A value without a template is known now: check it as `plan` would.
      if (parsed.literal && parsed.issues.length === 0) {
        const typed = coerce(spec.type ?? 'string', template);
        const problem = typed.error ? { key: typed.error, vars: {} } : checkConstraints(name, spec, typed.value!);
        if (problem) error('rules.value', t('rule.value', { rule: rule.name, name, reason: ct(problem.key, { name, ...problem.vars }) }), undefined, at());
      }
    }
    for (const [name, param] of Object.entries(specs)) {
      if (param.required && param.default === undefined && !(name in rule.params)) {
        error('rules.missing-param', t('rule.missingParam', { rule: rule.name, name, playbook: shown }), t('rule.missingParamHint', { name }), where.locate(['rules', index, 'playbook']));
      }
    }
  }
  return out;
}
