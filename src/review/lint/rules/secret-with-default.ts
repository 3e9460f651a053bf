// Rule secret-with-default: a secret parameter with a `default` puts the secret in the repository.
import type { FindingDraft, LintRule } from '../types.js';

export const secretWithDefault: LintRule = {
  id: 'secret-with-default',
  severity: 'error',
  summary: {
    en: 'A secret parameter with a default value',
    'zh-CN': '秘密参数带有默认值',
  },
  check({ playbook, t }) {
    const out: FindingDraft[] = [];
    for (const [name, spec] of Object.entries(playbook.params ?? {})) {
      if (spec.secret === true && spec.default !== undefined) {
        out.push({ message: t('lint.secret-with-default', { name }), hint: t('lint.secret-with-default.hint', { name }), path: ['params', name, 'default'], key: true });
      }
    }
    return out;
  },
};
