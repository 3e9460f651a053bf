// The arguments of `runbook approve <request id> [--deny --reason TEXT] [--reason TEXT] [--server URL] [--token-file FILE]`.
import { serveText } from '../../i18n/serve.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { readServerOptions, SERVER_OPTIONS, type ServerConnection } from './options.js';
import { ArgumentParser } from './parser.js';

export interface ApproveArguments {
  /** The request, as `runbook pending` lists it. */
  id: string;
  /** `--deny`: a denial, which needs a reason. */
  decision: 'approve' | 'deny';
  /** `--reason TEXT`, kept with the decision. */
  reason: string | undefined;
  connection: ServerConnection;
}

export function parseApprove(argv: readonly string[], ctx: ArgumentContext): Parsed<ApproveArguments> {
  const t = serveText(ctx.lang);
  const parser = new ArgumentParser('approve', ctx.lang);
  const line = parser.read(argv, { deny: { type: 'boolean' }, reason: { type: 'string' }, ...SERVER_OPTIONS });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  if (positionals.length !== 1) parser.problem(t('approve.oneId'), 'runbook pending');
  if (values.deny && !values.reason?.trim()) parser.problem(t('approve.denyReason'));
  return parser.result(() => ({
    id: positionals[0]!,
    decision: values.deny ? 'deny' : 'approve',
    reason: values.reason || undefined,
    connection: readServerOptions(values),
  }));
}
