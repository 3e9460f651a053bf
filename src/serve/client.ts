// The operators' side of the API (`runbook approve`, `runbook pending`): the server's address and the token, from the environment.
import { readFileSync } from 'node:fs';
import { ExitCode, UserError } from '../engine/errors.js';
import type { Lang } from '../i18n/index.js';
import { serveText } from '../i18n/serve.js';
import { describeNetworkError } from '../steps/network-error.js';
import { sayFsCode } from '../engine/run/fs-errors.js';
import { showOnOneLine } from '../ui/sanitize.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:9095';

export interface ClientOptions {
  server?: string;
  tokenFile?: string;
  env: NodeJS.ProcessEnv;
  lang: Lang;
}

/**
 * The token: from `--token-file`, else RUNBOOK_TOKEN. Never a command-line value (other users see argv).
 */
function tokenOf(options: ClientOptions): string {
  const t = serveText(options.lang);
  let token: string | undefined;
  if (options.tokenFile) {
    try {
      token = readFileSync(options.tokenFile, 'utf8').trim();
    } catch (error) {
      throw new UserError(t('client.tokenFile', { file: showOnOneLine(options.tokenFile), reason: sayFsCode(error, options.lang) }));
    }
  } else {
    token = options.env.RUNBOOK_TOKEN?.trim();
  }
  if (!token) throw new UserError(t('client.noToken'), { hint: t('client.noTokenHint') });
  return token;
}

export async function callServer(options: ClientOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const t = serveText(options.lang);
  const server = options.server ?? options.env.RUNBOOK_SERVER ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  } catch {
    throw new UserError(t('client.badServer', { server }));
  }
  const token = tokenOf(options);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
      redirect: 'manual',
    });
  } catch (error) {
    // English as always (the code of the cause, else fetch's message); other languages say it in words.
    const reason = options.lang === 'en' ? ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message) : describeNetworkError(error, { lang: options.lang });
    throw new UserError(t('client.unreachable', { server, reason }), { hint: t('client.unreachableHint') });
  }
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the status says enough
  }
  if (response.status === 401) throw new UserError(t('client.unauthorized', { server }), { hint: t('client.noTokenHint') });
  return { status: response.status, body: parsed };
}

/** The refusals of the server in words; exit 1 (the server said no), as documented. */
export function refusal(error: unknown, id: string, lang: Lang): UserError {
  const t = serveText(lang);
  const key = (
    {
      'not-found': 'client.notFound',
      'not-pending': 'client.notPending',
      'own-request': 'client.ownRequest',
      'not-approver': 'client.notApprover',
      expired: 'client.expired',
      'already-decided': 'client.alreadyDecided',
      forbidden: 'client.forbidden',
    } as const
  )[String(error) as 'not-found'];
  return new UserError(key ? t(key, { id }) : t('client.failed', { id, error: String(error) }), { exitCode: ExitCode.failed });
}
