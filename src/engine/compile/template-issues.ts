// The message and hint of each problem the template parser finds, in the compile's language.
import type { TemplateIssue } from '../template.js';
import type { Translator } from '../../i18n/index.js';
import type { CompileKey } from '../../i18n/compile.js';

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
