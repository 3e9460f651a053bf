// `runbook review` as the workflow runs it: -o report.md, and a report on stdout that cannot issue workflow commands.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cli from '../helpers/cli.js';

let repo: string;

/** Not in a GitHub Actions job: the CLI would otherwise emit workflow commands. */
const runbook = (args: string[], env: Record<string, string> = {}) => cli.runbook(args, { cwd: repo, env: { GITHUB_ACTIONS: '', ...env } });

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'runbook-review-cli-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
  mkdirSync(join(repo, 'runbooks'));
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), 'x\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('update-ref', 'refs/remotes/origin/release', 'HEAD');
  writeFileSync(
    join(repo, 'runbooks', 'hostile.yaml'),
    'name: hostile\ntitle: "Hostile </details> ::error::x"\ndescription: d\nsteps:\n  - id: a\n    run: |\n      echo hi\n      ::add-mask::oops\n    verify: "true"\n',
  );
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('runbook review', () => {
  it('writes the report to a file with -o', async () => {
    const { code, stderr } = await runbook(['review', '--base', 'main', '-o', 'report.md']);
    expect(code).toBe(0);
    expect(stderr).toBe('review of 1 playbook(s) written to report.md\n');
    const report = readFileSync(join(repo, 'report.md'), 'utf8');
    expect(report).toContain('## <code>runbooks/hostile.yaml</code> — new');
    expect(report).toContain('Hostile &lt;/details&gt; &#58;&#58;error&#58;&#58;x');
  });

  it('in GitHub Actions, fences stdout with stop-commands so playbook lines are not workflow commands', async () => {
    const { stdout } = await runbook(['review', '--base', 'main'], { GITHUB_ACTIONS: 'true' });
    const lines = stdout.split('\n');
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines.indexOf('::add-mask::oops')).toBeGreaterThan(0);
    expect(lines.indexOf('::add-mask::oops')).toBeLessThan(lines.indexOf(`::${token}::`));
  });

  it('compares with the pull request base branch that GitHub names', async () => {
    const { code, stdout } = await runbook(['review'], { GITHUB_BASE_REF: 'release' });
    expect(code).toBe(0);
    expect(stdout).toContain('Compared with <code>origin/release</code>');
  });

  it('exits 2 on an unknown base ref', async () => {
    const { code, stderr } = await runbook(['review', '--base', 'no-such-branch']);
    expect(code).toBe(2);
    expect(stderr).toContain('git merge-base');
  });

  it('a git command that fails is framed in the chosen language, git\'s own words kept', async () => {
    const en = await runbook(['review', '--base', 'no-such-branch']);
    expect(en.stderr).toMatch(/^runbook: git merge-base no-such-branch HEAD: \S/);
    const zh = await runbook(['review', '--base', 'no-such-branch', '--lang', 'zh-CN']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/^runbook: `git merge-base no-such-branch HEAD` 失败：\S/);
    expect(zh.stderr.split('：').slice(1).join('：')).toBe(en.stderr.slice('runbook: git merge-base no-such-branch HEAD: '.length));
  });

  it('refuses a base that looks like an option, saying so in the chosen language (review and diff)', async () => {
    for (const args of [['review', '--base=--output=/tmp/x'], ['diff', 'git:--output=/tmp/x:runbooks/hostile.yaml', 'runbooks/hostile.yaml']]) {
      const en = await runbook(args);
      expect(en.code).toBe(2);
      expect(en.stderr).toBe('runbook: not a git ref: "--output=/tmp/x"\n');
      for (const zh of [await runbook([...args, '--lang', 'zh-CN']), await runbook(args, { LANG: 'zh_CN.UTF-8' })]) {
        expect(zh.code).toBe(2);
        expect(zh.stderr).toBe('runbook: 不是 git 引用："--output=/tmp/x"\n');
      }
    }
  });
});
