// The private folder of a run's ssh control sockets: mode 0700, on a path short enough for a unix socket.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * sun_path holds 104 bytes on macOS and the BSDs (108 on Linux), and ssh adds a 17-character suffix to the socket's
 * name while it binds it: the folder must leave room for both and for the socket's own short name.
 */
export const SOCKET_PATH_MAX = 104;
const SSH_SUFFIX = 17;
const NAME_ROOM = 6;

/** Creates the folder (0700, owned by us) under XDG_RUNTIME_DIR, the temp folder or /tmp: the first that is short enough. */
export function makeControlDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.XDG_RUNTIME_DIR, tmpdir(), '/tmp'].filter((d): d is string => typeof d === 'string' && d.startsWith('/'));
  for (const base of candidates) {
    // mkdtemp adds 6 characters to the prefix.
    if (join(base, 'rb-XXXXXX').length + 1 + NAME_ROOM + SSH_SUFFIX >= SOCKET_PATH_MAX) continue;
    let dir: string;
    try {
      dir = mkdtempSync(join(base, 'rb-'));
    } catch {
      continue;
    }
    const info = statSync(dir);
    // mkdtemp makes it 0700; check, as a socket others could reach would be a door into every host of the run.
    if ((info.mode & 0o077) !== 0 || (process.getuid && info.uid !== process.getuid())) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    return dir;
  }
  throw new Error(`no folder for ssh control sockets with a path shorter than ${SOCKET_PATH_MAX - SSH_SUFFIX - NAME_ROOM} characters (tried ${candidates.join(', ')})`);
}
