// Rule destructive-param-without-pattern: `rm -rf` / `chown -R` on a parameter that has no `pattern` (or `enum`) to constrain it.
import { findDestructive } from '../../destructive.js';
import type { FindingDraft, LintRule } from '../types.js';

const MUSTACHE = /\{\{\s*(?:raw\s+)?([a-z_][a-z0-9_]*)\s*\}\}/g;

export const destructiveParamWithoutPattern: LintRule = {
  id: 'destructive-param-without-pattern',
  severity: 'error',
  summary: {
    en: '`rm -rf` or `chown -R` on a parameter without a `pattern`',
    'zh-CN': '`rm -rf` 或 `chown -R` 作用于没有 `pattern` 约束的参数',
  },
  check({ playbook, sites, t }) {
    const out: FindingDraft[] = [];
    const params = playbook.params ?? {};
    for (const site of sites.templates) {
      if (site.kind !== 'shell') continue;
      for (const match of findDestructive(site.source)) {
        if (match.kind !== 'rm-rf' && match.kind !== 'chown-r') continue;
        const segmentStart = Math.max(0, site.source.indexOf(match.segment));
        for (const ref of match.segment.matchAll(MUSTACHE)) {
          const name = ref[1]!;
          const spec = params[name];
          if (!spec || spec.pattern !== undefined || spec.enum !== undefined) continue;
          out.push({
            message: t('lint.destructive-param-without-pattern', { what: match.text, name }),
            hint: t('lint.destructive-param-without-pattern.hint', { name }),
            path: site.path,
            offset: segmentStart + (ref.index ?? 0),
          });
        }
      }
    }
    return out;
  },
};
