// `resume`: the process groups a dead engine left running — refused like a lock, or stopped with
// --kill-orphans, but only when verified to be the run's own (groups.jsonl is untrusted input).
import type { CliContext } from '../context.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { formatDuration } from '../../engine/duration.js';
import { checkGroup, readGroups, stopOrphan, type GroupStarted, type GroupState } from '../../engine/run/groups.js';
import { JournalReadError } from '../../engine/run/journal.js';
import type { EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { join } from 'node:path';
import { outputOnOneLine } from '../../ui/sanitize.js';

interface Orphan {
  record: GroupStarted;
  state: Exclude<GroupState, { state: 'gone' }>;
}

/** The run's groups that may still run; a damaged groups.jsonl is refused (exit 2, naming the line). */
function orphansOf(dir: string, t: Translator<EngineKey>): Orphan[] {
  const { open, problems } = readGroups(dir);
  const problem = problems[0];
  if (problem) throw new JournalReadError(problem.path, problem.why, t);
  return open.map((record) => ({ record, state: checkGroup(record) })).filter((o): o is Orphan => o.state.state !== 'gone');
}

function unverifiedError(orphan: Orphan, runId: string, dir: string, t: Translator<EngineKey>): UserError {
  const why = t(orphan.state.state === 'unverified' && orphan.state.why === 'no-proc' ? 'groups.noProc' : 'groups.noProof');
  const { pgid, step } = orphan.record;
  return new UserError(t('resume.orphanUnverified', { pgid, step: outputOnOneLine(step), run: runId, why }), {
    exitCode: ExitCode.locked,
    hint: t('resume.orphanUnverifiedHint', { pgid, file: join(dir, 'groups.jsonl') }),
  });
}

/**
 * Without `kill`: exit 5 when a group of the run may still run (a second copy of its step must not
 * start). With `kill`: every such group must first be verified as the run's own, or nothing is
 * signalled (exit 5); then each is stopped as an interrupt would (SIGTERM, SIGKILL after the grace).
 */
export async function handleOrphans(ctx: CliContext, dir: string, runId: string, kill: boolean, graceMs: number, t: Translator<EngineKey>, homeArg = '', sandbox = false): Promise<void> {
  const orphans = orphansOf(dir, t);
  const first = orphans[0];
  if (!first) return;
  if (!kill) {
    const more = orphans.length > 1 ? t('resume.orphanMore', { count: orphans.length - 1 }) : '';
    const { step, pgid, since } = first.record;
    // A sandbox run cannot be resumed: only the group itself is named.
    const hint = sandbox ? t('lock.orphanHintSandbox', { pgid }) : t('resume.orphanHint', { run: runId, home: homeArg });
    throw new UserError(t('resume.orphan', { step: outputOnOneLine(step), run: runId, pgid, since: outputOnOneLine(since), more }), { exitCode: ExitCode.locked, hint });
  }
  const unverified = orphans.find((o) => o.state.state === 'unverified');
  if (unverified) throw unverifiedError(unverified, runId, dir, t);
  for (const orphan of orphans) {
    const { step, pgid, since } = orphan.record;
    ctx.stderr.write(t('resume.orphanStopping', { step: outputOnOneLine(step), run: runId, pgid, since: outputOnOneLine(since), grace: formatDuration(graceMs) }) + '\n');
    const stopped = await stopOrphan(orphan.record, graceMs);
    if (stopped === 'unverified') throw unverifiedError({ ...orphan, state: { state: 'unverified', why: 'no-proof' } }, runId, dir, t);
    if (stopped === 'stuck') throw new UserError(t('resume.orphanStuck', { pgid, step: outputOnOneLine(step), run: runId }), { exitCode: ExitCode.locked, hint: t('resume.orphanStuckHint', { pgid }) });
    ctx.stderr.write(t('resume.orphanStopped', { pgid }) + '\n');
  }
}
