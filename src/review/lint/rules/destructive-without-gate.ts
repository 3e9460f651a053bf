// Rule destructive-without-gate: rm -rf, chown -R, FLUSHALL, docker compose down, DROP, kill with neither a confirm gate before it (here or before every include of this playbook) nor a rollback.
import { findDestructive } from '../../destructive.js';
import { actionCommands, confirmBefore } from '../sites.js';
import type { FindingDraft, LintRule } from '../types.js';

export const destructiveWithoutGate: LintRule = {
  id: 'destructive-without-gate',
  severity: 'error',
  summary: {
    en: 'A destructive command with neither a confirmation gate before it nor a rollback',
    'zh-CN': '破坏性命令之前没有确认关卡，也没有回滚',
  },
  check({ sites, t, included }) {
    const out: FindingDraft[] = [];
    // Every playbook including this one asks before the include step: the whole playbook is behind that gate.
    if (included.gated) return out;
    for (const site of sites.steps) {
      if (site.step.rollback !== undefined) continue;
      if (confirmBefore(sites.steps, site)) continue;
      for (const command of actionCommands(site)) {
        for (const match of findDestructive(command.source)) {
          const start = command.source.indexOf(match.segment);
          const word = match.segment.search(/\b(rm|ch(own|mod|grp)|FLUSH|docker|DROP|TRUNCATE|kill|pkill|killall)\b/i);
          out.push({
            message: t('lint.destructive-without-gate', { what: match.text, step: site.step.id }),
            hint: t('lint.destructive-without-gate.hint'),
            path: command.path,
            offset: Math.max(0, start) + Math.max(0, word),
          });
        }
      }
    }
    return out;
  },
};
