// The one vocabulary of risk levels, run statuses and phases, for every command (list, plan, play, history, logs, review, lint).
// Catalogs that show these words (ui.ts, review.ts) must say them the same way: test/i18n/vocabulary.test.ts checks it.
import { defineCatalog, translator, type Lang } from './index.js';

export const wordsCatalog = defineCatalog({
  en: {
    'risk.low': 'low',
    'risk.medium': 'medium',
    'risk.high': 'high',
    'run.ok': 'ok',
    'run.failed': 'failed',
    'run.rollback_failed': 'rollback failed',
    'run.precondition_failed': 'precondition failed',
    'run.interrupted': 'interrupted',
    'run.gate_stopped': 'stopped at a gate',
    'run.running': 'running',
    'run.died': 'died',
    'run.diedStepRunning': 'died, step running',
    'run.check': '{status} (check)',
    'run.rollback': '{status} (rollback)',
    'phase.preconditions': 'Preconditions',
    'phase.steps': 'Steps',
    'phase.postconditions': 'Postconditions',
    'phase.rollback': 'Rollback',
    'phase.finally': 'Finally',
    ok: 'ok',
    failed: 'failed',
  },
  'zh-CN': {
    'risk.low': '低',
    'risk.medium': '中',
    'risk.high': '高',
    'run.ok': '成功',
    'run.failed': '失败',
    'run.rollback_failed': '回滚失败',
    'run.precondition_failed': '前置条件不满足',
    'run.interrupted': '已中断',
    'run.gate_stopped': '停在确认关卡',
    'run.running': '执行中',
    'run.died': '已终止',
    'run.diedStepRunning': '已终止，步骤仍在执行',
    'run.check': '{status}（check）',
    'run.rollback': '{status}（回滚）',
    'phase.preconditions': '前置条件',
    'phase.steps': '步骤',
    'phase.postconditions': '后置条件',
    'phase.rollback': '回滚',
    'phase.finally': '收尾',
    ok: '成功',
    failed: '失败',
  },
});

export type WordKey = keyof (typeof wordsCatalog)['en'];

/** `high` / `高`: a risk level in the user's language; an unknown value is shown as it is. */
export function riskWord(risk: string, lang: Lang): string {
  const key = `risk.${risk}`;
  return key in wordsCatalog.en ? translator(wordsCatalog, lang)(key as WordKey) : risk;
}

/** `rollback failed` / `回滚失败`: a run's status (as journaled) in the user's language; unknown values as they are. */
export function runStatusWord(status: string, lang: Lang): string {
  const key = `run.${status}`;
  return key in wordsCatalog.en ? translator(wordsCatalog, lang)(key as WordKey) : status;
}

/** `Preconditions` / `前置条件`: the title of a phase (a section of a run, its log and its plan). */
export function phaseWord(phase: string, lang: Lang): string {
  const key = `phase.${phase}`;
  return key in wordsCatalog.en ? translator(wordsCatalog, lang)(key as WordKey) : phase;
}

/** `ok` / `成功`, `failed` / `失败`: the outcome of a phase or probe. */
export function outcomeWord(ok: boolean, lang: Lang): string {
  return translator(wordsCatalog, lang)(ok ? 'ok' : 'failed');
}

/** ` (text)` after a word in English, `（text）` in Chinese (no space before full-width parentheses). */
export function parenthetical(text: string, lang: Lang): string {
  return lang === 'zh-CN' ? `（${text}）` : ` (${text})`;
}

/** `label: ` in English, `label：` in Chinese. */
export function labelled(label: string, lang: Lang): string {
  return lang === 'zh-CN' ? `${label}：` : `${label}: `;
}
