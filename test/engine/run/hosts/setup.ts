// Shared setup of the multi-host engine tests: a fleet of real sshds, an inventory of it, a playbook compiled from YAML, runPlan over the hosts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePlaybook } from '../../../../src/engine/compile.js';
import { loadPlaybookText } from '../../../../src/engine/load.js';
import { runPlan, type RunOptions } from '../../../../src/engine/run/runner.js';
import { tryLoadInventoryText } from '../../../../src/inventory/load.js';
import type { LoadedInventory } from '../../../../src/inventory/model.js';
import { selectHosts } from '../../../../src/inventory/patterns.js';
import type { SshFleet } from '../../../helpers/sshd.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { settingsOf } from '../../../remote/fleet.js';
import { collector } from '../plan-builder.js';

/** An inventory of the fleet: group `app` with every host; `dir` is the host's own folder, `extra` more vars. */
export function fleetInventory(fleet: SshFleet, extra: Record<string, Record<string, unknown>> = {}): LoadedInventory {
  const hosts = Object.fromEntries(
    fleet.hosts.map((h) => [
      h.name,
      { address: h.address, port: h.port, user: fleet.user, lock_dir: h.lockDir, connect_timeout: 3, vars: { dir: h.dir, ...(extra[h.name] ?? {}) } },
    ]),
  );
  const text = JSON.stringify({ hosts, groups: { app: { hosts: fleet.hosts.map((h) => h.name) } } });
  const result = tryLoadInventoryText('inventory.yaml', text);
  if (!result.inventory) throw new Error(JSON.stringify(result.diagnostics));
  return result.inventory;
}

export async function compileYaml(yaml: string, params: Record<string, string> = {}) {
  return compilePlaybook(loadPlaybookText('play.yaml', yaml), { params, env: {} });
}

/** Runs a playbook over the fleet: every event collected, a home of its own. */
export async function runOnFleet(fleet: SshFleet, yaml: string, options: Partial<RunOptions> & { inventory?: LoadedInventory; pattern?: string } = {}) {
  const plan = await compileYaml(yaml);
  const inventory = options.inventory ?? fleetInventory(fleet);
  const pattern = options.pattern ?? plan.targets!.pattern;
  const reporter = collector();
  const home = options.home ?? tempDir();
  const result = await runPlan(plan, {
    home,
    reporter,
    ...options,
    targets: { hosts: selectHosts(inventory, pattern), pattern, ssh: settingsOf(fleet), ...options.targets },
  });
  return { result, reporter, home };
}

/** The lines a host's commands appended to `trail` in its folder. */
export function trail(dir: string): string[] {
  const path = join(dir, 'trail');
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
}
