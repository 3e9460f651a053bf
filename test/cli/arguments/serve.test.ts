// `runbook serve`, `approve` and `pending` parsed into their typed arguments, or into the problems the CLI says (en and zh-CN).
import { describe, expect, it } from 'vitest';
import { parseApprove } from '../../../src/cli/arguments/approve.js';
import { parsePending } from '../../../src/cli/arguments/pending.js';
import { parseServe } from '../../../src/cli/arguments/serve.js';

const en = { lang: 'en', env: {}, cwd: '/' } as const;
const zh = { ...en, lang: 'zh-CN' } as const;
const serving = ['--rules', 'rules.yaml', '--alertmanager', 'http://127.0.0.1:9093'];

describe('serve', () => {
  it('the rules and Alertmanager given; the defaults for the rest', () => {
    expect(parseServe(serving, en)).toEqual({
      args: {
        action: 'serve',
        rules: 'rules.yaml',
        alertmanager: 'http://127.0.0.1:9093',
        operators: undefined,
        listen: { host: '127.0.0.1', port: 9095 },
        store: undefined,
        home: undefined,
        serverId: undefined,
        publicUrl: undefined,
        sandbox: false,
      },
    });
  });

  it('every option read; the rules file may be the first argument, Alertmanager and the store may come from the environment', () => {
    const env = { RUNBOOK_ALERTMANAGER_URL: 'https://am.example:9093', RUNBOOK_SERVE_STORE: 'postgres://db/runbook' };
    const argv = ['rules.yaml', '--operators', 'ops.yaml', '--listen', '[::1]:0', '--home', 'h', '--server-id', 'a', '--public-url', 'https://runbook.example', '--sandbox'];
    expect(parseServe(argv, { ...en, env })).toEqual({
      args: {
        action: 'serve',
        rules: 'rules.yaml',
        alertmanager: 'https://am.example:9093',
        operators: 'ops.yaml',
        listen: { host: '::1', port: 0 },
        store: 'postgres://db/runbook',
        home: 'h',
        serverId: 'a',
        publicUrl: 'https://runbook.example',
        sandbox: true,
      },
    });
    expect(parseServe([...serving, '--store', 'state.db'], { ...en, env }).args).toMatchObject({ alertmanager: 'http://127.0.0.1:9093', store: 'state.db' });
  });

  it('names every problem of the command line: no rules, no Alertmanager, a bad --listen', () => {
    expect(parseServe([], en).diagnostics).toEqual([
      { message: 'runbook serve needs a rules file: --rules FILE', hint: 'runbook serve --rules runbooks/rules/team.yaml --alertmanager http://127.0.0.1:9093' },
      { message: "runbook serve needs Alertmanager's address: --alertmanager http://HOST:9093 (or RUNBOOK_ALERTMANAGER_URL)" },
    ]);
    expect(parseServe(['--rules', 'r.yaml', '--alertmanager', 'am:9093', '--listen', 'localhost:99999'], zh).diagnostics).toEqual([
      { message: 'runbook serve 需要 Alertmanager 的地址：--alertmanager http://HOST:9093（或 RUNBOOK_ALERTMANAGER_URL）' },
      { message: '--listen localhost:99999 不是 HOST:PORT 的形式' },
    ]);
    expect(parseServe([...serving, '--listen', '9095'], en).diagnostics).toEqual([{ message: '--listen 9095 is not HOST:PORT' }]);
    expect(parseServe([...serving, '--rule', 'x'], en).diagnostics).toEqual([{ message: 'serve: unknown option --rule', hint: 'did you mean --rules? (see `runbook serve --help`)' }]);
  });

  it('`serve token` takes nothing more', () => {
    expect(parseServe(['token'], en)).toEqual({ args: { action: 'token' } });
    expect(parseServe(['token', '--rules', 'r.yaml'], en).diagnostics?.[0]?.message).toBe('serve: unknown option --rules');
    expect(parseServe(['token', 'x'], zh).diagnostics?.[0]?.message).toBe("serve：多余的参数 'x'（此命令只接受选项）");
  });
});

describe('approve and pending', () => {
  it('approve: one request id; a denial needs a reason', () => {
    expect(parseApprove(['q1'], en)).toEqual({ args: { id: 'q1', decision: 'approve', reason: undefined, connection: {} } });
    expect(parseApprove(['q1', '--deny', '--reason', 'not now', '--server', 'http://s:9095', '--token-file', 't'], en)).toEqual({
      args: { id: 'q1', decision: 'deny', reason: 'not now', connection: { server: 'http://s:9095', tokenFile: 't' } },
    });
    expect(parseApprove([], en).diagnostics).toEqual([{ message: 'runbook approve takes one request id', hint: 'runbook pending' }]);
    expect(parseApprove(['q1', 'q2'], zh).diagnostics).toEqual([{ message: 'runbook approve 只接受一个请求 ID', hint: 'runbook pending' }]);
    expect(parseApprove(['q1', '--deny', '--reason', ' '], en).diagnostics).toEqual([{ message: '--deny needs --reason TEXT: say why' }]);
    expect(parseApprove(['q1', '--deny'], zh).diagnostics).toEqual([{ message: '--deny 需要 --reason 文本：请说明原因' }]);
  });

  it('pending: options only; an empty --server or --token-file leaves it to the environment', () => {
    expect(parsePending([], en)).toEqual({ args: { all: false, json: false, connection: {} } });
    expect(parsePending(['--all', '--json', '--server', '', '--token-file', 't'], en)).toEqual({ args: { all: true, json: true, connection: { tokenFile: 't' } } });
    expect(parsePending(['q1'], en).diagnostics).toEqual([{ message: "pending: unexpected argument 'q1' (this command takes options only)", hint: 'see `runbook pending --help`' }]);
    expect(parsePending(['--tokenfile', 't'], zh).diagnostics?.[0]).toEqual({ message: 'pending：未知选项 --tokenfile', hint: '你是不是想写 --token-file？（参见 `runbook pending --help`）' });
  });
});
