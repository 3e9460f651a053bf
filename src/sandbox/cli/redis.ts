// Simulated `redis-cli`: keys, FLUSHALL/FLUSHDB, SAVE/BGSAVE/LASTSAVE, SHUTDOWN, CONFIG GET, INFO and `--rdb <file>`, persisted as redis:7 does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REDIS_CONFIG, saveRdb, serializeRdb } from '../redis-store.js';
import { running, stopContainer } from '../world.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

function glob(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

const wrongArgs = (cmd: string) => fail(`(error) ERR wrong number of arguments for '${cmd.toLowerCase()}' command`);

/** `--rdb <file>`: the server streams its data set (diskless, its own dump.rdb untouched) and redis-cli writes it. */
function rdbTo(ctx: CliContext, target: string, resolvePath: (p: string) => string | undefined): CliResult {
  const data = serializeRdb(ctx.state.redis);
  if (target === '-') return ok(data, 'sending REPLCONF capa eof\nTransfer finished with success.\n');
  const file = resolvePath(target);
  if (!file) return fail(`Error opening file ${target}: No such file or directory`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  return ok('', `sending REPLCONF capa eof\nsending REPLCONF rdb-only 1\nSYNC sent to master, writing ${data.length} bytes to '${target}'\nTransfer finished with success.\n`);
}

function keyspace(db: Record<string, string>): string {
  const n = Object.keys(db).length;
  return n ? `db0:keys=${n},expires=0,avg_ttl=0\n` : '';
}

/** `resolvePath` maps a file argument to the host (inside a container: through its mounts, else its own layer). */
export function redisCli(ctx: CliContext, argv: string[], resolvePath: (p: string) => string | undefined = (p) => resolve(ctx.cwd, p)): CliResult {
  const args = [...argv];
  let rdb: string | undefined;
  while (args[0]?.startsWith('-')) {
    const opt = args.shift()!;
    if (opt === '--rdb') rdb = args.shift();
    else if (['-h', '-p', '-n', '-a', '--user', '--pass', '-u'].includes(opt)) args.shift();
  }
  if (!running(ctx.state, 'redis')) return fail('Could not connect to Redis at 127.0.0.1:6379: Connection refused');
  if (rdb !== undefined) return rdbTo(ctx, rdb, resolvePath);
  const db = ctx.state.redis;
  const [cmdRaw = 'PING', ...rest] = args;
  const cmd = cmdRaw.toUpperCase();
  switch (cmd) {
    case 'PING':
      return ok('PONG\n');
    case 'DBSIZE':
      return ok(`${Object.keys(db).length}\n`);
    case 'FLUSHALL':
      // With save points configured (the default), FLUSHALL saves at once: dump.rdb is empty from now on.
      for (const k of Object.keys(db)) delete db[k];
      saveRdb(ctx.state, ctx.paths);
      return ok('OK\n');
    case 'FLUSHDB':
      // FLUSHDB does not save: dump.rdb keeps the keys until the next save (shutdown included).
      for (const k of Object.keys(db)) delete db[k];
      return ok('OK\n');
    case 'SAVE':
      saveRdb(ctx.state, ctx.paths);
      return ok('OK\n');
    case 'BGSAVE':
      saveRdb(ctx.state, ctx.paths);
      return ok('Background saving started\n');
    case 'LASTSAVE':
      return ok(`${ctx.state.redisLastSave ?? 0}\n`);
    case 'SHUTDOWN': {
      const nosave = rest.some((a) => a.toUpperCase() === 'NOSAVE');
      // The server exits; its container (no restart policy) stops with it.
      stopContainer(ctx.state, ctx.paths, 'redis', nosave ? 'KILL' : 'TERM');
      return ok();
    }
    case 'CONFIG': {
      if (rest[0]?.toUpperCase() !== 'GET') return fail(`(error) ERR the runbook sandbox simulates only CONFIG GET (${rest[0] ?? ''} would change the server)`);
      const re = glob(rest[1] ?? '');
      return ok(lines(Object.entries(REDIS_CONFIG).filter(([k]) => re.test(k)).flat()));
    }
    case 'KEYS': {
      const re = glob(rest[0] ?? '*');
      return ok(lines(Object.keys(db).filter((k) => re.test(k)).sort()));
    }
    case 'EXISTS':
      return ok(`${rest.filter((k) => k in db).length}\n`);
    case 'GET':
      return ok(`${db[rest[0] ?? ''] ?? ''}\n`);
    case 'SET':
      if (rest.length < 2) return wrongArgs(cmd);
      db[rest[0]!] = rest[1]!;
      return ok('OK\n');
    case 'DEL':
    case 'UNLINK': {
      if (rest.length === 0) return wrongArgs(cmd);
      let n = 0;
      for (const k of rest) {
        if (k in db) {
          delete db[k];
          n++;
        }
      }
      return ok(`${n}\n`);
    }
    case 'INFO':
      return ok(
        `# Server\nredis_version:7.2.5\n# Memory\nused_memory:${1024 * 1024 + 64 * Object.keys(db).length}\nused_memory_human:1.00M\nmaxmemory_human:2.00G\n` +
          `# Persistence\nrdb_last_save_time:${ctx.state.redisLastSave ?? 0}\naof_enabled:0\n# Keyspace\n${keyspace(db)}`,
      );
    default:
      return fail(`(error) ERR unknown command '${cmdRaw}', with args beginning with: ${rest.map((r) => `'${r}'`).join(' ')}`);
  }
}
