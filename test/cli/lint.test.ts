// `runbook lint` as CI runs it: exit codes 0/1/2 and each output format.
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const dir = 'test/fixtures/review/lint';

describe('runbook lint', () => {
  it('exits 1 on error-level findings, naming file:line:col and the rule', async () => {
    const { code, stdout } = await runbook(['lint', `${dir}/risky.yaml`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${dir}/risky.yaml:8:10  error  \`rm -rf\` in step \`wipe\` has neither a confirmation gate before it nor a rollback  [destructive-without-gate]`);
    expect(stdout).toContain('[destructive-param-without-pattern]');
  });

  it('exits 0 on the fixed playbook', async () => {
    const { code, stdout } = await runbook(['lint', `${dir}/fixed.yaml`]);
    expect(code).toBe(0);
    expect(stdout).toBe('no findings in 1 file(s)\n');
  });

  it('exits 2 on a file that is not a valid playbook, and on a missing path', async () => {
    const invalid = await runbook(['lint', `${dir}/invalid.yaml`, '--format', 'json']);
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.stdout).findings[0].rule).toBe('invalid-playbook');
    const missing = await runbook(['lint', `${dir}/nope.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
  });

  it('writes GitHub annotations on stdout and the counts on stderr', async () => {
    const { code, stdout, stderr } = await runbook(['lint', `${dir}/risky.yaml`, '--format', 'github']);
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((l) => /^::error file=test\/fixtures\/review\/lint\/risky\.yaml,line=\d+,col=\d+/.test(l))).toHaveLength(2);
    expect(stderr).toBe('2 error(s), 1 warning(s) in 1 file(s)\n');
  });

  it('writes SARIF 2.1.0', async () => {
    const { stdout } = await runbook(['lint', dir.replace(/lint$/, 'lint/risky.yaml'), '--format', 'sarif']);
    expect(JSON.parse(stdout)).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'runbook' } } }] });
  });

  describe('included playbooks', () => {
    const inc = `${dir}/includes`;

    it('are linted too, findings at their own line:col with an "included from" note', async () => {
      const { code, stdout } = await runbook(['lint', `${inc}/main.yaml`]);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `${inc}/lib/wipe.yaml:6:10  error  \`rm -rf\` in step \`wipe\` has neither a confirmation gate before it nor a rollback  [destructive-without-gate]\n` +
          '    hint: add a `confirm:` step before it, or a `rollback:` that undoes it\n' +
          `    included from ${inc}/main.yaml:7\n`,
      );
      expect(stdout.trimEnd().split('\n').pop()).toBe('1 error(s), 0 warning(s) in 2 file(s)');
      const zh = await runbook(['lint', `${inc}/main.yaml`], { env: { LANG: 'zh_CN.UTF-8' } });
      expect(zh.stdout).toContain(`    由 ${inc}/main.yaml:7 包含\n`);
    });

    it('--no-follow lints only the paths given', async () => {
      const { code, stdout } = await runbook(['lint', `${inc}/main.yaml`, '--no-follow']);
      expect(code).toBe(0);
      expect(stdout).toBe('no findings in 1 file(s)\n');
    });

    it('a cycle (a includes b includes a) lints each file once, ends, and is reported as plan reports it (exit 2)', async () => {
      const { code, stdout } = await runbook(['lint', `${inc}/cycle-a.yaml`, '--format', 'json']);
      expect(code).toBe(2);
      const report = JSON.parse(stdout) as { files: unknown[]; findings: { file: string; line: number; col: number; message: string }[] };
      expect(report.files).toEqual([
        { file: `${inc}/cycle-a.yaml`, invalid: true },
        { file: `${inc}/cycle-b.yaml`, invalid: true, includedFrom: { file: `${inc}/cycle-a.yaml`, line: 7, col: 13 } },
      ]);
      expect(report.findings[0]).toMatchObject({ file: `${inc}/cycle-a.yaml`, line: 7, col: 13, message: expect.stringContaining('cycle-a.yaml → cycle-b.yaml → cycle-a.yaml [include.cycle]') });
    });

    it('a missing include is an invalid playbook (exit 2), pointing at the include path', async () => {
      const { code, stdout } = await runbook(['lint', `${inc}/missing.yaml`]);
      expect(code).toBe(2);
      expect(stdout).toMatch(new RegExp(`^${inc}/missing\\.yaml:7:13  error  invalid playbook: .*lib/gone\\.yaml.*\\[step\\.include-missing\\]  \\[invalid-playbook\\]$`, 'm'));
    });

    it('SARIF relates the finding to the include step', async () => {
      const { stdout } = await runbook(['lint', `${inc}/main.yaml`, '--format', 'sarif']);
      const result = JSON.parse(stdout).runs[0].results[0];
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(`${inc}/lib/wipe.yaml`);
      expect(result.relatedLocations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: `${inc}/main.yaml` }, region: { startLine: 7, startColumn: 13 } });
    });
  });

  it('rejects an unknown format with exit 2', async () => {
    const { code, stderr } = await runbook(['lint', '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of text, json, github, sarif');
  });
});
