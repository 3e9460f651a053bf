// Tells read-only shell commands (cat, test, curl GET, docker compose ps, ...) from ones that may change state.
import { classifyShell } from '../shell/classify.js';

/** True when every simple command of a shell command only reads (the shared classifier; unknown commands change state). */
export function isReadOnlyCommand(command: string): boolean {
  return classifyShell(command).kind === 'read';
}
