// `runbook import`: the team's Chinese manual and unseen Markdown shapes become valid drafts with review notes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMarkdown } from '../../src/authoring/import/index.js';
import { blockCommands, isShellBlock } from '../../src/authoring/import/commands.js';
import { expectValidDraft, t } from './helpers.js';

const seed = readFileSync(new URL('../fixtures/authoring/ops-runbook.zh.md', import.meta.url), 'utf8');
const english = readFileSync(new URL('../fixtures/authoring/english-runbook.md', import.meta.url), 'utf8');

describe('import of the team manual (ops-runbook.zh.md)', () => {
  const drafts = importMarkdown(seed, 'ops-runbook.zh.md', t);
  const byWhere = (part: string) => {
    const found = drafts.filter((d) => d.where.includes(part));
    expect(found, part).toHaveLength(1);
    return found[0]!;
  };

  it('yields one draft per 2.x and 4.x section and per row of section 5, each valid', async () => {
    const sections = ['2.1 Docker Compose', '2.2 Airflow CLI', '2.3 监控入口', '4.1 全量重跑', '4.2 单任务重跑'];
    for (const s of sections) await expectValidDraft(byWhere(s).draft);
    const rows = drafts.filter((d) => d.where.startsWith('5 常见故障与排查 › '));
    expect(rows.map((r) => r.where.replace('5 常见故障与排查 › ', ''))).toEqual([
      'CLIP 模型再次访问 Hugging Face',
      'Airflow 报 JSON data directory not found',
      'Permission denied 写模型或数据',
      'evaluate 出现 feature names missing',
      'pandas Invalid comparison between tz-aware and tz-naive',
      '企业微信告警未收到',
      'MLflow artifacts Permission denied',
    ]);
    for (const r of rows) await expectValidDraft(r.draft);
    for (const d of drafts) await expectValidDraft(d.draft);
    expect(new Set(drafts.map((d) => d.draft.playbook.name)).size).toBe(drafts.length);
  });

  it('2.1: read-only commands as preconditions, <service> as a required param, comments as names', async () => {
    const { playbook, text } = await expectValidDraft(byWhere('2.1').draft);
    expect(playbook.preconditions).toEqual([
      { name: '查看整体状态', run: 'docker compose ps' },
      { name: '实时日志', run: 'docker compose logs --tail 200 {{service}}' },
    ]);
    expect(playbook.params?.['service']).toMatchObject({ required: true });
    // `docker compose down` takes the stack down: destructive (as lint sees it), so it is gated.
    expect(playbook.steps.map((s) => [s.id, s.name, s.run])).toEqual([
      ['docker_compose_up', '启动所有服务', 'docker compose up -d'],
      ['confirm_docker_compose_down', undefined, undefined],
      ['docker_compose_down', '停止服务', 'docker compose down'],
    ]);
    expect(playbook.steps[1]!.confirm).toBeDefined();
    // A known inverse is proposed; an unknown one is a placeholder that fails loudly.
    expect(playbook.steps[2]!.rollback).toBe('docker compose up -d');
    expect(playbook.steps[0]!.rollback).toMatch(/exit 1$/);
    expect(text).toMatch(/# REVIEW: write the rollback/);
  });

  it('4.1: continuation lines joined; source/export carried into the step that needs them', async () => {
    const { playbook, text } = await expectValidDraft(byWhere('4.1').draft);
    expect(playbook.steps[0]!.run).toBe(`docker compose exec airflow-webserver airflow dags trigger recommendation_pipeline --conf '{"full_refresh": true}'`);
    expect(playbook.steps[1]!.run).toBe('source venv/bin/activate\nexport PYTHONPATH=$(pwd)\nbash scripts/run_pipeline.sh --full-refresh');
    expect(text).toContain('each step runs in its own shell');
  });

  it('4.2: the list item text names the step; the repeated container name becomes a param', async () => {
    const { playbook } = await expectValidDraft(byWhere('4.2').draft);
    expect(playbook.preconditions).toEqual([{ name: '查询可用的 execution_date', run: 'docker compose exec {{service}} airflow dags list-runs -d recommendation_pipeline' }]);
    expect(playbook.steps[0]).toMatchObject({ name: '指定任务重跑' });
    expect(playbook.params?.['service']).toMatchObject({ default: 'airflow-webserver' });
  });

  it('2.3: a list of monitoring URLs becomes http checks with one param per placeholder', async () => {
    const { playbook } = await expectValidDraft(byWhere('2.3').draft);
    expect(playbook.steps[0]).toMatchObject({ name: 'Grafana', http: { url: 'http://{{target_host}}:{{grafana_host_port}}' } });
    expect(Object.keys(playbook.params ?? {})).toContain('prometheus_host_port');
  });

  it('section 5: symptom as description, checks as preconditions, fix as steps (or a failing placeholder)', async () => {
    const clip = (await expectValidDraft(byWhere('CLIP').draft)).playbook;
    expect(clip.description).toMatch(/^CLIP 模型再次访问 Hugging Face/);
    expect(clip.preconditions).toEqual([
      { name: 'CLIP_MODEL_PATH is set', run: 'test -n "${CLIP_MODEL_PATH:-}"' },
      { name: 'HF_HUB_OFFLINE=1', run: 'test "${HF_HUB_OFFLINE:-}" = 1' },
      { name: '/opt/recommend/cache/sentence-transformers/clip-ViT-B-32 exists', run: 'test -e /opt/recommend/cache/sentence-transformers/clip-ViT-B-32' },
    ]);
    // chown -R is destructive (a recursive change of owners cannot be undone without a record): gated.
    expect(clip.steps[0]!.confirm).toBeDefined();
    expect(clip.steps[1]!.run).toBe('chown -R 50000:50000 {{path}}');

    const mlflow = (await expectValidDraft(byWhere('MLflow artifacts').draft)).playbook;
    expect(mlflow.steps.map((s) => s.run ?? 'confirm')).toEqual([
      'confirm',
      'docker compose down',
      'confirm',
      'sudo chown -R 50000:50000 /var/lib/docker/volumes/recommend_mlflow-data/_data',
      'docker compose up -d',
    ]);

    const json = (await expectValidDraft(byWhere('JSON data directory').draft)).playbook;
    expect(json.preconditions?.[0]).toBe('docker compose exec airflow-webserver ls {{dir}}');
    expect(json.steps[0]!.run).toMatch(/^echo 'TODO: 修正 .env/);
    expect(json.steps[0]!.run).toMatch(/exit 1$/);

    const wecom = byWhere('企业微信告警未收到');
    expect(wecom.draft.playbook.name).toBe('ops-runbook-zh-5-6');
    expect(wecom.draft.todos.map((x) => x.kind)).toContain('placeholder');
  });
});

describe('import of other Markdown shapes', () => {
  const drafts = importMarkdown(english, 'english-runbook.md', t);
  const named = (name: string) => drafts.find((d) => d.draft.playbook.name === name)!.draft;

  it('every draft validates', async () => {
    expect(drafts.map((d) => d.draft.playbook.name)).toEqual([
      'restart-the-payments-api',
      'rotate-the-log-directory',
      'check-disk-usage',
      'deploy-a-release',
      'api-returns',
      'disk-full-on-srv',
    ]);
    for (const d of drafts) await expectValidDraft(d.draft);
  });

  it('indented code: checks before the change, the read after it as verify, repeated values as params', async () => {
    const { playbook } = await expectValidDraft(named('restart-the-payments-api'));
    expect(playbook.preconditions).toEqual(['systemctl status {{service}}', 'curl -fsS http://{{target_host}}:8080/health']);
    expect(playbook.steps).toHaveLength(1);
    expect(playbook.steps[0]).toMatchObject({ name: 'restart the service', run: 'sudo systemctl restart {{service}}', verify: 'journalctl --no-pager -n 200 -u {{service}}' });
    expect(playbook.postconditions).toEqual([{ name: 'healthy again?', run: 'curl -fsS http://{{target_host}}:8080/health' }]);
    expect(playbook.params).toMatchObject({ service: { default: 'payments-api' }, target_host: { default: '10.20.0.15' } });
  });

  it('console blocks: prompts stripped, output dropped, continuation prompts joined', async () => {
    const { playbook } = await expectValidDraft(named('check-disk-usage'));
    expect(playbook.steps.map((s) => s.run)).toEqual(['df -h {{payments_dir}}', 'du -sh {{payments_dir}}/logs {{payments_dir}}/archive']);
    expect(playbook.risk).toBe('low');
  });

  it('destructive commands get a confirmation step and raise the risk', async () => {
    const { playbook } = await expectValidDraft(named('rotate-the-log-directory'));
    expect(playbook.risk).toBe('high');
    expect(playbook.steps.map((s) => s.id)).toEqual(['tar_czf', 'confirm_find', 'find']);
    expect(playbook.steps[1]!.confirm).toBeDefined();
  });

  it('secrets in the Markdown never reach the draft; export with a placeholder becomes env from a param', async () => {
    const { playbook, text } = await expectValidDraft(named('deploy-a-release'));
    expect(text).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(playbook.env).toEqual({ DEPLOY_TOKEN: { from_env: 'DEPLOY_TOKEN', secret: true, required: true }, RELEASE: '{{version}}' });
    expect(playbook.steps[0]!.run).toBe('cd /srv/payments/releases\n./deploy.sh --release "$RELEASE" --target {{target_host}}');
  });
});

describe('code blocks', () => {
  it('recognises shell blocks by language or by content', () => {
    expect(isShellBlock('bash', 'anything')).toBe(true);
    expect(isShellBlock('yaml', 'a: 1')).toBe(false);
    expect(isShellBlock('', 'docker compose ps\ncurl http://x')).toBe(true);
    expect(isShellBlock('', 'Just some text\nthat is indented')).toBe(false);
  });

  it('keeps heredocs and multi-line quotes in one command', () => {
    const { commands } = blockCommands('bash', `cat > /etc/app.conf <<'EOF'\nkey=1\nEOF\npsql -c "select 1;\nselect 2;"\necho done`);
    expect(commands.map((c) => c.command)).toEqual([`cat > /etc/app.conf <<'EOF'\nkey=1\nEOF`, 'psql -c "select 1;\nselect 2;"', 'echo done']);
  });

  it('reads user@host prompts and root prompts of console blocks', () => {
    const { commands, droppedOutput } = blockCommands('console', 'ops@web1:~$ uptime\n 10:00 up 3 days\n# systemctl restart nginx\n');
    expect(commands.map((c) => c.command)).toEqual(['uptime', 'systemctl restart nginx']);
    expect(droppedOutput).toBe(1);
  });
});
