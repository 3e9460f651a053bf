// Golden Markdown plans, diffs and a review of the playbooks shipped in runbooks/ (regenerate: vitest -u).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { parseDocument, isSeq } from 'yaml';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { compileVersion, readVersion } from '../../src/review/source.js';
import { diffPlans } from '../../src/review/diff.js';
import { renderDiffMarkdown } from '../../src/review/diff-markdown.js';
import { lintFiles } from '../../src/review/lint/lint.js';
import { formatLintText } from '../../src/review/lint/format/text.js';
import { translator } from '../../src/i18n/index.js';
import { reviewCatalog } from '../../src/i18n/review.js';
import { buildReview } from '../../src/review/review.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import { reproducibleGit } from '../helpers/git.js';
import { golden } from '../helpers/golden.js';

const runbooks = new URL('../../runbooks/', import.meta.url).pathname;
const shipped = readdirSync(runbooks)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** An older version of a playbook: the same without its last step (so every diff has something to show). */
function withoutLastStep(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text; // not YAML: the plan test says so
  const steps = doc.get('steps');
  if (isSeq(steps) && steps.items.length > 1) steps.items.pop();
  return doc.toString();
}

describe('shipped playbooks', () => {
  it('there is at least one', () => {
    expect(shipped.length).toBeGreaterThan(0);
  });

  describe.each(shipped)('%s', (file) => {
    const path = `runbooks/${file}`;
    const name = file.replace(/\.ya?ml$/, '');

    it('has a golden Markdown plan that is well-formed and under the cap', async () => {
      const plan = await compileVersion(await readVersion(path, process.cwd()), { params: {}, lang: 'en' });
      const md = renderPlanMarkdown(plan, { lang: 'en' });
      await expect(md).toMatchFileSnapshot(golden(`review/shipped/plan-${name}.en.md`));
      await expect(renderPlanMarkdown(plan, { lang: 'zh-CN' })).toMatchFileSnapshot(golden(`review/shipped/plan-${name}.zh-CN.md`));
      expect(md.length).toBeLessThanOrEqual(65_536);
      const html = await marked.parse(md);
      expect(html.match(/<details>/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
      expect((md.match(/^`{3,}/gm) ?? []).length % 2).toBe(0);
    });

    it('has a golden diff against its version without the last step', async () => {
      const source = readFileSync(join(runbooks, file), 'utf8');
      const before = { label: `git:main:${path}`, loaded: loadPlaybookText(path, withoutLastStep(source)), loadInclude: (await readVersion(path, process.cwd())).loadInclude };
      const a = await compileVersion(before, { params: {}, lang: 'en' });
      const b = await compileVersion(await readVersion(path, process.cwd()), { params: {}, lang: 'en' });
      const md = renderDiffMarkdown(diffPlans(a, b, { lang: 'en' }), { lang: 'en', before: before.label, after: path });
      await expect(md).toMatchFileSnapshot(golden(`review/shipped/diff-${name}.en.md`));
    });

  });
});

describe('lint of the shipped playbooks', () => {
  // A golden report rather than "no errors": findings the playbook authors have not settled yet stay
  // visible here, and any change to them shows in review. (`runbook lint runbooks` exits 1 on errors.)
  it('is golden', async () => {
    const results = await lintFiles(shipped.map((f) => `runbooks/${f}`), { lang: 'en' });
    expect(results.filter((r) => r.invalid).map((r) => r.file)).toEqual([]);
    await expect(formatLintText(results, translator(reviewCatalog, 'en'))).toMatchFileSnapshot(golden('review/shipped/lint.en.txt'));
  });
});

describe('a review of the shipped playbooks', () => {
  let repo: string;
  const git = (...args: string[]) => reproducibleGit(repo, ...args);

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'runbook-shipped-review-'));
    // Only the playbooks: the commit hashes in the report then depend on nothing else (journals, schema).
    mkdirSync(join(repo, 'runbooks'));
    for (const file of shipped) writeFileSync(join(repo, 'runbooks', file), withoutLastStep(readFileSync(join(runbooks, file), 'utf8')));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    for (const file of shipped) cpSync(join(runbooks, file), join(repo, 'runbooks', file));
    git('add', '-A');
    git('commit', '-q', '-m', 'head');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('is golden', async () => {
    const { markdown, playbooks } = await buildReview({ cwd: repo, base: 'main', lang: 'en' });
    expect(playbooks.map((p) => `${p.status} ${p.file}`)).toEqual(shipped.map((f) => `modified runbooks/${f}`));
    expect(playbooks.filter((p) => p.error !== undefined).map((p) => p.error)).toEqual([]);
    await expect(markdown).toMatchFileSnapshot(golden('review/shipped/review.en.md'));
  });
});
