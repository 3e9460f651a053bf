// Settings read from the environment by more than one command, checked once with errors a user can act on.
import { UserError } from '../engine/errors.js';
import type { Lang } from '../engine/text.js';

/**
 * RUNBOOK_KILL_GRACE_MS: how long a stopped step's process group gets between SIGTERM and SIGKILL.
 * Undefined when unset; a value that is not a whole number of milliseconds is an error (exit 2),
 * never a silent "wait forever".
 */
export function killGraceFromEnv(env: NodeJS.ProcessEnv, lang: Lang): number | undefined {
  const raw = env.RUNBOOK_KILL_GRACE_MS;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw.trim())) {
    throw new UserError(
      lang === 'zh-CN'
        ? `RUNBOOK_KILL_GRACE_MS 必须是毫秒数（非负整数）；实际为 ${JSON.stringify(raw)}`
        : `RUNBOOK_KILL_GRACE_MS must be a whole number of milliseconds; got ${JSON.stringify(raw)}`,
      { hint: 'RUNBOOK_KILL_GRACE_MS=5000' },
    );
  }
  return Number(raw.trim());
}
