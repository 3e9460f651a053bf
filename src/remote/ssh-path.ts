// The ssh client's path, looked up once per PATH value: every command on a host spawns ssh (see process/command-path.ts).
import { commandPath } from '../process/command-path.js';

/** The file execvp would run for `ssh` on `path`; just 'ssh' when none is there or PATH holds a relative folder. */
export const sshPath = (path: string | undefined): string => commandPath('ssh', path);
