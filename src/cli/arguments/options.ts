// Options several commands take, defined once: `-p, --param name=value`, `--home DIR`, `-f, --format FORMAT`,
// `--server URL --token-file FILE`.
import { parseParamArgs } from '../../engine/params.js';
import { cliText } from '../../i18n/cli.js';
import type { ArgumentParser, OptionSpecs } from './parser.js';

/** `-p, --param name=value` (repeatable): plan, play, resume, diff, review. */
export const PARAM_OPTION = { param: { type: 'string', short: 'p', multiple: true } } as const satisfies OptionSpecs;

/** `--home DIR`, the runbook home (resolved by src/cli/homes.ts): play, resume, history, logs, unlock. */
export const HOME_OPTION = { home: { type: 'string' } } as const satisfies OptionSpecs;

/** `-f, --format FORMAT` (each command checks it against its own formats): validate, plan, list, lint, diff. */
export const FORMAT_OPTION = { format: { type: 'string', short: 'f' } } as const satisfies OptionSpecs;

/** `--server URL --token-file FILE`, how an operator reaches `runbook serve`: approve, pending. */
export const SERVER_OPTIONS = { server: { type: 'string' }, 'token-file': { type: 'string' } } as const satisfies OptionSpecs;

/** The server and the token file given (an empty one is not given): the client falls back to RUNBOOK_SERVER, RUNBOOK_TOKEN. */
export interface ServerConnection {
  server?: string;
  tokenFile?: string;
}

export function readServerOptions(values: { server?: string; 'token-file'?: string }): ServerConnection {
  return { ...(values.server ? { server: values.server } : {}), ...(values['token-file'] ? { tokenFile: values['token-file'] } : {}) };
}

/** The `--param name=value` pairs as a record (the value may hold `=`); a pair without a name is a problem. */
export function readParams(parser: ArgumentParser, pairs: readonly string[] | undefined): Record<string, string> {
  try {
    return parseParamArgs(pairs ?? [], parser.lang);
  } catch (error) {
    const t = cliText(parser.lang);
    parser.problem(t('badParam', { command: parser.command, reason: (error as Error).message }), t('paramHint'));
    return {};
  }
}

/** `--inventory FILE` (else RUNBOOK_INVENTORY) and `--hosts PATTERN` (overrides the playbook's `targets`): plan, play, resume. */
export const HOSTS_OPTIONS = { inventory: { type: 'string' }, hosts: { type: 'string' } } as const satisfies OptionSpecs;

/** Where a playbook with `targets` runs: the inventory file and a host pattern, when given. */
export interface HostsArguments {
  inventory?: string;
  hosts?: string;
}

export function readHostsOptions(values: { inventory?: string; hosts?: string }): HostsArguments {
  return { ...(values.inventory ? { inventory: values.inventory } : {}), ...(values.hosts !== undefined ? { hosts: values.hosts } : {}) };
}
