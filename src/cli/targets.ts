// Where a playbook with `targets` runs: its inventory (--inventory, else RUNBOOK_INVENTORY), the hosts its pattern (or --hosts) selects.
import { resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import { missingHostVars } from '../engine/host-vars.js';
import type { CompiledPlan } from '../engine/plan.js';
import type { TargetOptions } from '../engine/run/targets.js';
import { cliText } from '../i18n/cli.js';
import type { HostsArguments } from './arguments/options.js';
import type { CliContext } from './context.js';

/**
 * The targets of a run or a plan: undefined for a playbook without `targets` (it runs here, as always). Throws a
 * UserError (exit 2) when the inventory is missing or invalid, the pattern matches nothing, `--hosts` is given
 * for a playbook without targets, or a selected host lacks a variable the playbook reads.
 */
export async function resolveTargets(plan: CompiledPlan, args: HostsArguments, ctx: Pick<CliContext, 'env' | 'cwd' | 'lang'>): Promise<TargetOptions | undefined> {
  const t = cliText(ctx.lang);
  if (!plan.targets) {
    if (args.hosts !== undefined) throw new UserError(t('hosts.noTargets', { pattern: args.hosts, playbook: plan.playbook.name }), { hint: t('hosts.noTargetsHint') });
    return undefined;
  }
  const file = args.inventory ?? ctx.env.RUNBOOK_INVENTORY;
  const pattern = args.hosts ?? plan.targets.pattern;
  if (!file) throw new UserError(t('hosts.noInventory', { playbook: plan.playbook.name, pattern }), { hint: t('hosts.noInventoryHint') });
  const { loadInventoryFile } = await import('../inventory/load.js');
  const { selectHosts } = await import('../inventory/patterns.js');
  const inventory = await loadInventoryFile(resolve(ctx.cwd, file), { lang: ctx.lang, cwd: ctx.cwd });
  const hosts = selectHosts(inventory, pattern, ctx.lang);
  const missing = missingHostVars(plan, hosts)[0];
  if (missing) throw new UserError(t('hosts.missingVar', { ...missing, inventory: file }), { hint: t('hosts.missingVarHint', { name: missing.name }) });
  return { hosts, pattern, inventoryFile: resolve(ctx.cwd, file) };
}
