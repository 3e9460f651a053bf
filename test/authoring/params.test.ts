// Repeated literals and <placeholders> become params, inserted so the engine's shell quoting stays correct.
import { describe, expect, it } from 'vitest';
import { applyParams, placeholdersIn, proposeParams } from '../../src/authoring/params.js';

describe('proposeParams', () => {
  it('proposes repeated hosts, services, dates and paths, not one-off values', () => {
    const commands = [
      'docker compose logs notification-gateway --tail 50',
      'docker compose restart notification-gateway',
      'curl http://10.0.0.5:8080/health',
      'curl -s "http://10.0.0.5:8080/metrics"',
      'airflow tasks run dag t 2025-10-18T00:00:00+00:00',
      'airflow tasks test dag t 2025-10-18T00:00:00+00:00',
      'ls /srv/app/releases',
      'du -sh /srv/app',
      'cat /etc/once.conf',
    ];
    const params = proposeParams(commands);
    expect(params.map((p) => [p.name, p.value])).toEqual([
      ['service', 'notification-gateway'],
      ['target_host', '10.0.0.5'],
      ['execution_date', '2025-10-18T00:00:00+00:00'],
      ['app_dir', '/srv/app'],
    ]);
    expect(commands.map((c) => applyParams(c, params))).toEqual([
      'docker compose logs {{service}} --tail 50',
      'docker compose restart {{service}}',
      'curl http://{{target_host}}:8080/health',
      'curl -s "http://"{{target_host}}":8080/metrics"',
      'airflow tasks run dag t {{execution_date}}',
      'airflow tasks test dag t {{execution_date}}',
      'ls {{app_dir}}/releases',
      'du -sh {{app_dir}}',
      'cat /etc/once.conf',
    ]);
  });

  it('turns <placeholders> (English and Chinese) into params, never confusing heredocs or redirections', () => {
    const found = placeholdersIn(['docker compose logs <service> -f', `curl "http://<host>:<port>/health"`, 'ls <目录>', 'cat <<EOF', 'sort < in.txt'], new Map(), new Set());
    expect(found.map((p) => p.name)).toEqual(['service', 'target_host', 'port', 'dir']);
    expect(applyParams(`curl "http://<host>:<port>/health" && ls '<目录>'`, found)).toBe(`curl "http://"{{target_host}}":"{{port}}"/health" && ls {{dir}}`);
  });
});
