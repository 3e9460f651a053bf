// Lint rule rollback-deletes-backup: a rollback that deletes a backup or snapshot a step made is an error; restoring from it, or deleting something else, is not.
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { lintPlaybook } from '../../src/review/lint/lint.js';
import { rules } from '../../src/review/lint/rules/index.js';

const HEAD = `name: demo
title: Flush the cache
description: Flushes the cache when it serves stale items.
`;
const rule = rules.filter((r) => r.id === 'rollback-deletes-backup');

function lint(body: string, lang: 'en' | 'zh-CN' = 'en') {
  return lintPlaybook(loadPlaybookText('demo.yaml', HEAD + body, { lang }), { lang, rules: rule });
}

/** Steps `backup` (the backup given) and `change`, whose rollback is given. */
const pair = (backup: string, rollback: string, extra = '') => `${extra}steps:
  - id: backup
    run: ${backup}
  - id: change
    run: sed -i 's/a/b/' /etc/app.conf
    rollback: ${rollback}
`;

describe('rollback-deletes-backup finds', () => {
  it('the first redis-flush: a snapshot written in the container, deleted on the host by its own rollback', () => {
    const found = lint(`params:
  redis_volume_dir: { default: /var/lib/docker/volumes/recommend_redis-data/_data }
steps:
  - id: snapshot
    run: docker compose exec -T redis redis-cli --rdb /data/runbook-before-flush.rdb
    rollback: rm -f {{redis_volume_dir}}/runbook-before-flush.rdb
  - id: flush
    run: docker compose exec -T redis redis-cli FLUSHALL
    rollback: |-
      docker compose stop redis
      cp -p {{redis_volume_dir}}/runbook-before-flush.rdb {{redis_volume_dir}}/dump.rdb
      docker compose start redis
`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'rollback-deletes-backup', severity: 'error', line: 9, col: 21 });
    expect(found[0]!.message).toBe(
      'the rollback of step `snapshot` deletes `{{redis_volume_dir}}/runbook-before-flush.rdb` (`rm -f`), a backup that step `snapshot` made: after a failed run it may be the only copy of the earlier state',
    );
    expect(found[0]!.hint).toMatch(/last step of `steps`/);
  });

  it.each([
    ['a copy named .bak, relative to the cwd', 'cp -p .env .env.runbook-bak', 'rm -f /opt/app/.env.runbook-bak', "cwd: /opt/app\n"],
    ['a tar archive, by deleting its folder', 'tar -czf /srv/backups/data.tar.gz -C /srv data', 'rm -rf /srv/backups', ''],
    ['a pg_dump through gzip, by find -delete', 'pg_dump airflow | gzip > /srv/dumps/airflow.sql.gz', "find /srv/dumps -name '*.gz' -delete", ''],
    ['a file inside a backup folder', 'mkdir -p /srv/models-before-v2 && cp -p /srv/models/* /srv/models-before-v2/', 'rm -f /srv/models-before-v2/ranker.pkl', ''],
    ['a backup emptied by truncate', 'cp -p /etc/app.conf /etc/app.conf.orig', 'truncate -s 0 /etc/app.conf.orig', ''],
    ['a backup overwritten by a redirect', 'cp -p /etc/app.conf /etc/app.conf.orig', 'echo > /etc/app.conf.orig', ''],
    ['a backup overwritten by mv', 'cp -p /etc/app.conf /etc/app.conf.orig', 'mv /tmp/new.conf /etc/app.conf.orig', ''],
    ['a backup matched by a glob', 'find /srv -exec stat -c "%u:%g %n" {} + > /srv/backups/owners-before.txt', 'rm -f /srv/backups/owners-*.txt', ''],
    ['a copy of a file the playbook then changes, whatever its name', 'cp -p /etc/app.conf /srv/app.conf.1', 'rm -f /srv/app.conf.1', ''],
    ['a record of owners kept by a find -exec stat redirect', 'find /srv/cache -exec stat -c "%u:%g %n" {} + > /srv/cache.owners', 'rm -f /srv/cache.owners', ''],
    ['a path given through env', 'cp -p /etc/app.conf "$KEEP"', 'rm -f "$KEEP"', 'env:\n  KEEP: /srv/keep/app.conf.bak\n'],
    ['a snapshot on a volume, by docker volume rm', 'docker compose exec -T redis redis-cli --rdb /data/snap.rdb', 'docker volume rm recommend_redis-data', ''],
    ['a snapshot on a volume, by docker compose down -v', 'docker compose exec -T redis redis-cli --rdb /data/snap.rdb', 'docker compose down -v', ''],
    ['a redis key copied as a backup, by DEL', 'redis-cli COPY exp:slot:homepage exp:slot:homepage:bak', 'redis-cli DEL exp:slot:homepage:bak', ''],
    ['a redis key copied as a backup, by FLUSHALL', 'redis-cli COPY exp:slot:homepage exp:slot:homepage:bak', 'redis-cli FLUSHALL', ''],
  ])('%s', (_, backup, rollback, extra) => {
    expect(lint(pair(backup, rollback, extra)).map((f) => f.rule)).toEqual(['rollback-deletes-backup']);
  });

  it('a folder made with mktemp and printed, deleted through the step output', () => {
    const found = lint(`params:
  backup_dir: { default: /srv/backups }
steps:
  - id: dest
    run: |-
      dest=$(mktemp -d {{backup_dir}}/app-XXXX)
      echo "$dest"
    rollback: rm -rf {{steps.dest.stdout}}
  - id: data
    run: tar -czf {{steps.dest.stdout}}/data.tar.gz /srv/data
`);
    expect(found.map((f) => [f.line, f.col])).toEqual([[11, 22]]);
  });

  it('in Chinese', () => {
    const [found] = lint(pair('cp -p /etc/app.conf /etc/app.conf.bak', 'rm -f /etc/app.conf.bak'), 'zh-CN');
    expect(found!.message).toBe('步骤 `change` 的回滚会删除 `/etc/app.conf.bak`（`rm -f`），这是步骤 `backup` 做的备份：运行失败后它可能是之前状态的唯一副本');
  });
});

describe('rollback-deletes-backup stays quiet', () => {
  it.each([
    ['a rollback restoring from the backup (mv back)', 'cp -p /etc/app.conf /etc/app.conf.bak', 'mv /etc/app.conf.bak /etc/app.conf'],
    ['a rollback restoring from the backup (cp back)', 'cp -p /etc/app.conf /etc/app.conf.bak', 'cp -p /etc/app.conf.bak /etc/app.conf'],
    ['a rollback removing what the step installed from a bundle', 'cp -rp /opt/bundle/clip /srv/cache/clip', 'rm -rf /srv/cache/clip'],
    ['a path that only shares the beginning of the name', 'mv /srv/cache /srv/cache.runbook-old', 'rm -rf /srv/cache'],
    ['the backup renamed (mv -n), not deleted', 'mkdir -p /srv/backups/run1 && tar -czf /srv/backups/run1/data.tar.gz /srv/data', 'mv -n /srv/backups/run1 /srv/backups/run1.incomplete'],
    ['a record appended to', 'cp -p /etc/app.conf /srv/app.conf.bak', 'echo restored >> /srv/app.conf.bak'],
    ['an unrelated file', 'cp -p /etc/app.conf /etc/app.conf.bak', 'rm -f /run/app.lock'],
    ['a volume removed when no backup is on one', 'cp -p /etc/app.conf /etc/app.conf.bak', 'docker volume rm scratch'],
  ])('%s', (_, backup, rollback) => {
    expect(lint(pair(backup, rollback))).toEqual([]);
  });

  it('a cleanup step (not a rollback) that removes the backup after a success', () => {
    expect(lint(`steps:
  - id: backup
    run: cp -p /etc/app.conf /etc/app.conf.bak
  - id: change
    run: sed -i 's/a/b/' /etc/app.conf
    rollback: mv /etc/app.conf.bak /etc/app.conf
  - id: cleanup
    run: rm -f /etc/app.conf.bak
`)).toEqual([]);
  });

  it('a finding silenced with its reason', () => {
    const body = pair('cp -p /etc/app.conf /etc/app.conf.bak', 'rm -f /etc/app.conf.bak').replace(
      '    rollback:',
      '    # runbook-lint: disable=rollback-deletes-backup (a copy of a file in git)\n    rollback:',
    );
    expect(lint(body)).toEqual([]);
  });
});
