// Rule for-each-destructive-without-gate: a for_each step whose action is destructive (rm -rf, chown -R, FLUSHALL, docker compose down, DROP, kill …) with no confirm gate before it: one answer, or none, for every item.
import { findDestructive } from '../../destructive.js';
import { actionCommands, confirmBefore } from '../sites.js';
import type { FindingDraft, LintRule } from '../types.js';

export const forEachDestructiveWithoutGate: LintRule = {
  id: 'for-each-destructive-without-gate',
  severity: 'error',
  summary: {
    en: 'A for_each step runs a destructive command over every item with no confirmation gate before it',
    'zh-CN': 'for_each 步骤对每一项执行破坏性命令，之前却没有确认关卡',
  },
  check({ sites, t, included }) {
    const out: FindingDraft[] = [];
    if (included.gated) return out;
    for (const site of sites.steps) {
      // A rollback does not excuse a loop: the list decides how much is changed, and nobody saw it.
      if (site.step.for_each === undefined || confirmBefore(sites.steps, site)) continue;
      for (const command of actionCommands(site)) {
        const match = findDestructive(command.source)[0];
        if (!match) continue;
        out.push({
          message: t('lint.for-each-destructive-without-gate', { what: match.text, step: site.step.id }),
          hint: t('lint.for-each-destructive-without-gate.hint'),
          path: [...site.path, 'for_each'],
        });
      }
    }
    return out;
  },
};
