// Rule state-change-without-verify: a step that changes state (a non-read-only command, a POST/PUT/...) without `verify`.
import { isReadOnlyCommand } from '../../read-only.js';
import type { FindingDraft, LintRule } from '../types.js';

export const stateChangeWithoutVerify: LintRule = {
  id: 'state-change-without-verify',
  severity: 'warning',
  summary: {
    en: 'A step that changes state without a `verify` probe',
    'zh-CN': '会改变状态的步骤没有 `verify` 验证',
  },
  check({ sites, t }) {
    const out: FindingDraft[] = [];
    for (const site of sites.steps) {
      const s = site.step;
      if (s.verify !== undefined) continue;
      const changes =
        (typeof s.run === 'string' && !isReadOnlyCommand(s.run)) ||
        (s.http !== undefined && s.http.method !== undefined && !['GET', 'HEAD'].includes(s.http.method));
      if (!changes) continue;
      out.push({
        message: t('lint.state-change-without-verify', { step: s.id }),
        hint: t('lint.state-change-without-verify.hint'),
        path: [...site.path, 'id'],
      });
    }
    return out;
  },
};
