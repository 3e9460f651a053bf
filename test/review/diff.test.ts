// Semantic diff: what changed in what a playbook runs, as text and Markdown (golden files).
import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../src/review/diff.js';
import { renderDiffMarkdown } from '../../src/review/diff-markdown.js';
import { renderDiffText } from '../../src/review/diff-text.js';
import { compileVersion, readVersion } from '../../src/review/source.js';
import { unifiedDiff } from '../../src/review/unified-diff.js';
import { runStep } from '../helpers/plan-builder.js';
import { makePlan } from './plan-builder.js';
import { golden } from '../helpers/golden.js';

const dir = 'test/fixtures/review/diff';

async function fixtureDiff() {
  const cwd = process.cwd();
  const [a, b] = await Promise.all([readVersion(`${dir}/before.yaml`, cwd), readVersion(`${dir}/after.yaml`, cwd)]);
  return diffPlans(await compileVersion(a, { params: {}, lang: 'en' }), await compileVersion(b, { params: {}, lang: 'en' }), { lang: 'en' });
}

describe('diffPlans', () => {
  it('finds added, removed, moved and changed steps, risk, params, probes and rollback coverage', async () => {
    const diff = await fixtureDiff();
    expect(diff.risk).toEqual({ before: 'medium', after: 'high' });
    expect(diff.steps.map((s) => `${s.kind} ${s.id}`)).toEqual([
      'removed old_step',
      'added confirm_flush',
      'moved restart_api',
      'changed restart_api',
      'changed flush',
    ]);
    const flush = diff.steps.find((s) => s.kind === 'changed' && s.id === 'flush');
    expect(flush?.kind === 'changed' && flush.fields.map((f) => f.field)).toEqual(['action', 'rollback']);
    expect(diff.params.map((p) => `${p.kind} ${p.name}`)).toEqual(['removed old_flag', 'changed redis_service', 'changed db', 'added reason']);
    expect(diff.probes).toEqual([{ list: 'preconditions', kind: 'added', text: 'docker compose exec redis redis-cli PING' }]);
    expect(diff.rollback).toEqual({ gained: ['restart_api'], lost: ['flush'] });
    expect(diff.counts.before.gates).toBe(0);
    expect(diff.counts.after.gates).toBe(1);
  });

  it('says so when nothing changed', () => {
    const plan = makePlan({ steps: [runStep('a', 'echo a')] });
    expect(diffPlans(plan, plan, { lang: 'en' }).same).toBe(true);
  });

  it('renders text and Markdown (golden)', async () => {
    const diff = await fixtureDiff();
    const labels = { before: 'git:main:runbooks/redis-cache-reset.yaml', after: 'runbooks/redis-cache-reset.yaml' };
    await expect(renderDiffText(diff, { lang: 'en', ...labels })).toMatchFileSnapshot(golden('review/diff-redis.en.txt'));
    await expect(renderDiffMarkdown(diff, { lang: 'en', ...labels })).toMatchFileSnapshot(golden('review/diff-redis.en.md'));
    await expect(renderDiffMarkdown(diff, { lang: 'zh-CN', ...labels })).toMatchFileSnapshot(golden('review/diff-redis.zh-CN.md'));
  });

  it('shows a changed command as a unified diff', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc')).toEqual([' a', '-b', '+B', ' c']);
  });
});

describe('playbook-wide settings', () => {
  it('are compared: lock, on_interrupt, env', () => {
    const a = makePlan({ steps: [runStep('a', 'echo a')] });
    const b = makePlan({
      playbook: { lock: 'stack', onInterrupt: 'stop' },
      env: [{ name: 'COMPOSE_PROJECT_NAME', value: { text: 'recommend', source: 'recommend', kind: 'text', deferred: false, raw: [] }, secret: false }],
      steps: [runStep('a', 'echo a')],
    });
    const diff = diffPlans(a, b, { lang: 'en' });
    expect(diff.same).toBe(false);
    expect(diff.settings).toEqual([
      { field: 'lock', before: 'mlflow-permissions', after: 'stack' },
      { field: 'on_interrupt', before: 'rollback', after: 'stop' },
      { field: 'env', before: '', after: 'COMPOSE_PROJECT_NAME=recommend' },
    ]);
    expect(renderDiffText(diff, { lang: 'en', before: 'a', after: 'b' })).toContain('  on_interrupt: rollback → stop');
  });
});

describe('the text diff keeps its own warnings apart from playbook content', () => {
  const diffOf = (command: string) =>
    diffPlans(makePlan({ steps: [runStep('a', 'echo a')] }), makePlan({ steps: [runStep('a', 'echo a'), runStep('b', command)] }), { lang: 'en' });

  it('shows an added command behind the diff mark, below where the warning stands', () => {
    // A harmless command whose second line reads exactly like the tool's warning.
    const text = renderDiffText(diffOf('true\n⚠️ destructive: rm -rf /srv'), { lang: 'en', before: 'a', after: 'b' });
    expect(text).not.toMatch(/^ {6}⚠️/m);
    expect(text).toContain('\n        +true\n        +⚠️ destructive: rm -rf /srv\n');
  });

  it('still shows the real warning at its own place, in both languages', () => {
    const diff = diffOf('rm -rf /srv/data\n⚠️ destructive: nothing');
    const en = renderDiffText(diff, { lang: 'en', before: 'a', after: 'b' });
    expect(en.split('\n').filter((l) => /^ {6}⚠️/.test(l))).toEqual(['      ⚠️ destructive: rm -rf']);
    const zh = renderDiffText(diff, { lang: 'zh-CN', before: 'a', after: 'b' });
    expect(zh.split('\n').filter((l) => /^ {6}⚠️/.test(l))).toEqual(['      ⚠️ 破坏性：rm -rf']);
  });

  it('keeps the versions typed on the command line on the heading line', () => {
    const text = renderDiffText(diffOf('true'), { lang: 'en', before: 'old.yaml\n      ⚠️ destructive: x', after: 'new.yaml' });
    expect(text.split('\n')[0]).toBe('Changes to mlflow-permissions  (old.yaml␤      ⚠️ destructive: x → new.yaml)');
  });
});
