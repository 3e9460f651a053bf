// Rule raw-template: a value inserted with `{{raw …}}` (or `json`) is not shell-quoted: it can inject shell syntax.
import { parseTemplate } from '../../../engine/template.js';
import type { FindingDraft, LintRule } from '../types.js';

export const rawTemplate: LintRule = {
  id: 'raw-template',
  severity: 'warning',
  summary: {
    en: 'A raw (unquoted) template insertion',
    'zh-CN': '模板原样（未加引号）插入',
  },
  check({ sites, t }) {
    const out: FindingDraft[] = [];
    for (const site of sites.templates) {
      if (site.kind !== 'shell' || !site.source.includes('{{')) continue;
      for (const ref of parseTemplate(site.source, site.kind).references) {
        if (!ref.raw) continue;
        out.push({
          message: t('lint.raw-template', { name: ref.parts.join('.') }),
          hint: t('lint.raw-template.hint'),
          path: site.path,
          at: { line: ref.line, col: ref.col },
        });
      }
    }
    return out;
  },
};
