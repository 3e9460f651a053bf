// Each command's arguments parsed into its typed object, or into the problems the CLI says (en and zh-CN).
import { describe, expect, it } from 'vitest';
import { parseComplete } from '../../../src/cli/arguments/complete.js';
import { parseCompletion } from '../../../src/cli/arguments/completion.js';
import { parseDiff } from '../../../src/cli/arguments/diff.js';
import { parseHistory } from '../../../src/cli/arguments/history.js';
import { parseImport } from '../../../src/cli/arguments/import.js';
import { parseLint } from '../../../src/cli/arguments/lint.js';
import { parseList } from '../../../src/cli/arguments/list.js';
import { parseLogs } from '../../../src/cli/arguments/logs.js';
import { parseNew } from '../../../src/cli/arguments/new.js';
import { parsePlan } from '../../../src/cli/arguments/plan.js';
import { parseRecord } from '../../../src/cli/arguments/record.js';
import { parseReview } from '../../../src/cli/arguments/review.js';
import { parseUnlock } from '../../../src/cli/arguments/unlock.js';
import { parseValidate } from '../../../src/cli/arguments/validate.js';

const en = { lang: 'en', env: {}, cwd: '/' } as const;
const zh = { ...en, lang: 'zh-CN' } as const;

describe('validate, list and lint: paths and a format', () => {
  it('validate: the current folder by default; --format checked against the diagnostic formats', () => {
    expect(parseValidate([], en)).toEqual({ args: { paths: ['.'], format: 'text' } });
    expect(parseValidate(['runbooks', 'x.yaml', '-f', 'github'], en)).toEqual({ args: { paths: ['runbooks', 'x.yaml'], format: 'github' } });
    expect(parseValidate(['--format', 'xml'], en).diagnostics).toEqual([{ message: 'unknown format `xml`; use one of text, json, github' }]);
    expect(parseValidate(['--format', 'xml'], zh).diagnostics).toEqual([{ message: '未知的格式 `xml`；可选：text, json, github' }]);
  });

  it('list: the playbook path when no folder is given', () => {
    expect(parseList([], en)).toEqual({ args: { paths: [], format: 'text' } });
    expect(parseList(['ops', '--format=json'], en)).toEqual({ args: { paths: ['ops'], format: 'json' } });
    expect(parseList(['-f', 'yaml'], en).diagnostics).toEqual([{ message: 'unknown format `yaml`; use one of text, json' }]);
  });

  it('lint: runbooks/ by default, includes followed unless --no-follow', () => {
    expect(parseLint([], en)).toEqual({ args: { paths: ['runbooks'], format: 'text', follow: true } });
    expect(parseLint(['a.yaml', '--no-follow', '-f', 'sarif'], en)).toEqual({ args: { paths: ['a.yaml'], format: 'sarif', follow: false } });
    expect(parseLint(['--format', 'html'], zh).diagnostics).toEqual([{ message: 'lint：--format 必须是 text, json, github, sarif 之一；收到的是 "html"' }]);
  });
});

describe('plan, diff and review: parameters for compiling', () => {
  it('plan: one playbook, parameters, a format, where to save it', () => {
    expect(parsePlan(['a.yaml', '-p', 'x=1', '-f', 'markdown', '-o', 'saved.json'], en)).toEqual({ args: { playbook: 'a.yaml', params: { x: '1' }, format: 'markdown', out: 'saved.json' } });
    expect(parsePlan([], en).diagnostics).toEqual([{ message: 'plan: give exactly one playbook file', hint: 'runbook plan runbooks/mlflow-permissions.yaml' }]);
    expect(parsePlan(['a.yaml', '-p', 'oops'], zh).diagnostics).toEqual([{ message: 'plan：--param 的格式是 名称=值，收到的是 "oops"', hint: '请写成 --param 名称=值' }]);
  });

  it('diff: two versions', () => {
    expect(parseDiff(['git:main:a.yaml', 'a.yaml', '--exit-code'], en)).toEqual({ args: { old: 'git:main:a.yaml', new: 'a.yaml', format: 'text', params: {}, exitCode: true } });
    expect(parseDiff(['a.yaml'], en).diagnostics).toEqual([{ message: 'diff: give two versions: <old> <new>', hint: 'runbook diff git:main:runbooks/a.yaml runbooks/a.yaml' }]);
    expect(parseDiff(['a', 'b', '-f', 'json'], en).diagnostics?.[0]?.message).toBe('diff: --format must be one of text, markdown; got "json"');
  });

  it('review: options only; the base is left to the command (it reads the pull request from the environment)', () => {
    expect(parseReview([], en)).toEqual({ args: { base: undefined, out: undefined, paths: undefined, params: {} } });
    expect(parseReview(['-b', 'origin/dev', '--path', 'a', '--path', 'b', '-o', 'r.md', '-p', 'x=1'], en)).toEqual({
      args: { base: 'origin/dev', out: 'r.md', paths: ['a', 'b'], params: { x: '1' } },
    });
    expect(parseReview(['runbooks'], en).diagnostics).toEqual([{ message: 'review: unexpected argument runbooks', hint: 'runbook review --base origin/main -o review.md' }]);
  });
});

describe('history, logs and unlock: the journal', () => {
  it('history: 20 runs unless --limit says (a limit that is not a number is the default)', () => {
    expect(parseHistory([], en)).toEqual({ args: { home: undefined, limit: 20, json: false } });
    expect(parseHistory(['--limit', '3', '--json', '--home', 'h'], en)).toEqual({ args: { home: 'h', limit: 3, json: true } });
    expect(parseHistory(['--limit', 'x'], en).args?.limit).toBe(20);
    expect(parseHistory(['--limit=-4'], en).args?.limit).toBe(1);
    expect(parseHistory(['last'], zh).diagnostics?.[0]?.message).toBe("history：多余的参数 'last'（此命令只接受选项）");
  });

  it('logs: one run, optionally one step', () => {
    expect(parseLogs(['last', '--step', 'chown.verify', '--raw'], en)).toEqual({ args: { run: 'last', step: 'chown.verify', raw: true, json: false, home: undefined } });
    expect(parseLogs([], en).diagnostics).toEqual([{ message: 'logs: give exactly one run id (or `last`)' }]);
  });

  it('unlock: a lock id, or --list', () => {
    expect(parseUnlock(['k1', '--force'], en)).toEqual({ args: { home: undefined, action: { list: false, lockId: 'k1', force: true } } });
    expect(parseUnlock(['--list', '--home', 'h'], en)).toEqual({ args: { home: 'h', action: { list: true } } });
    expect(parseUnlock([], zh).diagnostics?.[0]?.message).toBe('unlock：请指定一个锁 ID（见“已锁定”提示，或用 `runbook unlock --list` 查看）');
  });
});

describe('record, import and new: drafts', () => {
  it('record: options only', () => {
    expect(parseRecord([], en)).toEqual({ args: { output: undefined, shell: undefined, name: undefined, force: false, rc: true } });
    expect(parseRecord(['-o', 'fix.yaml', '--shell', 'zsh', '--name', 'fix', '--force', '--no-rc'], en)).toEqual({ args: { output: 'fix.yaml', shell: 'zsh', name: 'fix', force: true, rc: false } });
    expect(parseRecord(['--shel', 'zsh'], en).diagnostics?.[0]).toEqual({ message: 'record: unknown option --shel', hint: 'did you mean --shell? (see `runbook record --help`)' });
  });

  it('import: one Markdown file; its usage line when not', () => {
    expect(parseImport(['ops.md', '--dry-run'], en)).toEqual({ args: { source: 'ops.md', output: '.', force: false, dryRun: true } });
    expect(parseImport([], en).diagnostics).toEqual([{ message: 'Usage: runbook import <markdown> [-o dir] [--force] [--dry-run]' }]);
    expect(parseImport(['a.md', 'b.md'], zh).diagnostics).toEqual([{ message: '用法：runbook import <markdown> [-o 目录] [--force] [--dry-run]' }]);
  });

  it('new: the wizard (a name optional) or an alert (a name required)', () => {
    expect(parseNew([], en)).toEqual({ args: { from: { name: undefined }, output: undefined, force: false } });
    expect(parseNew(['redis-fix', '--from-alert', '-', '-o', 'x.yaml', '--force'], en)).toEqual({ args: { from: { alert: '-', name: 'redis-fix' }, output: 'x.yaml', force: true } });
    expect(parseNew(['--from-alert', 'a.json'], en).diagnostics).toEqual([{ message: 'runbook new --from-alert needs a playbook name.', hint: 'runbook new <name> --from-alert alert.json' }]);
    expect(parseNew(['Redis_Fix'], en).diagnostics?.[0]?.message).toBe('Invalid playbook name Redis_Fix: use lowercase letters, digits and dashes (^[a-z0-9][a-z0-9-]{0,63}$).');
    expect(parseNew(['a', 'b'], en).diagnostics).toEqual([{ message: 'Usage: runbook new [name] [-o file] [--force]' }]);
  });
});

describe('completion', () => {
  it('completion: bash or zsh', () => {
    expect(parseCompletion(['zsh'], en)).toEqual({ args: { shell: 'zsh' } });
    expect(parseCompletion(['fish'], en).diagnostics).toEqual([{ message: 'completion: give the shell, bash or zsh (got "fish")', hint: 'runbook completion bash' }]);
    expect(parseCompletion([], zh).diagnostics?.[0]?.message).toBe('completion：请指定 shell：bash 或 zsh（收到的是“”）');
  });

  it('__complete: never a problem (nothing may reach the prompt)', () => {
    expect(parseComplete(['values', 'plan', '--format'])).toEqual({ args: { kind: 'values', command: 'plan', option: '--format' } });
    expect(parseComplete([])).toEqual({ args: { kind: undefined, command: undefined, option: undefined } });
  });
});
