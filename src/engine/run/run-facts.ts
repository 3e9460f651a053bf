// `{{run.*}}`: what `finally` steps and hooks read of the run — its id, playbook, status so far, the failed step and why.
import { formatDuration } from '../duration.js';
import type { RunStatus } from '../events.js';
import type { RunFacts } from '../hook-names.js';
import type { Redactor } from './redact-stream.js';

/** What does not change while a run goes: set once its journal is open. */
export interface RunAbout {
  id: string;
  playbook: string;
  journal: string;
  operator: string;
  host: string;
  started: number;
}

/** How a sequence stands after its steps and rollback (in `finally`), or how the run ended (in the hooks). */
export interface RunSoFar {
  status: RunStatus;
  failedStep?: string;
  error?: string;
}

/** The values of `{{run.*}}`; the error may quote a command's output, so its secrets are masked. */
export function runFacts(about: RunAbout, soFar: RunSoFar, redactor: Redactor, now = Date.now()): RunFacts {
  return {
    status: soFar.status,
    id: about.id,
    playbook: about.playbook,
    failed_step: soFar.failedStep ?? '',
    error: soFar.error ? redactor.redact(soFar.error) : '',
    // Tenths of a second are enough for a message: `12.3s`, `2m`.
    duration: formatDuration(Math.round((now - about.started) / 100) * 100),
    journal: about.journal,
    operator: about.operator,
    host: about.host,
  };
}
