// The one shell classifier: what import/record/new, lint, review and Markdown plans all agree a command does.
import { describe, expect, it } from 'vitest';
import { classifyShell, type CommandKind, type DestructiveKind } from '../../src/shell/classify.js';
import { classifyCommand } from '../../src/authoring/classify.js';
import { isReadOnlyCommand } from '../../src/review/read-only.js';
import { findDestructive } from '../../src/review/destructive.js';
import { parseShell, simpleCommands } from '../../src/shell/lex.js';

/** Command, what it does, and the destructive kinds found (in order). */
const cases: [string, CommandKind, DestructiveKind[]?][] = [
  // The disagreements the review measured between authoring and lint, settled once.
  ['rm /etc/app.conf', 'change'],
  ['rm -f /tmp/a.lock', 'change'],
  ['kubectl get pods', 'read'],
  ['docker compose down', 'destroy', ['compose-down']],
  ['chmod -R 777 /data', 'destroy', ['chown-r']],
  // Looking through pipes, xargs and wrappers.
  ['ls /srv/cache/stale | xargs rm -rf', 'destroy', ['rm-rf']],
  ['find /srv/cache -mtime +7 | xargs -r -n 10 rm -rf', 'destroy', ['rm-rf']],
  ['sudo -u app rm -rf /srv/cache', 'destroy', ['rm-rf']],
  ['env LANG=C nice -n 10 timeout 30 chown -R 1:1 /srv', 'destroy', ['chown-r']],
  ['watch -n 5 "redis-cli FLUSHALL"', 'destroy', ['flush']],
  ['watch -n 5 "df -h | tail -1"', 'read'],
  ['timeout 10 kubectl get pods', 'read'],
  ['docker compose exec -T redis redis-cli FLUSHDB', 'destroy', ['flush']],
  ['bash -c "docker compose down"', 'destroy', ['compose-down']],
  ['find /tmp -name "*.old" -exec rm -rf {} \\;', 'destroy', ['rm-rf']],
  ['find /logs -mtime +7 -delete', 'destroy', ['rm-rf']],
  // Lists and command substitution.
  ['cd /srv && rm -rf cache; docker compose down', 'destroy', ['rm-rf', 'compose-down']],
  ['n=$(rm -rf /srv/cache && echo done)', 'destroy', ['rm-rf']],
  ['echo "cleaned: $(docker compose rm -f api)"', 'destroy', ['compose-down']],
  ['echo `kill -9 1234`', 'destroy', ['kill']],
  // Quotes are data, not shell syntax.
  ["echo 'a; rm -rf /'", 'read'],
  ['echo "a && docker compose down"', 'read'],
  ['grep -c "DROP TABLE" /var/log/pg.log', 'read'],
  ["awk -F'|' '{ print $2 }' /etc/app.list", 'read'],
  ['# rm -rf /\nls /srv', 'read'],
  // The rest of the destructive set.
  ['psql -c "DROP TABLE features"', 'destroy', ['drop']],
  ['psql -c "TRUNCATE TABLE runs"', 'destroy', ['truncate']],
  ['psql <<SQL\nDELETE FROM runs;\nSQL', 'destroy', ['delete']],
  ['truncate -s 0 /var/log/app.log', 'destroy', ['truncate']],
  ['kill -9 $(cat /run/api.pid)', 'destroy', ['kill']],
  ['pkill -f uvicorn', 'destroy', ['kill']],
  ['mkfs.ext4 /dev/sdb1', 'destroy', ['wipe']],
  ['dd if=/dev/zero of=/dev/sdb bs=1M', 'destroy', ['wipe']],
  ['kubectl delete pod api-0', 'destroy', ['delete']],
  ['docker volume rm recommend_mlflow-data', 'destroy', ['delete']],
  ['docker compose exec -T mlflow mlflow gc --run-ids x', 'destroy', ['delete']],
  ['git reset --hard HEAD~1', 'destroy', ['delete']],
  // Reads and plain changes.
  ['kill -0 $(cat /run/api.pid)', 'read'],
  ['dd if=/dev/sda bs=512 count=1 | xxd', 'read'],
  ['curl -fsS http://localhost:8000/health | jq .status', 'read'],
  ['curl -X POST http://localhost/reload', 'change'],
  ['docker compose up -d', 'change'],
  ['chown 1:1 /tmp/b', 'change'],
  ['redis-cli -n 2 INFO memory', 'read'],
  ['echo hi >&2; cat /etc/os-release 2>/dev/null', 'read'],
  ['echo 1 > /proc/sys/vm/drop_caches', 'change'],
  ['sudo sh -c "echo 1 > /proc/sys/vm/drop_caches"', 'change'],
  ['bash -c "uptime > /dev/null"', 'read'],
  ['cat <<EOF > override.yml\nservices: {}\nEOF', 'change'],
  ['while read -r owner path; do chown "$owner" "$path"; done < /srv/owners.txt', 'change'],
  ['if [[ -n $a && -f /x ]]; then echo yes; fi', 'read'],
  ['command -v docker', 'read'],
  ['mount', 'read'],
  ['mount /dev/sdb1 /mnt', 'change'],
];

describe('classifyShell', () => {
  it.each(cases)('%s → %s %j', (command, kind, destructive = []) => {
    const c = classifyShell(command);
    expect(c.kind).toBe(kind);
    expect(c.destructive.map((d) => d.kind)).toEqual(destructive);
  });

  it.each(cases)('authoring, lint and plans agree on %s', (command, kind) => {
    expect(classifyCommand(command).kind).toBe(kind);
    expect(isReadOnlyCommand(command)).toBe(kind === 'read');
    expect(findDestructive(command).length > 0).toBe(kind === 'destroy');
  });

  it('names each match and the simple command that holds it, as written', () => {
    expect(findDestructive('cd /srv && sudo rm -rf cache; docker compose -f prod.yml down').map((m) => [m.kind, m.text, m.segment])).toEqual([
      ['rm-rf', 'rm -rf', 'sudo rm -rf cache'],
      ['compose-down', 'docker compose -f prod.yml down', 'docker compose -f prod.yml down'],
    ]);
    expect(findDestructive('ls stale | xargs rm -rf')[0]!.segment).toBe('xargs rm -rf');
  });
});

describe('parseShell', () => {
  it('takes redirects out of the words and keeps heredoc bodies as data', () => {
    const [cmd] = parseShell('cat > out.yml <<EOF\nrm -rf /\nEOF').commands;
    expect(cmd!.words.map((w) => w.value)).toEqual(['cat']);
    expect(cmd!.redirects.map((r) => [r.op, r.target])).toEqual([
      ['>', 'out.yml'],
      ['<<', 'EOF'],
    ]);
    expect(cmd!.heredocs).toEqual(['rm -rf /\n']);
  });

  it('finds commands inside $(...) and backticks, one level deeper', () => {
    const parsed = parseShell('echo "$(date)" `hostname`');
    expect(parsed.commands.map((c) => [c.words[0]!.value, c.depth])).toEqual([
      ['date', 1],
      ['hostname', 1],
      ['echo', 0],
    ]);
    expect(simpleCommands('echo "$(date)" `hostname`')).toHaveLength(1);
  });

  it('survives hostile input: deep nesting, unclosed quotes and case patterns without a parenthesis', () => {
    expect(classifyShell('$('.repeat(20) + 'rm -rf /' + ')'.repeat(20)).kind).toBe('destroy');
    // Too deep to look into: never counted as a read.
    expect(classifyShell('$('.repeat(50_000) + 'rm -rf /' + ')'.repeat(50_000)).kind).not.toBe('read');
    expect(classifyShell('echo "unclosed $(rm -rf /x').kind).toBe('destroy');
    expect(classifyShell('case x in ' + 'a|'.repeat(50_000)).kind).toBe('change');
  });
});
