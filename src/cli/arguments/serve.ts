// The arguments of `runbook serve --rules FILE --alertmanager URL [options]` and `runbook serve token`.
import { serveText } from '../../i18n/serve.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { HOME_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

/** Where the server listens unless `--listen` says. */
export const DEFAULT_LISTEN = '127.0.0.1:9095';

export interface ServeOptions {
  /** `--rules FILE` (or the first argument). */
  rules: string;
  /** `--alertmanager URL`, else RUNBOOK_ALERTMANAGER_URL: an http(s) address. */
  alertmanager: string;
  /** `--operators FILE`; undefined: the file's text in RUNBOOK_SERVE_OPERATORS. */
  operators: string | undefined;
  /** `--listen HOST:PORT` (an IPv6 host in brackets). */
  listen: { host: string; port: number };
  /** `--store SPEC`, else RUNBOOK_SERVE_STORE; undefined: the SQLite file under the home. */
  store: string | undefined;
  home: string | undefined;
  serverId: string | undefined;
  publicUrl: string | undefined;
  /** `--sandbox`: every run played in a sandbox the server keeps up. */
  sandbox: boolean;
}

/** `serve token` prints a new token and its hash; anything else serves. */
export type ServeArguments = { action: 'token' } | ({ action: 'serve' } & ServeOptions);

const SERVE_OPTIONS = {
  rules: { type: 'string' },
  alertmanager: { type: 'string' },
  operators: { type: 'string' },
  listen: { type: 'string' },
  store: { type: 'string' },
  ...HOME_OPTION,
  'server-id': { type: 'string' },
  'public-url': { type: 'string' },
  sandbox: { type: 'boolean' },
} as const;

/** `HOST:PORT` or `[IPv6]:PORT`, the port at most 65535 (0: any free port). */
function listenAddress(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!match || Number(match[3]) > 65535) return undefined;
  return { host: match[1] ?? match[2]!, port: Number(match[3]) };
}

export function parseServe(argv: readonly string[], ctx: ArgumentContext): Parsed<ServeArguments> {
  const parser = new ArgumentParser('serve', ctx.lang);
  if (argv[0] === 'token') {
    // `serve token` takes nothing more.
    return parser.read(argv.slice(1), {}, false) ? parser.result(() => ({ action: 'token' })) : parser.failure();
  }
  const t = serveText(ctx.lang);
  const line = parser.read(argv, SERVE_OPTIONS);
  if (!line) return parser.failure();
  const { values, positionals } = line;
  const rules = values.rules ?? positionals[0];
  if (!rules) parser.problem(t('serve.noRules'), 'runbook serve --rules runbooks/rules/team.yaml --alertmanager http://127.0.0.1:9093');
  const alertmanager = values.alertmanager ?? ctx.env.RUNBOOK_ALERTMANAGER_URL;
  if (!alertmanager || !/^https?:\/\//.test(alertmanager)) parser.problem(t('serve.noAlertmanager'));
  const listenText = values.listen ?? DEFAULT_LISTEN;
  const listen = listenAddress(listenText);
  if (!listen) parser.problem(t('serve.badListen', { value: listenText }));
  return parser.result(() => ({
    action: 'serve',
    rules: rules!,
    alertmanager: alertmanager!,
    operators: values.operators,
    listen: listen!,
    store: values.store ?? ctx.env.RUNBOOK_SERVE_STORE,
    home: values.home,
    serverId: values['server-id'] || undefined,
    publicUrl: values['public-url'] || undefined,
    sandbox: values.sandbox === true,
  }));
}
