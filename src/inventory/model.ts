// The inventory as the rest of runbook sees it: hosts with their settings merged, groups, all frozen.

export type HostKeyChecking = 'strict' | 'accept-new';

/** Where runbook keeps its lock files on a host unless the inventory names another folder. */
export const DEFAULT_LOCK_DIR = '/run/lock/runbook';
/** Seconds `ssh` waits for a connection unless the inventory says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT = 10;

/** One host, its connection settings and variables merged (defaults → groups → host). */
export interface InventoryHost {
  readonly name: string;
  /** Where ssh connects: the `address`, else the name. */
  readonly address: string;
  readonly user?: string;
  readonly port?: number;
  /** Extra `ssh -o Name=value` options, values as ssh reads them (`yes`/`no` for booleans). */
  readonly sshOptions: Readonly<Record<string, string>>;
  readonly hostKeyChecking: HostKeyChecking;
  readonly connectTimeout: number;
  readonly lockDir: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Every group the host is in, directly or through child groups, in the order of the file. */
  readonly groups: readonly string[];
}

export interface InventoryGroup {
  readonly name: string;
  /** Hosts listed in the group itself. */
  readonly hosts: readonly string[];
  readonly children: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface LoadedInventory {
  /** The path as given (messages name it). */
  readonly file: string;
  readonly absolutePath: string;
  /** Every host, in the order of the file. */
  readonly hosts: readonly InventoryHost[];
  /** Every group, in the order of the file. */
  readonly groups: readonly InventoryGroup[];
}

/** The hosts of a group, through its children too, in inventory order. */
export function groupMembers(inventory: LoadedInventory, group: string): InventoryHost[] {
  return inventory.hosts.filter((h) => h.groups.includes(group));
}

/** Deep-freezes plain data (objects and arrays). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as Record<string, unknown>)) deepFreeze(item);
  }
  return value;
}
