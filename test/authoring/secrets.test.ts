// Secrets typed in commands never survive scrubbing: they become references to environment variables.
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../src/authoring/secrets.js';
import { buildDraft } from '../../src/authoring/build.js';
import { importMarkdown } from '../../src/authoring/import/index.js';
import { recordedDraft } from '../../src/authoring/record/draft.js';
import type { RecordedCommand } from '../../src/authoring/record/log.js';
import { expectValidDraft, t } from './helpers.js';

describe('SecretScrubber', () => {
  it('replaces exported secrets and finds the same value typed again later', () => {
    const s = new SecretScrubber();
    const first = s.scrub('export API_TOKEN=s3cr3t-value-123');
    expect(first.setsSecretOnly).toBe(true);
    expect(first.secrets.map((x) => x.env)).toEqual(['API_TOKEN']);
    const later = s.scrub('curl -H "Authorization: Bearer s3cr3t-value-123" http://x && echo s3cr3t-value-123');
    expect(later.command).not.toContain('s3cr3t');
    expect(later.command).toBe('curl -H "Authorization: Bearer ${API_TOKEN}" http://x && echo "${API_TOKEN}"');
  });

  it.each([
    [`export WEIXIN_CORP_SECRET='abc def'`, 'abc def', 'WEIXIN_CORP_SECRET'],
    [`mysql -uroot -pHunter22 -e 'select 1'`, 'Hunter22', 'MYSQL_PASSWORD'],
    [`curl -u admin:pw12345 http://h`, 'pw12345', 'CREDENTIAL_PASSWORD'],
    [`curl 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa' -d x`, '693a91f6-7aaa', 'WEBHOOK_KEY'],
    [`psql --password=foo12345`, 'foo12345', 'PASSWORD'],
    [`git clone https://bob:tok12345@github.com/x`, 'tok12345', 'CREDENTIAL_PASSWORD'],
    [`DB_PASSWORD=xyz12345 ./migrate.sh`, 'xyz12345', 'DB_PASSWORD'],
    [`curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f' http://h`, 'eyJ', 'AUTH_TOKEN'],
    [`echo Pa55word | sudo -S systemctl restart nginx`, 'Pa55word', 'SUDO_PASSWORD'],
    [`sshpass -p 'Pa55word' ssh ops@db1 uptime`, 'Pa55word', 'SSH_PASSWORD'],
    [`gh auth login --with-token ghp_abcdefghijklmnopqrstuvwxyz012345`, 'ghp_', 'API_TOKEN'],
    [`redis-cli -a S3cretRedisPw FLUSHALL`, 'S3cretRedisPw', 'REDIS_PASSWORD'],
    [`redis-cli -h cache1 --pass 'S3cretRedisPw' ping`, 'S3cretRedisPw', 'PASSWORD'],
    [`REDISCLI_AUTH=S3cretRedisPw redis-cli ping`, 'S3cretRedisPw', 'REDISCLI_AUTH'],
    [`docker login -u bot -p DockerHubPw123 registry.example`, 'DockerHubPw123', 'DOCKER_PASSWORD'],
    [`docker login -u bot --password DockerHubPw123 registry.example`, 'DockerHubPw123', 'PASSWORD'],
    [`mongosh -u admin -p M0ngoPw99 --authenticationDatabase admin`, 'M0ngoPw99', 'MONGO_PASSWORD'],
    [`mongo -u admin -p 'M0ngoPw99' appdb`, 'M0ngoPw99', 'MONGO_PASSWORD'],
    [`htpasswd -b /etc/nginx/.htpasswd alice Htp4ssw0rd`, 'Htp4ssw0rd', 'HTPASSWD_PASSWORD'],
    [`htpasswd -cbB -C 10 /etc/nginx/.htpasswd alice Htp4ssw0rd`, 'Htp4ssw0rd', 'HTPASSWD_PASSWORD'],
    [`htpasswd -nb alice Htp4ssw0rd`, 'Htp4ssw0rd', 'HTPASSWD_PASSWORD'],
    [`curl -u 'admin:pw12345' http://h`, 'pw12345', 'CREDENTIAL_PASSWORD'],
    [`curl -H 'PRIVATE-TOKEN: glpat-abc123' https://gitlab.example/api/v4/projects`, 'glpat-abc123', 'PRIVATE_TOKEN'],
    [`curl -H 'X-Vault-Token: hvs.abc12345' http://vault:8200/v1/secret`, 'hvs.abc12345', 'VAULT_TOKEN'],
    [`curl -H 'Harbor-Secret: abc12345' http://h`, 'abc12345', 'HARBOR_SECRET'],
    [`curl -H "x-api-key: k3y-value" http://h`, 'k3y-value', 'API_KEY'],
    [`kubectl get pods --token abc12345xyz`, 'abc12345xyz', 'TOKEN'],
    [`tool --api-key=abc12345`, 'abc12345', 'API_KEY'],
    [`tool --auth-token abc12345`, 'abc12345', 'AUTH_TOKEN'],
  ])('%s', (command, secret, env) => {
    const result = new SecretScrubber().scrub(command);
    expect(result.command).not.toContain(secret);
    expect(result.secrets.map((x) => x.env)).toContain(env);
    expect(result.command).toContain(`\${${env}}`);
  });

  it('leaves commands without secrets alone and keeps references as they are', () => {
    const s = new SecretScrubber();
    expect(s.scrub('echo "$PW" | docker login -u bot --password-stdin registry.example').secrets).toEqual([]);
    expect(s.scrub('mongosh -u admin -p --authenticationDatabase admin').secrets).toEqual([]);
    expect(s.scrub('docker compose ps').secrets).toEqual([]);
    expect(s.scrub('curl -H "Authorization: Bearer $TOKEN" http://x').command).toBe('curl -H "Authorization: Bearer $TOKEN" http://x');
  });
});

describe('drafts keep no secret anywhere', () => {
  const secrets = ['S3cretRedisPw', 'DockerHubPw123', 'glpat-abc123'];
  const typed = [
    'redis-cli -a S3cretRedisPw FLUSHALL',
    'docker login -u bot -p DockerHubPw123 registry.example',
    "curl -H 'PRIVATE-TOKEN: glpat-abc123' https://gitlab.example/api/v4/projects",
  ];

  it('record: not in the steps, the confirm messages, the names, the notes or the header', async () => {
    const at = (command: string): RecordedCommand => ({ command, cwd: '/srv', exitCode: 0, startedAt: 0, durationMs: 100 });
    const draft = recordedDraft(typed.map(at), { name: 'typed-secrets', baseCwd: '/srv', t })!;
    const { text, playbook } = await expectValidDraft(draft);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(JSON.stringify(draft)).not.toMatch(new RegExp(secrets.join('|')));
    expect(Object.keys(playbook.env ?? {})).toEqual(expect.arrayContaining(['REDIS_PASSWORD', 'DOCKER_PASSWORD', 'PRIVATE_TOKEN']));
    // FLUSHALL is destructive: its gate's message quotes the command, scrubbed.
    expect(text).toContain('redis-cli -a "${REDIS_PASSWORD}" FLUSHALL');
  });

  it('import: a Markdown runbook with the same commands and a table check', async () => {
    const markdown = ['# Cache and registry', '', '## Reset', '', '```sh', ...typed, '```', ''].join('\n');
    const drafts = importMarkdown(markdown, 'reset.md', t);
    expect(drafts.length).toBeGreaterThan(0);
    for (const { draft } of drafts) {
      const { text } = await expectValidDraft(draft);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('texts built around a command (step names, descriptions) are masked too', async () => {
    const draft = buildDraft({
      name: 'named',
      title: 'Reset the cache',
      description: 'runs redis-cli -a S3cretRedisPw FLUSHALL on cache1',
      commands: [{ command: 'redis-cli -a S3cretRedisPw FLUSHALL', name: 'flush with S3cretRedisPw' }],
      probes: [{ name: 'registry reachable', run: 'docker login -u bot -p DockerHubPw123 registry.example' }],
      mode: 'import',
      header: ['from a note mentioning glpat-abc123'],
      t,
    });
    const { text } = await expectValidDraft(draft);
    for (const secret of ['S3cretRedisPw', 'DockerHubPw123']) expect(text).not.toContain(secret);
    expect(text).toContain('${DOCKER_PASSWORD}');
  });
});
