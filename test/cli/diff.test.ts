// `runbook diff` as a user runs it: files and git:<ref>:<path>, text and Markdown, exit codes.
import { describe, expect, it } from 'vitest';
import * as cli from '../helpers/cli.js';

const dir = 'test/fixtures/review/diff';

/** Not in a GitHub Actions job: the CLI would otherwise emit workflow commands. */
const runbook = (args: string[], env: Record<string, string> = {}) => cli.runbook(args, { env: { GITHUB_ACTIONS: '', ...env } });

describe('runbook diff', () => {
  it('compares two files by what they run', async () => {
    const { code, stdout } = await runbook(['diff', `${dir}/before.yaml`, `${dir}/after.yaml`]);
    expect(code).toBe(0);
    expect(stdout).toContain('risk: medium → high');
    expect(stdout).toContain('↕ moved restart_api from position 3 to 2');
    expect(stdout).toContain('⚠️ lost: flush');
  });

  it('writes Markdown for pull requests', async () => {
    const { stdout } = await runbook(['diff', `${dir}/before.yaml`, `${dir}/after.yaml`, '--format', 'markdown']);
    expect(stdout).toMatch(/^## ✏️ Changes to <code>redis-cache-reset<\/code>/);
    expect(stdout).toContain('```diff\n-docker compose exec redis redis-cli -n 0 FLUSHDB');
  });

  it('reads a version from git (git:<ref>:<path>)', async () => {
    const { code, stdout } = await runbook(['diff', 'git:HEAD:runbooks/mlflow-permissions.yaml', 'runbooks/mlflow-permissions.yaml']);
    expect(code).toBe(0);
    expect(stdout).toContain('Changes to mlflow-permissions');
  });

  it('in GitHub Actions, no line of the output can be taken as a workflow command', async () => {
    const { stdout } = await runbook(['diff', `${dir}/before.yaml`, `${dir}/hostile.yaml`], { GITHUB_ACTIONS: 'true' });
    const lines = stdout.trimEnd().split('\n');
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines[lines.length - 1]).toBe(`::${token}::`);
    // Between the two, the runner ignores commands; the hostile line is there, indented as the diff shows it.
    expect(lines.some((l) => l.trimStart() === '+::add-mask::oops')).toBe(true);
  });

  it('with --exit-code, exits 1 when the versions differ and 0 when they run the same', async () => {
    expect((await runbook(['diff', `${dir}/before.yaml`, `${dir}/after.yaml`, '--exit-code'])).code).toBe(1);
    const same = await runbook(['diff', `${dir}/before.yaml`, `${dir}/before.yaml`, '--exit-code']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No change in what the playbook runs.');
  });

  it('exits 2 on a missing file or a bad ref', async () => {
    expect((await runbook(['diff', `${dir}/nope.yaml`, `${dir}/after.yaml`])).code).toBe(2);
    const bad = await runbook(['diff', 'git:no-such-ref:runbooks/mlflow-permissions.yaml', `${dir}/after.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such file at no-such-ref');
    expect((await runbook(['diff', `${dir}/after.yaml`])).code).toBe(2);
  });
});
