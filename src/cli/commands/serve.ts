// `runbook serve`: receives Alertmanager's webhook and runs the playbooks its rules name (src/serve/, docs/serve.md).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand, type CliContext } from '../context.js';
import { parseServe, type ServeOptions } from '../arguments/serve.js';
import { ExitCode, InvalidPlaybookError, UserError } from '../../engine/errors.js';
import { serveText } from '../../i18n/serve.js';
import { resolveHome } from '../homes.js';
import { sayFsCode } from '../../engine/run/fs-errors.js';
import { showOnOneLine } from '../../ui/sanitize.js';

const usage = {
  en: `Usage: runbook serve --rules FILE --alertmanager URL [options]
       runbook serve token

Receives Alertmanager's webhook (POST /webhook, Bearer token) and, for each firing alert a rule
matches, runs the playbook the rule names (\`runbook play … --output json --yes\`, one process per
run), after approval where the rule or the playbook's risk demands it. While a run holds its lock
the alert is silenced in Alertmanager; afterwards the server checks that the alert resolved.
\`runbook serve token\` prints a new token and the hash to put in the operators file.

Options:
  --rules FILE          the rules file (runbooks/rules/team.yaml; checked like \`runbook validate\`)
  --alertmanager URL    Alertmanager's address (API v2), or RUNBOOK_ALERTMANAGER_URL
  --operators FILE      operators and their token hashes, or the file's text in RUNBOOK_SERVE_OPERATORS
  --listen HOST:PORT    where to listen (default 127.0.0.1:9095)
  --store SPEC          postgres://… (several servers), or a SQLite file (default <home>/serve/state.db)
  --home DIR            runbook home of the runs (journals, locks), as for \`play\`
  --server-id NAME      this server's name among several (default host:port)
  --public-url URL      the address operators reach the server at (shown in notifications)
  --sandbox             keep a sandbox up and play every run in it (demo, tests)

Exit codes: 0 stopped by SIGINT/SIGTERM · 2 invalid rules, operators or options.
See docs/serve.md.`,
  'zh-CN': `用法：runbook serve --rules 文件 --alertmanager URL [选项]
      runbook serve token

接收 Alertmanager 的 webhook（POST /webhook，Bearer 令牌）；对规则匹配的每个触发中的告警，
运行规则指定的 playbook（每次运行一个 \`runbook play … --output json --yes\` 进程）；规则或
playbook 的风险要求审批时，先等待审批。运行持有锁期间，告警在 Alertmanager 中被静默；运行结束后
检查告警是否已恢复。\`runbook serve token\` 生成一个新令牌及其应写入操作员文件的哈希。

选项：
  --rules 文件          规则文件（runbooks/rules/team.yaml；按 \`runbook validate\` 的方式检查）
  --alertmanager URL    Alertmanager 地址（API v2），或 RUNBOOK_ALERTMANAGER_URL
  --operators 文件      操作员及其令牌哈希，或把文件内容放在 RUNBOOK_SERVE_OPERATORS 中
  --listen HOST:PORT    监听地址（默认 127.0.0.1:9095）
  --store 存储          postgres://…（多台服务器），或 SQLite 文件（默认 <home>/serve/state.db）
  --home 目录           运行所用的 runbook 目录（日志、锁），与 \`play\` 相同
  --server-id 名称      多台服务器中本机的名称（默认 主机名与端口，host:port）
  --public-url URL      操作员访问本服务器的地址（显示在通知中）
  --sandbox             保持一个沙箱运行，所有运行都在其中执行（演示、测试）

退出码：0 因 SIGINT/SIGTERM 停止 · 2 规则、操作员或选项无效。
见 docs/serve.md。`,
};

/** Tuning for tests and the demo (intervals in ms): RUNBOOK_SERVE_TICK_MS, …_LEASE_MS, …_SILENCE_MS, …_RESOLVE_POLL_MS. */
function timingFromEnv(env: NodeJS.ProcessEnv) {
  const read = (name: string) => (env[name] && /^\d+$/.test(env[name]!) ? { value: Number(env[name]) } : undefined);
  const out: Record<string, number> = {};
  for (const [key, name] of [['tickMs', 'RUNBOOK_SERVE_TICK_MS'], ['leaseMs', 'RUNBOOK_SERVE_LEASE_MS'], ['silenceMs', 'RUNBOOK_SERVE_SILENCE_MS'], ['resolvePollMs', 'RUNBOOK_SERVE_RESOLVE_POLL_MS']] as const) {
    const v = read(name);
    if (v) out[key] = v.value;
  }
  return out;
}

export const command = defineCommand({
  usage,
  parse: parseServe,
  async run(args, ctx) {
    if (args.action === 'token') {
      const t = serveText(ctx.lang);
      const { newToken } = await import('../../serve/operators.js');
      const { token, sha256 } = newToken();
      ctx.stdout.write(`${t('serve.tokenLine', { token })}\n${t('serve.hashLine', { sha256 })}\n`);
      return ExitCode.ok;
    }
    const server = await startServing(args, ctx);
    // Runs are processes of their own: stopping the server leaves them running (docs/serve.md).
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return ExitCode.ok;
  },
});

/** Loads the rules and the operators (exit 2 when either is invalid) and starts the server. */
async function startServing(args: ServeOptions, ctx: CliContext) {
  const { loadRulesFile } = await import('../../serve/rules-load.js');
  const loaded = await loadRulesFile(args.rules, { lang: ctx.lang, cwd: ctx.cwd });
  if (!loaded.rules) throw new InvalidPlaybookError(args.rules, loaded.diagnostics);
  const operators = await readOperators(args.operators, ctx);
  const home = resolveHome(ctx, args.home);
  const { startServer } = await import('../../serve/server.js');
  return startServer({
    rules: loaded.rules,
    alertmanagerUrl: args.alertmanager,
    ...(ctx.env.RUNBOOK_ALERTMANAGER_AUTHORIZATION ? { alertmanagerAuthorization: ctx.env.RUNBOOK_ALERTMANAGER_AUTHORIZATION } : {}),
    operators,
    store: args.store ?? join(home, 'serve', 'state.db'),
    host: args.listen.host,
    port: args.listen.port,
    ...(args.home ? { home: resolve(ctx.cwd, args.home) } : {}),
    sandbox: args.sandbox,
    ...(args.serverId ? { serverId: args.serverId } : {}),
    ...(args.publicUrl ? { publicUrl: args.publicUrl } : {}),
    lang: ctx.lang,
    env: ctx.env,
    cwd: ctx.cwd,
    timing: timingFromEnv(ctx.env),
    write: (line) => ctx.stdout.write(line + '\n'),
  });
}

async function readOperators(file: string | undefined, ctx: CliContext) {
  const t = serveText(ctx.lang);
  const { describeOperatorsProblem, parseOperators, OperatorsError } = await import('../../serve/operators.js');
  let text: string | undefined;
  let where = 'RUNBOOK_SERVE_OPERATORS';
  if (file) {
    where = file;
    try {
      text = readFileSync(resolve(ctx.cwd, file), 'utf8');
    } catch (error) {
      throw new UserError(t('serve.operatorsUnreadable', { file: showOnOneLine(file), reason: sayFsCode(error, ctx.lang) }));
    }
  } else {
    text = ctx.env.RUNBOOK_SERVE_OPERATORS;
  }
  if (!text) throw new UserError(t('serve.noOperators'), { hint: t('serve.noOperatorsHint') });
  try {
    return parseOperators(text, where);
  } catch (error) {
    if (error instanceof OperatorsError) throw new UserError(describeOperatorsProblem(error.problem, ctx.lang));
    throw error;
  }
}
