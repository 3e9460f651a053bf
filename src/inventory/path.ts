// Which inventory file a command uses: `--inventory`, else RUNBOOK_INVENTORY.
import { isAbsolute, resolve } from 'node:path';

export interface InventoryPath {
  /** Absolute path of the file. */
  path: string;
  /** As the user wrote it (for messages). */
  given: string;
  from: 'flag' | 'env';
}

/** `--inventory` wins over RUNBOOK_INVENTORY; an empty value counts as unset; relative paths are taken from `cwd`. */
export function resolveInventoryPath(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): InventoryPath | undefined {
  const pick = (value: string | undefined, from: InventoryPath['from']): InventoryPath | undefined =>
    value && value.trim() !== '' ? { path: isAbsolute(value) ? value : resolve(cwd, value), given: value, from } : undefined;
  return pick(flag, 'flag') ?? pick(env.RUNBOOK_INVENTORY, 'env');
}
