// `resume --rollback` of a run with `targets`: the hosts whose rollback this resume continues (`--hosts` narrows), found
// in the inventory again; a host that is gone from it, or reached at another address now, is refused by name (exit 2).
import { resolve } from 'node:path';
import { UserError } from '../../engine/errors.js';
import { missingHostVars } from '../../engine/host-vars.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { hostAddress, JournalReadError, type RunMeta } from '../../engine/run/journal.js';
import { journalFault } from '../../engine/run/journal-reason.js';
import type { HostRollback } from '../../engine/run/resume-rollback-hosts.js';
import type { TargetOptions } from '../../engine/run/targets.js';
import { cliText } from '../../i18n/cli.js';
import { engineText } from '../../i18n/engine.js';
import type { InventoryHost, LoadedInventory } from '../../inventory/model.js';
import { sanitizeLine } from '../../ui/sanitize.js';
import type { CliContext } from '../context.js';
import type { ResumeArguments } from '../arguments/resume.js';

/** The hosts this resume rolls back (and how to reach them), and those `--hosts` left out: they stay to do. */
export interface HostRollbackPlan {
  chosen: HostRollback[];
  left: HostRollback[];
  targets?: TargetOptions;
}

type Run = { runId: string; home: string; file: string };

/** A host with rollbacks left that the inventory no longer has, or that it now reaches elsewhere: never guessed. */
function refuseUnsafe(left: HostRollback, found: InventoryHost | undefined, inventory: LoadedInventory, run: Run, ctx: Pick<CliContext, 'lang'>): void {
  const c = cliText(ctx.lang);
  const vars = { run: run.runId, host: sanitizeLine(left.host), steps: left.steps.map(sanitizeLine).join(', '), inventory: inventory.file, file: run.file, home: run.home };
  if (!found) throw new UserError(c('hosts.rollbackGone', vars), { hint: c('hosts.rollbackGoneHint', vars) });
  if (left.address !== undefined && hostAddress(found) !== left.address) {
    throw new UserError(c('hosts.rollbackMoved', { ...vars, was: sanitizeLine(left.address), now: hostAddress(found) }), { hint: c('hosts.rollbackGoneHint', vars) });
  }
}

/**
 * An older journal (no `targetAddresses`): each host it names that the inventory has must be one the run's pattern
 * selects there; else the journal is damaged (exit 2, naming it) and no host is reached. A host gone from the
 * inventory is refused by refuseUnsafe when chosen.
 */
async function refuseNotInRun(all: readonly HostRollback[], inventory: LoadedInventory, ctx: Pick<CliContext, 'lang'>): Promise<void> {
  const { selectHosts } = await import('../../inventory/patterns.js');
  const selected = new Map<string, Set<string>>();
  const selectedBy = (pattern: string): Set<string> => {
    if (!selected.has(pattern)) {
      let names: string[] = [];
      try {
        names = selectHosts(inventory, pattern, ctx.lang).map((h) => h.name);
      } catch {
        // The pattern selects nothing in this inventory now: no host of the journal can be taken as the run's.
      }
      selected.set(pattern, new Set(names));
    }
    return selected.get(pattern)!;
  };
  for (const left of all) {
    if (left.selectedBy === undefined || !inventory.hosts.some((h) => h.name === left.host) || selectedBy(left.selectedBy).has(left.host)) continue;
    const fault = { key: 'hostNotSelected', host: left.host, pattern: sanitizeLine(left.selectedBy), inventory: inventory.file } as const;
    throw new JournalReadError(left.journal, journalFault(fault), engineText(ctx.lang));
  }
}

/** Whether `--hosts` names this host itself (a term equal to its name): then its being gone is an error, not a narrowing. */
async function namedIn(pattern: string, host: string, ctx: Pick<CliContext, 'lang'>): Promise<boolean> {
  const { parsePattern } = await import('../../inventory/patterns.js');
  return parsePattern(pattern, ctx.lang).some((term) => term.op === 'union' && term.text === host);
}

/**
 * Which hosts' rollbacks to continue: every host with rollbacks left, or those `--hosts` selects of them. Each must
 * still be in the inventory (the run's, or `--inventory`) at the address it had in the run, and have the variables
 * the playbook reads; otherwise exit 2 names the host and what to do.
 */
export async function planHostRollbacks(plan: CompiledPlan, all: readonly HostRollback[], args: ResumeArguments, meta: RunMeta, run: Run, ctx: Pick<CliContext, 'env' | 'cwd' | 'lang'>): Promise<HostRollbackPlan> {
  const c = cliText(ctx.lang);
  const file = args.inventory ?? meta.inventory ?? ctx.env.RUNBOOK_INVENTORY;
  const pattern = meta.hosts ?? plan.targets!.pattern;
  // No host to reach: the run's inventory and pattern are still kept (meta.json), for a later resume.
  if (all.length === 0) return { chosen: [], left: [], ...(file ? { targets: { hosts: [], pattern, inventoryFile: resolve(ctx.cwd, file) } } : {}) };
  if (!file) throw new UserError(c('hosts.noInventory', { playbook: plan.playbook.name, pattern: meta.hosts ?? plan.targets!.pattern }), { hint: c('hosts.noInventoryHint') });
  const { loadInventoryFile } = await import('../../inventory/load.js');
  const inventory = await loadInventoryFile(resolve(ctx.cwd, file), { lang: ctx.lang, cwd: ctx.cwd });
  await refuseNotInRun(all, inventory, ctx);
  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  let selected: Set<string> | undefined;
  if (args.hosts !== undefined) {
    for (const left of all) if (!byName.has(left.host) && (await namedIn(args.hosts, left.host, ctx))) refuseUnsafe(left, undefined, inventory, run, ctx);
    const { selectHosts } = await import('../../inventory/patterns.js');
    selected = new Set(selectHosts(inventory, args.hosts, ctx.lang).map((h) => h.name));
  }
  const chosen = all.filter((h) => !selected || selected.has(h.host));
  for (const left of chosen) refuseUnsafe(left, byName.get(left.host), inventory, run, ctx);
  const hosts = inventory.hosts.filter((h) => chosen.some((l) => l.host === h.name));
  const missing = missingHostVars(plan, hosts)[0];
  if (missing) throw new UserError(c('hosts.missingVar', { ...missing, inventory: file }), { hint: c('hosts.missingVarHint', { name: missing.name }) });
  const left = all.filter((h) => !chosen.includes(h));
  return { chosen, left, targets: { hosts, pattern, inventoryFile: resolve(ctx.cwd, file) } };
}
