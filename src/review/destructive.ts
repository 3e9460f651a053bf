// Destructive shell commands (rm -rf, chown -R, FLUSHALL, docker compose down, DROP, kill, ...) of a command text, for lint and plans.
import { classifyShell, type DestructiveMatch } from '../shell/classify.js';

export type { DestructiveKind, DestructiveMatch } from '../shell/classify.js';

/** Every destructive operation in a command, in order (the shared classifier, the one authoring uses too). */
export function findDestructive(command: string): DestructiveMatch[] {
  return classifyShell(command).destructive;
}

/** True when the command brings a compose stack (or a service of it) back up. */
export function isComposeUp(command: string): boolean {
  return /\bdocker(?:\s+compose|-compose)\b(?:\s+-{1,2}[\w-]+(?:[=\s]+\S+)?)*\s+(up|start|restart)\b/.test(command);
}
