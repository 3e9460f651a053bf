// Which commands count as destructive (for lint, the plan summary and diffs).
import { describe, expect, it } from 'vitest';
import { findDestructive, isComposeUp } from '../../src/review/destructive.js';

describe('findDestructive', () => {
  it.each([
    ['rm -rf /srv/cache', 'rm-rf'],
    ['sudo rm -fr /srv/cache', 'rm-rf'],
    ['rm -r -f /srv/cache', 'rm-rf'],
    ['rm --recursive --force /x', 'rm-rf'],
    ['rm -r /tmp/dir', 'rm-rf'],
    ['chown -R 50000:50000 /srv', 'chown-r'],
    ['chmod -R 777 /srv', 'chown-r'],
    ['redis-cli flushall', 'flush'],
    ['docker compose exec -T redis redis-cli FLUSHDB', 'flush'],
    ['docker compose down', 'compose-down'],
    ['docker-compose -f prod.yml down -v', 'compose-down'],
    ['docker compose --project-name rec down', 'compose-down'],
    ['psql -c "DROP TABLE features"', 'drop'],
    ['psql -c "drop database airflow"', 'drop'],
    ['psql -c "TRUNCATE TABLE runs"', 'truncate'],
    ['kill -9 $(cat /run/api.pid)', 'kill'],
    ['pkill -f uvicorn', 'kill'],
  ])('%s → %s', (command, kind) => {
    expect(findDestructive(command).map((m) => m.kind)).toContain(kind);
  });

  it.each(['rm -f /tmp/a.lock', 'chown 1:1 /tmp/b', 'docker compose ps', 'kill -0 $(cat /run/api.pid)', 'echo dropped', 'docker compose up -d'])(
    'not destructive: %s',
    (command) => {
      expect(findDestructive(command)).toEqual([]);
    },
  );

  it('finds each destructive command of a script, in its own segment', () => {
    expect(findDestructive('cd /srv && rm -rf cache; docker compose down').map((m) => [m.kind, m.segment])).toEqual([
      ['rm-rf', 'rm -rf cache'],
      ['compose-down', 'docker compose down'],
    ]);
  });
});

describe('isComposeUp', () => {
  it.each(['docker compose up -d', 'docker-compose up', 'docker compose -f x.yml start api', 'docker compose restart'])('%s', (command) => {
    expect(isComposeUp(command)).toBe(true);
  });
  it('is false for down', () => {
    expect(isComposeUp('docker compose down')).toBe(false);
  });
});
