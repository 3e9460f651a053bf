// Golden plans of the shipped playbooks (production defaults), in English and Chinese, and no lint errors. Regenerate: npx vitest run test/playbooks/plans.test.ts -u
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../src/engine/compile.js';
import { loadPlaybookFile } from '../../src/engine/load.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { lintPlaybook } from '../../src/review/lint/lint.js';
import { cases, goldenParams } from './cases.js';
import { golden } from '../helpers/golden.js';

describe.each(cases.map((c) => c.name))('%s', (name) => {
  it.each(['en', 'zh-CN'] as const)('plan (%s) matches its golden file', async (lang) => {
    const loaded = await loadPlaybookFile(`runbooks/${name}.yaml`);
    const plan = await compilePlaybook(loaded, { params: goldenParams[name] ?? {}, env: {}, lang });
    expect(plan.warnings).toEqual([]);
    await expect(renderPlanText(plan, { lang })).toMatchFileSnapshot(golden(`playbooks/${name}.${lang}.txt`));
  });

  it('has no error-level lint finding', async () => {
    const loaded = await loadPlaybookFile(`runbooks/${name}.yaml`);
    const errors = lintPlaybook(loaded, { lang: 'en' }).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.line}:${f.col} ${f.rule}: ${f.message}`)).toEqual([]);
  });
});
