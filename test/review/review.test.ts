// `runbook review` on a real git repository: new, modified, renamed, deleted and invalid playbooks (golden report).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { buildReview, REVIEW_MARKER } from '../../src/review/review.js';
import { reproducibleGit } from '../helpers/git.js';
import { golden } from '../helpers/golden.js';

const fixtures = new URL('../fixtures/review/', import.meta.url).pathname;

let repo: string;
const git = (...args: string[]) => reproducibleGit(repo, ...args);

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'runbook-review-'));
  mkdirSync(join(repo, 'runbooks'));
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  git('init', '-q', '-b', 'main');
  cpSync(join(fixtures, 'diff', 'before.yaml'), join(repo, 'runbooks', 'redis-cache-reset.yaml'));
  cpSync(join(fixtures, 'lint', 'fixed.yaml'), join(repo, 'runbooks', 'cleanup.yaml'));
  cpSync(join(fixtures, 'saved', 'inc.yaml'), join(repo, 'runbooks', 'restart-mlflow.yaml'));
  writeFileSync(join(repo, 'runbooks', 'old-name.yaml'), 'name: old-name\ntitle: Check the API\ndescription: Checks the API.\nsteps:\n  - id: ping\n    run: curl -s http://localhost:8000/health\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  // modified, new, deleted, renamed, invalid, and a workflow file that is not a playbook
  cpSync(join(fixtures, 'diff', 'after.yaml'), join(repo, 'runbooks', 'redis-cache-reset.yaml'));
  cpSync(join(fixtures, 'lint', 'risky.yaml'), join(repo, 'runbooks', 'risky-cleanup.yaml'));
  unlinkSync(join(repo, 'runbooks', 'restart-mlflow.yaml'));
  renameSync(join(repo, 'runbooks', 'old-name.yaml'), join(repo, 'runbooks', 'api-check.yaml'));
  writeFileSync(join(repo, 'runbooks', 'broken.yaml'), 'name: broken\ntitle: Broken\nsteps:\n  - id: a\n    run: echo {{nope}}\n');
  writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('buildReview', () => {
  it('reviews every changed playbook, and nothing else', async () => {
    const report = await buildReview({ cwd: repo, base: 'main', lang: 'en' });
    expect(report.playbooks.map((p) => `${p.status} ${p.file}`).sort()).toEqual([
      'added runbooks/broken.yaml',
      'added runbooks/risky-cleanup.yaml',
      'deleted runbooks/restart-mlflow.yaml',
      'modified runbooks/redis-cache-reset.yaml',
      'renamed runbooks/api-check.yaml',
    ]);
    expect(report.playbooks.find((p) => p.file === 'runbooks/broken.yaml')?.error).toContain('nope');
    expect(report.markdown.startsWith(`${REVIEW_MARKER}\n# 📋 Runbook review`)).toBe(true);
    await expect(report.markdown).toMatchFileSnapshot(golden('review/review.en.md'));
  });

  it('shows, for a modified playbook, its diff and its plan; for a new one, its plan and lint findings', async () => {
    const { markdown } = await buildReview({ cwd: repo, base: 'main', lang: 'en' });
    expect(markdown).toContain('## <code>runbooks/redis-cache-reset.yaml</code> — modified');
    expect(markdown).toContain('+docker compose exec redis redis-cli -n 1 FLUSHALL');
    expect(markdown).toContain('<details><summary>Full plan after the change</summary>');
    expect(markdown).toContain('## <code>runbooks/risky-cleanup.yaml</code> — new');
    expect(markdown).toContain("❌ <code>8&#58;10</code> <code>rm -rf</code> in step <code>wipe</code> has neither");
    const html = await marked.parse(markdown);
    expect(html.match(/<details>/g)?.length).toBe(html.match(/<\/details>/g)?.length);
  });

  it('speaks Chinese', async () => {
    const { markdown } = await buildReview({ cwd: repo, base: 'main', lang: 'zh-CN' });
    await expect(markdown).toMatchFileSnapshot(golden('review/review.zh-CN.md'));
  });

  it('stays under the comment limit, with a visible marker', async () => {
    const { markdown } = await buildReview({ cwd: repo, base: 'main', lang: 'en', maxChars: 4000 });
    expect(markdown.length).toBeLessThanOrEqual(4000);
    expect(markdown).toContain('⚠️ **Truncated**');
  });

  it('says so when no playbook changed', async () => {
    const { markdown, playbooks } = await buildReview({ cwd: repo, base: 'HEAD', lang: 'en' });
    expect(playbooks).toEqual([]);
    expect(markdown).toContain('no playbook changed.');
  });

  it('refuses a base that looks like an option', async () => {
    await expect(buildReview({ cwd: repo, base: '--output=/tmp/x', lang: 'en' })).rejects.toThrow(/not a git ref/);
  });

  it('never runs a playbook command', async () => {
    const marker = join(repo, 'pwned');
    writeFileSync(join(repo, 'runbooks', 'evil.yaml'), `name: evil\ntitle: Evil\ndescription: d\npreconditions:\n  - touch ${marker}\nsteps:\n  - id: a\n    run: touch ${marker}\n`);
    await buildReview({ cwd: repo, base: 'main', lang: 'en' });
    expect(() => readFileSync(marker)).toThrow();
    unlinkSync(join(repo, 'runbooks', 'evil.yaml'));
  });
});

describe('a long review', () => {
  it('leaves out the full plans after each change before leaving out playbooks', async () => {
    const full = await buildReview({ cwd: repo, base: 'main', lang: 'en' });
    const compact = await buildReview({ cwd: repo, base: 'main', lang: 'en', maxChars: full.markdown.length - 1 });
    expect(compact.markdown).toContain('the full plans after each change are left out');
    expect(compact.markdown).not.toContain('Full plan after the change');
    expect(compact.markdown).not.toContain('Truncated');
    expect(compact.markdown).toContain('## <code>runbooks/risky-cleanup.yaml</code> — new');
  });
});
