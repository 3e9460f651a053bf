// Rule compose-down-without-up: `docker compose down` with no `docker compose up` in its rollback or in `finally` (here or of every playbook including this one).
import { findDestructive, isComposeUp } from '../../destructive.js';
import { actionCommands, rollbackCommand, type PlaybookSites } from '../sites.js';
import type { FindingDraft, LintRule } from '../types.js';

/** Whether a `finally` step runs `docker compose up` (or start/restart). */
export function composeUpInFinally(sites: PlaybookSites): boolean {
  return sites.steps.some((s) => s.list === 'finally' && actionCommands(s).some((c) => isComposeUp(c.source)));
}

export const composeDownWithoutUp: LintRule = {
  id: 'compose-down-without-up',
  severity: 'error',
  summary: {
    en: '`docker compose down` without a `docker compose up` in its rollback or in finally',
    'zh-CN': '`docker compose down` 的回滚或 finally 中没有 `docker compose up`',
  },
  check({ sites, t, included }) {
    const out: FindingDraft[] = [];
    // Here, or in the finally of every playbook including this one (it runs after the include).
    if (composeUpInFinally(sites) || included.upInFinally) return out;
    for (const site of sites.steps) {
      if (site.list === 'finally') continue;
      const rollback = rollbackCommand(site);
      if (rollback !== undefined && isComposeUp(rollback.source)) continue;
      for (const command of actionCommands(site)) {
        for (const match of findDestructive(command.source)) {
          if (match.kind !== 'compose-down') continue;
          out.push({
            message: t('lint.compose-down-without-up', { what: match.text, step: site.step.id }),
            hint: t('lint.compose-down-without-up.hint'),
            path: command.path,
            offset: Math.max(0, command.source.indexOf(match.segment)),
          });
        }
      }
    }
    return out;
  },
};
