// `runbook validate` as a user runs it: exit codes, summaries, formats, folder search, bad arguments.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';

const valid = 'name: ok\ntitle: OK\nsteps:\n  - id: a\n    run: echo hi\n';
const invalid = 'name: bad\ntitle: Bad\nsteps:\n  - id: stop\n    rn: echo\n';

const dir = mkdtempSync(join(tmpdir(), 'runbook-validate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function tree(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('runbook validate', () => {
  it('passes the shipped playbooks and the valid corpus', async () => {
    const shipped = await runCli(['validate', 'runbooks/']);
    expect(shipped.stderr).toBe('');
    expect(shipped.stdout).toMatch(/^\d+ playbooks? (and \d+ rules files? )?valid\n$/);
    expect(shipped.code).toBe(0);
    const corpus = await runCli(['validate', 'test/fixtures/playbooks/valid']);
    expect(corpus).toMatchObject({ code: 0, stdout: '6 playbooks valid\n' });
  });

  it('exits 2 and shows where and what for an invalid playbook', async () => {
    const root = tree('mixed', { 'ok.yaml': valid, 'bad.yml': invalid });
    const result = await runCli(['validate', '.'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        'bad.yml:5:5: error: unknown key `rn` in step `stop`; did you mean `run`?',
        '  4 |   - id: stop',
        '  5 |     rn: echo',
        '    |     ^~',
        '',
        '1 of 2 playbooks invalid, 1 error',
        '',
      ].join('\n'),
    );
  });

  it('searches folders for *.yaml and *.yml, but not schemas/ or hidden folders', async () => {
    const root = tree('search', {
      'a.yaml': valid,
      'nested/b.yml': valid,
      'schemas/not-a-playbook.yaml': 'type: object\n',
      '.hidden/c.yaml': invalid,
      'notes.txt': 'x',
    });
    expect(await runCli(['validate', root])).toMatchObject({ code: 0, stdout: '2 playbooks valid\n' });
  });

  it('counts inventories and rules files apart from the playbooks in the summary (en and zh-CN)', async () => {
    const inventory = '# yaml-language-server: $schema=./schemas/inventory.schema.json\nhosts:\n  a: {}\n';
    const rules = 'rules:\n  - name: r\n    match: [alertname="X"]\n    playbook: a.yaml\n';
    const root = tree('kinds', { 'a.yaml': valid, 'b.yaml': valid, 'hosts.yaml': inventory, 'rules.yaml': rules });
    expect(await runCli(['validate', '.'], { cwd: root })).toMatchObject({ code: 0, stdout: '2 playbooks, 1 inventory and 1 rules file valid\n' });
    expect((await runCli(['--lang', 'zh-CN', 'validate', '.'], { cwd: root })).stdout).toBe('2 个 playbook、1 个清单和 1 个规则文件全部有效\n');
    expect((await runCli(['validate', 'hosts.yaml'], { cwd: root })).stdout).toBe('1 inventory valid\n');
    expect((await runCli(['--lang', 'zh-CN', 'validate', 'a.yaml', 'hosts.yaml'], { cwd: root })).stdout).toBe('1 个 playbook 和 1 个清单全部有效\n');
    const other = tree('kinds-invalid', { 'a.yaml': valid, 'hosts.yaml': inventory, 'more.yaml': 'hosts:\n  b: { prot: 22 }\n' });
    const invalid = await runCli(['validate', '.'], { cwd: other });
    expect(invalid.code).toBe(2);
    expect(invalid.stdout.split('\n').at(-2)).toBe('1 of 1 playbook and 2 inventories invalid, 1 error');
    expect((await runCli(['--lang', 'zh-CN', 'validate', 'more.yaml'], { cwd: other })).stdout.split('\n').at(-2)).toBe('1 个清单中有 1 个无效，共 1 个错误');
  });

  it('writes JSON that tools can read', async () => {
    const root = tree('json', { 'bad.yaml': invalid });
    const result = await runCli(['validate', 'bad.yaml', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'bad.yaml',
        line: 5,
        col: 5,
        endLine: 5,
        endCol: 7,
        severity: 'error',
        code: 'schema.unknown-key',
        message: 'unknown key `rn` in step `stop`; did you mean `run`?',
        hint: null,
      },
    ]);
    const ok = await runCli(['validate', 'runbooks', '--format=json']);
    expect(ok).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('writes GitHub annotations', async () => {
    const root = tree('github', { 'bad.yaml': invalid });
    const result = await runCli(['validate', 'bad.yaml', '--format', 'github'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(
      '::error file=bad.yaml,line=5,col=5,endLine=5,endColumn=7,title=runbook validate::unknown key `rn` in step `stop`; did you mean `run`?',
    );
  });

  it('speaks Chinese with --lang zh-CN or LANG', async () => {
    const root = tree('zh', { 'bad.yaml': invalid });
    const flag = await runCli(['validate', 'bad.yaml', '--lang', 'zh-CN'], { cwd: root });
    expect(flag.stdout).toContain('bad.yaml:5:5: 错误：步骤 `stop` 中有未知的键 `rn`；你是不是想写 `run`？');
    expect(flag.stdout).toContain('1 个 playbook 中有 1 个无效，共 1 个错误');
    const env = await runCli(['validate', 'bad.yaml'], { cwd: root, env: { LANG: 'zh_CN.UTF-8' } });
    expect(env.stdout).toContain('错误');
  });

  it('exits 2 with a clear message for bad arguments, missing paths and empty folders', async () => {
    const format = await runCli(['validate', 'runbooks', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format `xml`; use one of text, json, github');
    const option = await runCli(['validate', '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--frobnicate');
    const missing = await runCli(['validate', 'no/such/place.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('no/such/place.yaml: error: no such file or folder: no/such/place.yaml');
    const empty = tree('empty', { 'readme.md': '# nothing' });
    const none = await runCli(['validate', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no playbooks (*.yaml, *.yml) found');
  });

  it('prints no colour codes when the output is not a terminal', async () => {
    const root = tree('colour', { 'bad.yaml': invalid });
    const result = await runCli(['validate', 'bad.yaml'], { cwd: root, env: { NO_COLOR: '' } });
    expect(result.stdout).not.toContain('\u001b[');
  });
});
