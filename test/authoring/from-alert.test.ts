// `runbook new <name> --from-alert`: an Alertmanager v4 webhook becomes a scaffold that checks the alert still fires.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertPayloadProblem, draftFromAlert, type AlertPayload } from '../../src/authoring/new/from-alert.js';
import { expectValidDraft, expectValidText, t } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/authoring/alertmanager-webhook.json');
const payload = JSON.parse(readFileSync(fixture, 'utf8')) as AlertPayload;

describe('draftFromAlert', () => {
  it('labels become params with their values as defaults; annotations the description', async () => {
    const { playbook } = await expectValidDraft(draftFromAlert(payload, 'api-down', t));
    expect(playbook.title).toBe('recommendation-api is down');
    expect(playbook.params).toMatchObject({
      alertname: { default: 'RecommendationApiDown' },
      instance: { default: 'recommendation-api:8000' },
      severity: { default: 'critical' },
      alertmanager_url: { default: 'http://alertmanager:9093' },
    });
    expect(playbook.description).toContain('has not answered /health for more than 2 minutes.');
    expect(playbook.description).toContain('Runbook: https://wiki.example.com/ops/runbook#recommendation-api');
    expect(playbook.risk).toBe('high');
  });

  it('has a precondition asking Alertmanager whether the alert is still active', async () => {
    const { playbook } = await expectValidDraft(draftFromAlert(payload, 'api-down', t));
    const probe = playbook.preconditions?.[0];
    expect(probe).toMatchObject({ http: { status: 200, contains: '"state":"active"' } });
    const url = typeof probe === 'object' ? probe.http?.url : undefined;
    expect(url).toMatch(/^\{\{alertmanager_url\}\}\/api\/v2\/alerts\?active=true/);
    // Rendered with the defaults, the filter is Alertmanager's matcher syntax: alertname="RecommendationApiDown".
    const rendered = url!.replace(/\{\{(\w+)\}\}/g, (_m, n: string) => String((playbook.params?.[n] as { default: string }).default));
    expect(new URL(rendered).searchParams.getAll('filter')).toEqual([
      'alertname="RecommendationApiDown"',
      'instance="recommendation-api:8000"',
      'job="recommendation-api"',
      'service="recommendation-api"',
    ]);
    // The fix is not known: the scaffold step fails loudly until written.
    expect(playbook.steps[0]!.run).toMatch(/exit 1$/);
  });

  it('rejects payloads that are not Alertmanager webhooks', () => {
    expect(alertPayloadProblem([])).toBe('not a JSON object');
    expect(alertPayloadProblem({ version: '3', alerts: [{}] })).toMatch(/expected "4"/);
    expect(alertPayloadProblem({ version: '4', alerts: [] })).toMatch(/no "alerts"/);
    expect(alertPayloadProblem(payload)).toBeUndefined();
  });
});

describe('runbook new / import on the command line', () => {
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [join(root, 'bin/runbook.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });

  it('new --from-alert writes a valid file and refuses to overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-new-'));
    try {
      const first = run(['new', 'api-down', '--from-alert', fixture], dir);
      expect(first.status, first.stderr).toBe(0);
      const text = readFileSync(join(dir, 'api-down.yaml'), 'utf8');
      await expectValidText(text, join(dir, 'api-down.yaml'));
      expect(run(['validate', 'api-down.yaml'], dir).status).toBe(0);
      const again = run(['new', 'api-down', '--from-alert', fixture], dir);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('exists; pass --force');
      const bad = run(['new', 'Bad_Name', '--from-alert', fixture], dir);
      expect(bad.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('import writes one valid file per draft and reports what needs a human', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-import-'));
    try {
      const result = run(['import', join(root, 'test/fixtures/authoring/ops-runbook.zh.md'), '-o', 'drafts'], dir);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('Wrote 13 draft(s) to drafts');
      expect(result.stdout).toContain('write the rollback of step docker_compose_up');
      expect(result.stdout).toContain('param dir (<目录>) has no value');
      const validate = run(['validate', 'drafts'], dir);
      expect(validate.status, validate.stdout + validate.stderr).toBe(0);
      expect(validate.stdout).toContain('13 playbooks valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
