// Rule missing-description: a playbook without a description, or whose title only repeats its name.
import type { FindingDraft, LintRule } from '../types.js';
import { pickText } from '../../../engine/text.js';

export const missingDescription: LintRule = {
  id: 'missing-description',
  severity: 'warning',
  summary: {
    en: 'Missing or placeholder title or description',
    'zh-CN': '缺少标题或描述（或仅为占位）',
  },
  check({ playbook, t }) {
    const out: FindingDraft[] = [];
    const titles = [pickText(playbook.title, 'en'), pickText(playbook.title, 'zh-CN')];
    if (titles.every((title) => title === undefined || title.trim() === '' || title.trim() === playbook.name)) {
      out.push({ message: t('lint.missing-description.title', { name: playbook.name }), hint: t('lint.missing-description.hint'), path: ['title'] });
    }
    const description = pickText(playbook.description, 'en');
    if (description === undefined || description.trim() === '') {
      out.push({ message: t('lint.missing-description.description'), hint: t('lint.missing-description.hint'), path: ['name'], key: true });
    }
    return out;
  },
};
