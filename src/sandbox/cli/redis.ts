// Simulated `redis-cli`: PING, DBSIZE, KEYS, GET, SET, DEL, FLUSHALL, INFO and `--rdb <file>` against the sandbox's redis.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { running } from '../world.js';
import { fail, lines, ok, type CliContext, type CliResult } from './result.js';

function glob(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

/** `resolvePath` maps a file argument to the host (inside a container: through its mounts). */
export function redisCli(ctx: CliContext, argv: string[], resolvePath: (p: string) => string | undefined = (p) => resolve(ctx.cwd, p)): CliResult {
  const args = [...argv];
  let rdb: string | undefined;
  while (args[0]?.startsWith('-')) {
    const opt = args.shift()!;
    if (opt === '--rdb') rdb = args.shift();
    else if (['-h', '-p', '-n', '-a', '--user', '--pass'].includes(opt)) args.shift();
  }
  if (!running(ctx.state, 'redis')) return fail('Could not connect to Redis at 127.0.0.1:6379: Connection refused');
  const db = ctx.state.redis;
  if (rdb !== undefined) {
    const file = resolvePath(rdb);
    if (!file) return fail(`Error opening file ${rdb}: No such file or directory`);
    writeFileSync(file, JSON.stringify(db));
    return ok('', 'sending REPLCONF capa eof\nTransfer finished with success.\n');
  }
  const [cmdRaw = 'PING', ...rest] = args;
  const cmd = cmdRaw.toUpperCase();
  switch (cmd) {
    case 'PING':
      return ok('PONG\n');
    case 'DBSIZE':
      return ok(`${Object.keys(db).length}\n`);
    case 'FLUSHALL':
    case 'FLUSHDB':
      for (const k of Object.keys(db)) delete db[k];
      return ok('OK\n');
    case 'KEYS': {
      const re = glob(rest[0] ?? '*');
      return ok(lines(Object.keys(db).filter((k) => re.test(k)).sort()));
    }
    case 'GET':
      return ok(`${db[rest[0] ?? ''] ?? ''}\n`);
    case 'SET':
      if (rest.length < 2) return fail("(error) ERR wrong number of arguments for 'set' command");
      db[rest[0]!] = rest[1]!;
      return ok('OK\n');
    case 'DEL': {
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
      return ok(`# Server\nredis_version:7.2.5\n# Memory\nused_memory:${1024 * 1024 + 64 * Object.keys(db).length}\nused_memory_human:1.00M\nmaxmemory_human:2.00G\n# Keyspace\n${Object.keys(db).length ? `db0:keys=${Object.keys(db).length},expires=0,avg_ttl=0\n` : ''}`);
    default:
      return fail(`(error) ERR unknown command '${cmdRaw}', with args beginning with: ${rest.map((r) => `'${r}'`).join(' ')}`);
  }
}
