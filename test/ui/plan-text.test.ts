// The text plan: golden output for the shipped mlflow-permissions playbook in both languages.
import { describe, expect, it } from 'vitest';
import { loadPlaybookFile, loadPlaybookText } from '../../src/engine/load.js';
import { compilePlaybook } from '../../src/engine/compile.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { golden } from '../helpers/golden.js';

describe('renderPlanText', () => {
  // Golden files: regenerate with `npm run golden` and review the diff like code.
  it('shows every kind of step (en)', async () => {
    const plan = await compilePlaybook(await loadPlaybookFile('test/fixtures/plan/everything.yaml'), { env: {}, params: { token: 'hunter2-secret' } });
    await expect(renderPlanText(plan, { lang: 'en' })).toMatchFileSnapshot(golden('ui/plan-everything.en.txt'));
  });

  it('shows every kind of step (zh-CN)', async () => {
    const plan = await compilePlaybook(await loadPlaybookFile('test/fixtures/plan/everything.yaml'), { env: {}, params: { token: 'hunter2-secret' } });
    const text = renderPlanText(plan, { lang: 'zh-CN' });
    expect(text).not.toContain('hunter2');
    await expect(text).toMatchFileSnapshot(golden('ui/plan-everything.zh-CN.txt'));
  });

  it('is deterministic and masks secrets everywhere', async () => {
    const yaml = `name: s
title: S
params:
  token: { secret: true }
  api_host: { default: example.org }
env:
  AUTH: { value: 'Bearer {{token}}', secret: true }
steps:
  - id: call
    http: { url: 'https://{{api_host}}/x', headers: { Authorization: 'Bearer {{token}}' } }
  - id: cli
    run: login --token {{token}}
`;
    const plan = await compilePlaybook(loadPlaybookText('s.yaml', yaml), { env: {}, params: { token: 'hunter2-secret' } });
    const a = renderPlanText(plan, { lang: 'en' });
    expect(a).toBe(renderPlanText(plan, { lang: 'en' }));
    expect(a).not.toContain('hunter2');
    expect(a).toContain('Authorization');
    expect(a).toContain('login --token "${RUNBOOK_SECRET_TOKEN}"');
  });
});
