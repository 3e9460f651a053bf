// The rules file: `runbook validate` knows it (by its $schema comment or top-level `rules:`) and says where each problem is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulesFile } from '../../src/serve/rules-load.js';
import { findRule } from '../../src/serve/rules.js';
import { looksLikeRules } from '../../src/serve/validate-hook.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { repo } from './harness.js';

const restart = join(repo, 'runbooks', 'service-restart.yaml');

describe('the rules file', () => {
  it('the team’s rules are valid, with every setting resolved from the rule, then defaults', async () => {
    const loaded = await loadRulesFile(join(repo, 'runbooks', 'rules', 'team.yaml'), { lang: 'en' });
    expect(loaded.diagnostics).toEqual([]);
    const [down, mlflow] = loaded.rules!.rules;
    expect(down).toMatchObject({ name: 'service-down', playbook: restart, policy: 'auto', cooldownMs: 1_800_000, maxRunsPerHour: 3, resolveWithinMs: 300_000, notify: ['oncall', 'gateway'] });
    expect(mlflow).toMatchObject({ policy: 'approve', approval: { users: ['lead'], groups: ['sre'], minApprovals: 1, timeoutMs: 3_600_000 }, resolveWithinMs: 600_000 });
    expect(findRule(loaded.rules!, { alertname: 'ServiceDown', service: 'mlflow' })?.name).toBe('service-down');
    expect(findRule(loaded.rules!, { alertname: 'ServiceDown', service: 'postgres-airflow' })).toBeUndefined();
    expect(loaded.rules!.channels.oncall).toEqual({ name: 'oncall', via: 'wecom', url: { fromEnv: 'WECOM_ROBOT_URL' }, events: ['approval', 'started', 'finished', 'unresolved', 'refused'] });
  });

  it('is told apart from a playbook by its $schema comment or its top-level rules:', () => {
    expect(looksLikeRules('# yaml-language-server: $schema=../schemas/rules.schema.json\nnotify: {}\n')).toBe(true);
    expect(looksLikeRules('notify: {}\nrules:\n  - name: x\n')).toBe(true);
    expect(looksLikeRules('# yaml-language-server: $schema=./schemas/playbook.schema.json\nname: x\nsteps: []\n')).toBe(false);
    expect(looksLikeRules('name: x\ndescription: |\n  rules: are indented here\nsteps: []\n')).toBe(false);
  });

  it('runbook validate: schema problems at their file:line:col, with the lines and a hint; exit 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, `rules:\n  - name: down\n    match: ['alertname="X"']\n    playbook: ${JSON.stringify(restart)}\n    cooldown: soon\n    polcy: auto\n`);
    const result = await runbook(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        `${file}:5:15: error: \`rules[0].cooldown\` ("soon") does not match the pattern ^\\d+(\\.\\d+)?(ms|s|m|h)$`,
        `  4 |     playbook: ${JSON.stringify(restart)}`,
        '  5 |     cooldown: soon',
        '    |               ^~~~',
        '  hint: A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.',
        '',
        `${file}:6:5: error: unknown key \`polcy\` in \`rules[0]\`; did you mean \`policy\`?`,
        '  5 |     cooldown: soon',
        '  6 |     polcy: auto',
        '    |     ^~~~~',
        '',
        '1 of 1 rules file invalid, 2 errors',
        '',
      ].join('\n'),
    );
  });

  it('runbook validate: matchers, parameters, templates and channels, each located', async () => {
    const dir = tempDir();
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      `notify:
  oncall: { via: wecom, url: { from_env: WECOM_URL } }
rules:
  - name: down
    match: ['alertname="X"', 'service=~"(api"']
    playbook: ${JSON.stringify(restart)}
    params:
      servce: "{{labels.service}}"
      api_url: "{{alert.url}}"
      service: nope
    notify: [oncal]
  - name: down
    match: ['x="1"']
    playbook: missing.yaml
`,
    );
    const result = await runbook(['validate', file]);
    expect(result.code).toBe(2);
    const located = [...result.stdout.matchAll(/^\S+:(\d+):(\d+): error: (.*)$/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
    expect(located).toHaveLength(7);
    expect(located[0]).toBe('5:30 the regex of matcher "service=~\\"(api\\"" is not valid: Invalid regular expression: /^(?:(api)$/u: Unterminated group');
    expect(located[4]).toBe('11:14 rule `down` names the notification channel `oncal`, which the top-level `notify` does not define');
    expect(located[5]).toBe('12:11 rule `down` is defined twice (first on line 4)');
    expect(located[1]).toMatch(/^8:7 rule `down` gives the parameter `servce`, which the playbook \S*service-restart\.yaml does not have$/);
    expect(located[2]).toBe('9:16 rule `down`, parameter `api_url`: the template reads `alert.url`; a rule can read `labels.<name>` and `annotations.<name>` only');
    expect(located[3]).toMatch(/^10:16 rule `down`, parameter `service`: parameter service must be one of "recommendation-api", .*; got "nope"$/);
    expect(located[6]).toMatch(/^14:15 rule `down`: the playbook \S*missing\.yaml cannot be used: cannot read the file: no such file$/);
    expect(result.stdout).toContain('hint: did you mean `service`?');
    expect(result.stdout).toContain('hint: channels defined: oncall');
    const zh = await runbook(['--lang', 'zh-CN', 'validate', file]);
    expect(zh.stdout).toContain('规则 `down` 引用了通知渠道 `oncal`，但顶层 `notify` 中没有定义它');
    expect(zh.stdout).toContain('1 个规则文件中有 1 个无效');
  });

  it('runbook validate runbooks/ counts the rules file apart from the playbooks', async () => {
    const result = await runbook(['validate', 'runbooks/'], { cwd: repo });
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+ playbooks and 1 rules file valid\n$/) });
  });
});
