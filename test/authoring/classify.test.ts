// Which commands are probes, which change state (need a rollback), which are destructive (need a human gate).
import { describe, expect, it } from 'vitest';
import { classifyCommand, dropFollow, proposeRollback } from '../../src/authoring/classify.js';

describe('classifyCommand', () => {
  it.each([
    ['docker compose ps', 'read'],
    ['docker compose logs api --tail 50', 'read'],
    ['docker compose exec airflow-webserver airflow dags list-runs -d recommendation_pipeline', 'read'],
    ['curl -fsS http://localhost:8000/health', 'read'],
    ['systemctl status nginx', 'read'],
    ['cat /etc/hosts | grep db', 'read'],
    ['ls -la /data 2>/dev/null', 'read'],
    ['docker compose up -d', 'change'],
    ['docker compose exec airflow-webserver airflow tasks run dag task 2025-10-18', 'change'],
    ['sudo chown 50000:50000 /var/lib/x', 'change'],
    ['curl -X POST http://localhost/reload', 'change'],
    ['echo 1 > /proc/sys/vm/drop_caches', 'change'],
    ['rm -rf /tmp/x', 'destroy'],
    ['sudo chown -R 50000:50000 /var/lib/x', 'destroy'],
    ['docker compose down', 'destroy'],
    ['docker compose down -v', 'destroy'],
    ['docker compose exec redis redis-cli FLUSHALL', 'destroy'],
    ['psql -c "DROP TABLE users"', 'destroy'],
    ['find /logs -mtime +7 -delete', 'destroy'],
  ])('%s → %s', (command, kind) => {
    expect(classifyCommand(command).kind).toBe(kind);
  });
});

describe('dropFollow', () => {
  it('turns never-ending log commands into ones that finish', () => {
    expect(dropFollow('docker compose logs api -f').command).toBe('docker compose logs --tail 200 api');
    expect(dropFollow('tail -f /var/log/syslog').command).toBe('tail -n 100 /var/log/syslog');
    expect(dropFollow('docker compose ps').changed).toBe(false);
  });
});

describe('proposeRollback', () => {
  it('knows the inverse of well-known commands only', () => {
    expect(proposeRollback('docker compose down')).toBe('docker compose up -d');
    expect(proposeRollback('sudo systemctl stop nginx')).toBe('sudo systemctl start nginx');
    expect(proposeRollback('airflow dags pause recommendation_pipeline')).toBe('airflow dags unpause recommendation_pipeline');
    expect(proposeRollback('chown -R 1:1 /x')).toBeUndefined();
  });
});
