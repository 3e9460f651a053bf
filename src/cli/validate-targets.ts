// `validate` of playbooks given with an inventory: each playbook's `targets` must select hosts of it (file:line:col at `targets`).
import type { Diagnostic } from '../engine/errors.js';
import type { ValidationResult } from '../engine/validate.js';
import type { Lang } from '../i18n/index.js';

type Result = ValidationResult & { fileKind?: 'playbook' | 'inventory' | 'rules' };

/** Adds to the valid playbooks with `targets` a diagnostic when their pattern selects nothing of the first valid inventory given. */
export async function checkTargetsAgainstInventory(results: Result[], options: { lang: Lang; cwd: string }): Promise<void> {
  const inventoryFile = results.find((r) => r.fileKind === 'inventory' && !r.diagnostics.some((d) => d.severity === 'error'))?.file;
  if (inventoryFile === undefined) return;
  const { tryLoadInventoryFile } = await import('../inventory/load.js');
  const { selectHosts, HostPatternError } = await import('../inventory/patterns.js');
  const { tryLoadPlaybookFile } = await import('../engine/load.js');
  const inventory = (await tryLoadInventoryFile(inventoryFile, options)).inventory;
  if (!inventory) return;
  for (const result of results) {
    if (result.fileKind === 'inventory' || result.fileKind === 'rules' || result.diagnostics.some((d) => d.severity === 'error')) continue;
    const loaded = (await tryLoadPlaybookFile(result.file, options)).loaded;
    const pattern = (loaded?.playbook as { targets?: unknown } | undefined)?.targets;
    if (!loaded || typeof pattern !== 'string') continue;
    try {
      selectHosts(inventory, pattern, options.lang);
    } catch (error) {
      if (!(error instanceof HostPatternError)) throw error;
      const at = loaded.locate(['targets']);
      const diagnostic: Diagnostic = { code: 'targets.no-match', severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(at ? { location: { file: result.file, line: at.line, col: at.col } } : {}) };
      result.diagnostics = [...result.diagnostics, diagnostic];
    }
  }
}
