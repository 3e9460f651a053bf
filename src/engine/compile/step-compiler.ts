// The compiler as a step kind sees it (src/steps/compiler.ts): its templates, texts, durations and errors,
// bound to the scope of the step or probe being compiled.
import type { StepCompiler } from '../../steps/compiler.js';
import { templatesInJsonStrings } from '../template.js';
import type { Compiler } from './compiler.js';
import { templateIssueText } from './template-issues.js';
import { known, NO_STEPS, readsSecret, template, textValue, type Scope } from './templates.js';

export function stepCompiler(c: Compiler, scope: Scope): StepCompiler {
  return {
    lang: c.lang,
    where: scope.where,
    template: (source, kind, at, narrowed) => {
      if (!narrowed) return template(c, source, kind, at, scope);
      return template(c, source, kind, at, { ...scope, ...(narrowed.outputs === false ? { steps: NO_STEPS } : {}), ...(narrowed.where !== undefined ? { where: narrowed.where } : {}) });
    },
    text: (value, at) => textValue(c, value, at, scope),
    duration: (value, fallbackMs, at, kind) => c.duration(value, fallbackMs, at, kind),
    error: (code, message, at, hint) => c.error(code, message, at, hint),
    known: (rendered) => known(c, rendered),
    param: (name) => (c.paramNames.includes(name) ? { value: c.values[name] } : undefined),
    readsSecret: (source) => readsSecret(c, source),
    checkJsonStrings: (source, at) => {
      for (const issue of templatesInJsonStrings(source)) {
        const { message, hint } = templateIssueText(issue, c.t);
        c.error(issue.code, c.t('tpl.issueIn', { message, where: scope.where }), at, hint, issue);
      }
    },
  };
}
