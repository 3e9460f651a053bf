// Rule rollback-deletes-backup: a rollback deletes (rm, find -delete, truncate, `>`, mv/cp over it, docker volume rm, DEL) a backup or snapshot a step of the playbook made.
import type { EnvMap, Playbook, Step } from '../../../engine/playbook.gen.js';
import { backupsOf, changedPaths, deletionsOf, destroyedBackup, type Backup, type ShellContext } from '../backups.js';
import { actionCommands, rollbackCommand, type StepSite } from '../sites.js';
import type { FindingDraft, LintRule } from '../types.js';

/** The `env:` values written as plain text (templates kept): what `$NAME` in a command stands for. */
function envText(...maps: (EnvMap | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const map of maps) {
    for (const [name, value] of Object.entries(map ?? {})) {
      if (typeof value === 'string') out[name] = value;
      else if (value && typeof value === 'object' && typeof value.value === 'string') out[name] = value.value;
    }
  }
  return out;
}

function actionContext(playbook: Readonly<Playbook>, step: Step): ShellContext {
  const cwd = step.cwd ?? playbook.cwd;
  return { ...(cwd !== undefined ? { cwd } : {}), env: envText(playbook.env, step.env) };
}

/** A rollback runs in the step's cwd and with its env unless it names its own. */
function rollbackContext(playbook: Readonly<Playbook>, step: Step): ShellContext {
  const own = typeof step.rollback === 'object' ? step.rollback : undefined;
  const cwd = own?.cwd ?? step.cwd ?? playbook.cwd;
  return { ...(cwd !== undefined ? { cwd } : {}), env: envText(playbook.env, step.env, own?.env) };
}

/** Every backup the actions of the playbook's steps make (a rollback of any step may run after any of them). */
function playbookBackups(playbook: Readonly<Playbook>, sites: readonly StepSite[]): Backup[] {
  const steps = sites.filter((s) => s.list === 'steps');
  const changed = steps.flatMap((s) => actionCommands(s).flatMap((c) => changedPaths(c.source, actionContext(playbook, s.step))));
  const isChanged = (path: string) => changed.some((c) => c === path || c.startsWith(path + '/') || path.startsWith(c + '/'));
  return steps.flatMap((s) => actionCommands(s).flatMap((c) => backupsOf(c.source, s.step.id, actionContext(playbook, s.step), isChanged)));
}

export const rollbackDeletesBackup: LintRule = {
  id: 'rollback-deletes-backup',
  severity: 'error',
  summary: {
    en: 'A rollback that deletes a backup or snapshot a step of the playbook made',
    'zh-CN': '回滚删除了 playbook 中某个步骤做的备份或快照',
  },
  check({ playbook, sites, t }) {
    const out: FindingDraft[] = [];
    const backups = playbookBackups(playbook, sites.steps);
    if (backups.length === 0) return out;
    for (const site of sites.steps) {
      const rollback = rollbackCommand(site);
      if (site.list !== 'steps' || rollback === undefined) continue;
      const { path, source: command } = rollback;
      for (const deletion of deletionsOf(command, rollbackContext(playbook, site.step))) {
        const backup = destroyedBackup(deletion, backups);
        if (!backup) continue;
        const at = command.indexOf(deletion.word);
        out.push({
          message: t('lint.rollback-deletes-backup', { step: site.step.id, what: deletion.what, path: deletion.kind === 'volumes' || deletion.kind === 'keys' ? backup.target : deletion.word, maker: backup.step }),
          hint: t('lint.rollback-deletes-backup.hint'),
          path,
          offset: Math.max(0, at),
        });
      }
    }
    return out;
  },
};
