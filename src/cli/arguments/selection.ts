// `--from STEP`, `--only NAME[,NAME]`, `--skip NAME[,NAME]` (repeatable): which steps run (src/engine/select.ts), for play and plan.
import type { SelectionArgs } from '../../engine/select.js';
import { selectText } from '../../i18n/select.js';
import type { ArgumentParser, OptionSpecs } from './parser.js';

export const SELECTION_OPTIONS = {
  from: { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
} as const satisfies OptionSpecs;

/** `--only`, `--skip` only: `resume` has a `--from` of its own (where to continue). */
export const RESELECTION_OPTIONS = { only: SELECTION_OPTIONS.only, skip: SELECTION_OPTIONS.skip } as const satisfies OptionSpecs;

/** The names of a repeatable, comma-separated option; an empty one (`a,,b`, `--only=`) is a problem. */
function names(parser: ArgumentParser, option: string, values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    for (const part of value.split(',')) {
      const name = part.trim();
      if (name === '') parser.problem(selectText(parser.lang)('emptyName', { option }));
      else if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}

export function readSelection(parser: ArgumentParser, values: { from?: string; only?: string[]; skip?: string[] }): SelectionArgs {
  const from = values.from?.trim();
  if (from === '') parser.problem(selectText(parser.lang)('emptyName', { option: '--from' }));
  return { ...(from ? { from } : {}), only: names(parser, '--only', values.only), skip: names(parser, '--skip', values.skip) };
}

/** The lines of `--help` for the selection options (play and plan describe them alike). */
export const SELECTION_HELP = {
  en: `      --from STEP           start at this step: the steps before it are left out
      --only NAME[,NAME]    run only the steps with these ids or tags (repeatable)
      --skip NAME[,NAME]    leave out the steps with these ids or tags (repeatable; finally
                            steps run unless named here)`,
  'zh-CN': `      --from 步骤           从该步骤开始：之前的步骤不执行
      --only NAME[,NAME]    只执行具有这些 ID 或标签的步骤（可重复）
      --skip NAME[,NAME]    不执行具有这些 ID 或标签的步骤（可重复；finally 步骤
                            除非在此指定，否则照常执行）`,
} as const;
