// Golden Markdown plans, and that playbook text cannot break out of the Markdown or leak secrets.
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { confirmStep, param, rendered, runStep } from '../helpers/plan-builder.js';
import { makePlan, mlflowPlan } from './plan-builder.js';
import { golden } from '../helpers/golden.js';


describe('renderPlanMarkdown', () => {
  it('renders the MLflow plan (golden, en and zh-CN)', async () => {
    await expect(renderPlanMarkdown(mlflowPlan(), { lang: 'en' })).toMatchFileSnapshot(golden('review/plan-mlflow.en.md'));
    await expect(renderPlanMarkdown(mlflowPlan(), { lang: 'zh-CN' })).toMatchFileSnapshot(golden('review/plan-mlflow.zh-CN.md'));
  });

  it('says in one line what the plan does: risk, steps, destructive steps, gates', () => {
    const md = renderPlanMarkdown(mlflowPlan(), { lang: 'en' });
    expect(md).toContain('risk **high** · steps: 5 · destructive: 2 · confirmation gates: 1 · with rollback: 1/5');
  });

  it('never shows a secret, neither in the params table nor in commands', () => {
    const md = renderPlanMarkdown(mlflowPlan(), { lang: 'en' });
    expect(md).not.toContain('hunter2');
    expect(md).toContain('<code>••••••</code>');
  });

  it('keeps hostile playbook text inside its code block and cell', async () => {
    const evil = 'echo "```" ````` </details><img src=x onerror=alert(1)> | @team #1\n::add-mask::x';
    const plan = makePlan({
      playbook: { name: 'evil', title: 'T </details> **bold** `code` | pipe', description: '<script>x</script>' },
      params: [param('p', 'a|b`c</td>')],
      steps: [runStep('s', evil, { name: '</summary><b>x' })],
      finally: [confirmStep('c', '</details>')],
    });
    const md = renderPlanMarkdown(plan, { lang: 'en' });
    await expect(md).toMatchFileSnapshot(golden('review/plan-hostile.en.md'));
    // The command is shown whole inside one fenced block whose fence is longer than any backtick run in it.
    expect(md).toContain('``````sh\n' + evil + '\n``````');
    const html = await marked.parse(md);
    expect(html).not.toMatch(/<img|<script|<b>x/);
    // Exactly the details elements we made, each closed.
    expect(html.match(/<details>/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
    // The parameter value stays in one table cell.
    expect(html).toMatch(/<td><code>a&#124;b&#96;c&lt;\/td&gt;<\/code><\/td>/);
  });

  it('cuts a plan longer than 65,536 characters at a step boundary with a visible marker', () => {
    const steps = Array.from({ length: 40 }, (_, i) => runStep(`s${i}`, `echo ${'x'.repeat(3000)}`));
    const md = renderPlanMarkdown(makePlan({ steps }), { lang: 'en' });
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).toMatch(/⚠️ \*\*Truncated\*\*: this report is longer than 65536 characters\. \d+ of 43 sections shown/);
    // No fence is left open: an even number of fence lines.
    expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('flags raw insertions as warnings', () => {
    const plan = makePlan({ steps: [runStep('x', rendered('ls /tmp', 'shell', ['dir']))] });
    expect(renderPlanMarkdown(plan, { lang: 'en' })).toContain('Raw (unquoted) insertion of dir in x');
  });
});
