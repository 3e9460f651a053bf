// `runbook pending [--all] [--json]`: the requests of `runbook serve` waiting for approval, from its API.
import { defineCommand } from '../context.js';
import { parsePending } from '../arguments/pending.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { serveText } from '../../i18n/serve.js';
import type { RequestView } from '../../serve/view.js';
import { sanitizeLine, showOnOneLine } from '../../ui/sanitize.js';

const usage = {
  en: `Usage: runbook pending [--all] [--json] [--server URL] [--token-file FILE]

Lists the requests of \`runbook serve\` waiting for approval: id, rule, playbook, risk, alert,
approvals so far and needed, when it expires. Approve with \`runbook approve <id>\`.

Options:
  --all              every request the server knows (any status), not only pending ones
  --json             the server's answer as JSON
  --server URL       the server (default RUNBOOK_SERVER, else http://127.0.0.1:9095)
  --token-file FILE  your token (default RUNBOOK_TOKEN)

Exit codes: 0 listed · 2 bad arguments, no token, server unreachable.`,
  'zh-CN': `用法：runbook pending [--all] [--json] [--server URL] [--token-file 文件]

列出 \`runbook serve\` 中等待审批的请求：ID、规则、playbook、风险、告警、已有与所需的批准数、
过期时间。用 \`runbook approve <ID>\` 批准。

选项：
  --all              列出服务器已知的所有请求（任何状态），而不只是等待审批的
  --json             以 JSON 输出服务器的应答
  --server URL       服务器地址（默认 RUNBOOK_SERVER，否则 http://127.0.0.1:9095）
  --token-file 文件  你的令牌（默认 RUNBOOK_TOKEN）

退出码：0 已列出 · 2 参数错误、没有令牌、无法连接服务器。`,
};

export const command = defineCommand({
  usage,
  parse: parsePending,
  async run({ all, json, connection }, ctx) {
    const t = serveText(ctx.lang);
    const { callServer } = await import('../../serve/client.js');
    const answer = await callServer({ env: ctx.env, lang: ctx.lang, ...connection }, 'GET', `api/v1/requests${all ? '?status=all' : ''}`);
    if (answer.status !== 200) throw new UserError(t('client.failed', { id: '', error: String(answer.body.error ?? answer.status) }));
    const requests = (answer.body.requests ?? []) as RequestView[];
    if (json) {
      ctx.stdout.write(JSON.stringify(requests, null, 2) + '\n');
      return ExitCode.ok;
    }
    if (requests.length === 0) {
      ctx.stdout.write(t(all ? 'pending.noneAll' : 'pending.none') + '\n');
      return ExitCode.ok;
    }
    for (const r of requests) {
      const approvals = r.decisions.filter((d) => d.decision === 'approve').length;
      const labels = Object.entries(r.alert.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${showOnOneLine(JSON.stringify(v))}`).join(' ');
      const head = `${r.id}  ${r.status}  ${r.rule} → ${r.playbook} (${t('pending.risk', { risk: r.risk })})`;
      // Alert names, parameter values (templated from labels) and reasons are shown on their line: a newline in one reads as ␤.
      const lines = [head, `  ${t('msg.alert')}${showOnOneLine(r.alert.alertname)} ${labels}`, `  ${t('msg.params')}${Object.entries(r.params).map(([k, v]) => `${k}=${showOnOneLine(v)}`).join(' ') || '—'}`];
      if (r.status === 'pending') lines.push(`  ${t('msg.needed', { n: r.approvers.minApprovals, have: approvals })}${r.expiresAt ? ` · ${t('msg.expires')}${r.expiresAt}` : ''}`);
      if (r.reason) lines.push(`  ${t('msg.reason')}${showOnOneLine(r.reason)}`);
      ctx.stdout.write(lines.map((l) => sanitizeLine(l)).join('\n') + '\n');
    }
    return ExitCode.ok;
  },
});
