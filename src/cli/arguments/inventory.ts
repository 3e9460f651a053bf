// The arguments of `runbook inventory import <ansible inventory> [-o FILE] [--force]` and
// `runbook inventory show [FILE] [--inventory FILE] [--hosts PATTERN] [--vars]`.
import { remoteText } from '../../i18n/remote.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';

/** `import`: an Ansible inventory converted, to `--output` (undefined: standard output), not over a file unless `--force`. */
export interface InventoryImportArguments {
  sub: 'import';
  source: string;
  output: string | undefined;
  force: boolean;
}

/** `show`: the inventory given (undefined: RUNBOOK_INVENTORY) as a tree (`--vars`), or the hosts `--hosts PATTERN` selects. */
export interface InventoryShowArguments {
  sub: 'show';
  inventory: string | undefined;
  hosts: string | undefined;
  vars: boolean;
}

export type InventoryArguments = InventoryImportArguments | InventoryShowArguments;

// Both subcommands take the same options (one they do not use is ignored); the subcommand is the first argument.
const INVENTORY_OPTIONS = {
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  inventory: { type: 'string' },
  hosts: { type: 'string' },
  vars: { type: 'boolean' },
} as const;

export function parseInventory(argv: readonly string[], ctx: ArgumentContext): Parsed<InventoryArguments> {
  const t = remoteText(ctx.lang);
  const hint = t('cmd.subcommandHint');
  const parser = new ArgumentParser('inventory', ctx.lang);
  const line = parser.read(argv, INVENTORY_OPTIONS);
  if (!line) return parser.failure();
  const { values } = line;
  const [sub, ...files] = line.positionals;
  if (sub === 'import') {
    if (files.length !== 1) parser.problem(t('cmd.importOne'), hint);
    return parser.result(() => ({ sub, source: files[0]!, output: values.output, force: values.force === true }));
  }
  if (sub === 'show') {
    if (files.length > 1) parser.problem(t('cmd.showOne'), hint);
    return parser.result(() => ({ sub, inventory: files[0] ?? values.inventory, hosts: values.hosts, vars: values.vars === true }));
  }
  parser.problem(t(sub === undefined ? 'cmd.noSubcommand' : 'cmd.badSubcommand', { sub: sub ?? '' }), hint);
  return parser.failure();
}
