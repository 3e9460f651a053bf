// Rule control-character: a control character in a playbook's text (ESC, BEL, CR, ...) can hide what runs from a reviewer.
import { findControlChars } from '../../../engine/control-chars.js';
import { describeField } from '../../../engine/schema-check.js';
import { translator } from '../../../i18n/index.js';
import { validateCatalog } from '../../../i18n/validate.js';
import type { FindingDraft, LintRule } from '../types.js';

export const controlCharacter: LintRule = {
  id: 'control-character',
  severity: 'error',
  summary: {
    en: 'A control character (ESC, BEL, CR, …) in a title, name, command or value',
    'zh-CN': '标题、名称、命令或取值中含有控制字符（ESC、BEL、CR 等）',
  },
  check({ playbook, lang, t }) {
    const where = translator(validateCatalog, lang);
    return findControlChars(playbook).map(
      (site): FindingDraft => ({
        message: t('lint.control-character', { field: describeField(site.path, playbook, where), char: site.name }),
        hint: t('lint.control-character.hint'),
        path: site.path,
        ...(site.key ? { key: true } : {}),
      }),
    );
  },
};
