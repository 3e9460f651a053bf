// A throwaway PostgreSQL cluster for tests (Debian's postgresql): initdb in a temp dir, listening only on a unix socket there.
// PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user the package creates.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export function postgresBin(): string | undefined {
  const found = BIN_DIRS.find((d) => existsSync(join(d, 'initdb')));
  if (found) return found;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  return versions.length ? join(root, versions.sort().at(-1)!, 'bin') : undefined;
}

export interface Postgres {
  /** A connection string for a new empty database of this cluster. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

function userIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql; .ci/run does)');
  const ids = userIds();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const as = ids ? { uid: ids.uid, gid: ids.gid } : {};
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'runbook', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...as, encoding: 'utf8', cwd: dir });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const server: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-k', dir, '-c', "listen_addresses=", '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'], { ...as, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const base = `postgresql://runbook@/postgres?host=${encodeURIComponent(dir)}`;
  const { default: pg } = await import('pg');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited: ${log}`);
    const client = new pg.Client({ connectionString: base });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in time: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    async database(name) {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgresql://runbook@/${encodeURIComponent(name)}?host=${encodeURIComponent(dir)}`;
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT'); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
