// `runbook unlock <lock-id>`: removes a lock left by a run that died (the id is in the "locked" message).
import { hostname } from 'node:os';
import { defineCommand } from '../context.js';
import { parseUnlock } from '../arguments/unlock.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { listLocks, LockedError, lockOrphan, unlockById, type LockInfo } from '../../engine/run/lock.js';
import { outputOnOneLine } from '../../ui/sanitize.js';
import { engineText } from '../../i18n/engine.js';
import { homeArg } from '../../engine/run/home.js';
import { runRoots } from '../homes.js';

const usage = {
  en: `Usage: runbook unlock <lock id> [--force] [--home DIR]
       runbook unlock --list [--home DIR]

Removes the lock with this id (shown when \`runbook play\` says a playbook is locked). A lock held by
a live process on this host is kept unless --force. A lock of a dead process on this host is
also taken over automatically by the next \`play\`.`,
  'zh-CN': `用法：runbook unlock <锁 ID> [--force] [--home 目录]
       runbook unlock --list [--home 目录]

移除指定 ID 的锁（\`runbook play\` 提示已锁定时会显示该 ID）。本机仍在运行的进程持有的锁不会被移除，除非使用 --force。
本机已终止进程遗留的锁，下一次 \`play\` 会自动接管。`,
};

/** A lock file is untrusted: its texts are shown inside their line, never as control sequences (␤ for a newline). */
function shown(info: LockInfo): LockInfo {
  const one = outputOnOneLine;
  return { ...info, lockId: one(info.lockId), key: one(info.key), playbook: one(info.playbook), runId: one(info.runId), user: one(info.user), host: one(info.host), since: one(info.since) };
}

export const command = defineCommand({
  usage,
  parse: parseUnlock,
  async run({ home: flag, action }, ctx) {
    const t = engineText(ctx.lang);
    const roots = runRoots(ctx, flag);
    const where = roots.filter((r) => !r.sandbox).map((r) => r.root).join(', ');
    if (action.list) {
      const locks = roots.flatMap((root) => listLocks(root.root));
      if (locks.length === 0) ctx.stdout.write(t('unlock.noLocks', { home: where }) + '\n');
      for (const { info: read, stale } of locks) {
        const info = shown(read);
        const key = info.sandbox ? `${info.key} ${t('unlock.sandbox')}` : info.key;
        ctx.stdout.write(t(stale ? 'unlock.lineStale' : 'unlock.line', { id: info.lockId, key, user: info.user, host: info.host, pid: info.pid, run: info.runId, since: info.since }) + '\n');
      }
      return ExitCode.ok;
    }
    const id = action.lockId;
    for (const { root, home } of roots) {
      const entry = listLocks(root).find((e) => e.info.lockId === id);
      if (!entry) continue;
      if (!entry.stale && entry.info.host === hostname() && !action.force) {
        // The holder's engine died but a step of its run still runs: say which, not "a live process".
        const orphan = lockOrphan(root, entry.info);
        if (orphan) throw new LockedError(entry.info, t, orphan, homeArg(home, ctx.env));
        throw new UserError(t('unlock.alive', { id, pid: entry.info.pid }), { exitCode: ExitCode.locked });
      }
      const found = unlockById(root, id);
      if (found) {
        const removed = shown(found);
        ctx.stdout.write(t('unlock.done', { key: removed.key, user: removed.user, host: removed.host, pid: removed.pid, run: removed.runId }) + '\n');
        return ExitCode.ok;
      }
    }
    throw new UserError(t('unlock.none', { id, home: where }));
  },
});
