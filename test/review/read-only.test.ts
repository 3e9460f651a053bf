// Which shell commands only read (the state-change-without-verify rule leaves them alone), on commands from real playbooks.
import { describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/review/read-only.js';

describe('isReadOnlyCommand', () => {
  it.each([
    'docker compose ps',
    'stat -c %u:%g {{volume_dir}}',
    'curl -s http://localhost:8000/health | jq .status',
    "runs=$(docker compose exec -T airflow-webserver airflow dags list-runs -d recommendation_pipeline -o plain | awk '$1 == \"x\"' | head -n {{n}})\ntotal=$(printf '%s\\n' \"$runs\" | grep -c . || true)",
    "ls -l {{models_dir}} | awk 'NR > 1 { print $6 }'\nfind {{models_dir}} -maxdepth 1 -type f -mmin -60 | grep -q .",
    "docker compose exec -T redis redis-cli INFO memory | grep -E '^(used_memory_human):'",
    "used=$(df -P {{data_dir}} | awk 'NR == 2 { print $5 }')\necho \"disk used: $used%\"\ntest \"$used\" -lt {{max}}",
    'problems=0\nitem() { if [ "$2" = 0 ]; then echo ok; else echo PROBLEM; problems=$((problems + 1)); fi; }\nitem "API" {{steps.a.exit_code}}',
    'if [ -n {{d}} ]; then\n  echo {{d}}\nelse\n  docker compose logs api | tail -n 5\nfi',
    'echo hi >&2; cat /etc/os-release 2>/dev/null',
  ])('reads only: %s', (command) => {
    expect(isReadOnlyCommand(command)).toBe(true);
  });

  it.each([
    'docker compose down',
    'docker compose restart api',
    "docker compose exec -T airflow-webserver airflow dags trigger recommendation_pipeline --conf '{}'",
    'cat a > b',
    'echo x >> /etc/hosts',
    'find /tmp -name "*.lock" -delete',
    "sed -i 's/a/b/' conf",
    'curl -X POST http://localhost/api',
    'rm -f .runbook-last-run',
    'chown -R 1:1 /srv',
    'redis-cli FLUSHALL',
    'docker compose exec -T airflow-webserver airflow tasks test recommendation_pipeline evaluate 2025-10-18',
  ])('changes state: %s', (command) => {
    expect(isReadOnlyCommand(command)).toBe(false);
  });
});
