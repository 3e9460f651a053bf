// Secrets typed in commands never survive scrubbing: they become references to environment variables.
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../src/authoring/secrets.js';

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
  ])('%s', (command, secret, env) => {
    const result = new SecretScrubber().scrub(command);
    expect(result.command).not.toContain(secret);
    expect(result.secrets.map((x) => x.env)).toContain(env);
    expect(result.command).toContain(`\${${env}}`);
  });

  it('leaves commands without secrets alone and keeps references as they are', () => {
    const s = new SecretScrubber();
    expect(s.scrub('docker compose ps').secrets).toEqual([]);
    expect(s.scrub('curl -H "Authorization: Bearer $TOKEN" http://x').command).toBe('curl -H "Authorization: Bearer $TOKEN" http://x');
  });
});
