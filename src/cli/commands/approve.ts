// `runbook approve <id> [--deny --reason …]`: an operator's decision on a request of `runbook serve`, through its API.
import { defineCommand } from '../context.js';
import { parseApprove } from '../arguments/approve.js';
import { ExitCode } from '../../engine/errors.js';
import { serveText } from '../../i18n/serve.js';

const usage = {
  en: `Usage: runbook approve <request id> [--deny --reason TEXT] [--reason TEXT] [--server URL] [--token-file FILE]

Approves (or with --deny, denies) a request of \`runbook serve\` waiting for approval (\`runbook pending\`
lists them). The server records who and when; the run's journal keeps it (serve.json, shown by
\`runbook logs\`). Whoever sent the alert cannot approve it.

Options:
  --deny             deny the request (needs --reason)
  --reason TEXT      why (kept with the decision)
  --server URL       the server (default RUNBOOK_SERVER, else http://127.0.0.1:9095)
  --token-file FILE  your token (default RUNBOOK_TOKEN)

Exit codes: 0 recorded · 1 refused by the server (not pending, expired, not yours to approve,
already decided, unknown id) · 2 bad arguments, no token, server unreachable.`,
  'zh-CN': `用法：runbook approve <请求 ID> [--deny --reason 文本] [--reason 文本] [--server URL] [--token-file 文件]

批准（或用 --deny 拒绝）\`runbook serve\` 中等待审批的请求（\`runbook pending\` 列出它们）。
服务器记录审批人与时间；运行日志中也会保存（serve.json，由 \`runbook logs\` 显示）。
发出告警的人不能批准自己的请求。

选项：
  --deny             拒绝该请求（需要 --reason）
  --reason 文本      原因（与决定一同保存）
  --server URL       服务器地址（默认 RUNBOOK_SERVER，否则 http://127.0.0.1:9095）
  --token-file 文件  你的令牌（默认 RUNBOOK_TOKEN）

退出码：0 已记录 · 1 服务器拒绝（不在等待审批、已过期、无权批准、已决定过、ID 不存在）·
2 参数错误、没有令牌、无法连接服务器。`,
};

export const command = defineCommand({
  usage,
  parse: parseApprove,
  async run({ id, decision, reason, connection }, ctx) {
    const t = serveText(ctx.lang);
    const { callServer, refusal } = await import('../../serve/client.js');
    const answer = await callServer({ env: ctx.env, lang: ctx.lang, ...connection }, 'POST', `api/v1/requests/${encodeURIComponent(id)}/${decision}`, reason ? { reason } : {});
    if (answer.status !== 200) throw refusal(answer.body.error, id, ctx.lang);
    const body = answer.body as { status?: string; approvals?: number; approvers?: { minApprovals?: number } };
    const line = decision === 'deny' ? t('approve.denied', { id }) : body.status === 'pending' ? t('approve.recorded', { id, n: body.approvals ?? 0, of: body.approvers?.minApprovals ?? 1 }) : t('approve.approved', { id });
    ctx.stdout.write(line + '\n');
    return ExitCode.ok;
  },
});
