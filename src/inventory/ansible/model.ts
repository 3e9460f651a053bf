// What an Ansible inventory (INI or YAML) says, before it becomes ours: hosts with their variables, groups.

export interface AnsibleGroup {
  hosts: string[];
  children: string[];
  vars: Record<string, unknown>;
}

export interface AnsibleInventory {
  /** Hosts in the order they first appear, with their own variables (later declarations add to them). */
  hosts: Map<string, Record<string, unknown>>;
  /** Groups in the order they first appear; `all` and `ungrouped` included when the file names them. */
  groups: Map<string, AnsibleGroup>;
}

export function emptyInventory(): AnsibleInventory {
  return { hosts: new Map(), groups: new Map() };
}

export function groupOf(inventory: AnsibleInventory, name: string): AnsibleGroup {
  let group = inventory.groups.get(name);
  if (!group) {
    group = { hosts: [], children: [], vars: {} };
    inventory.groups.set(name, group);
  }
  return group;
}

/** Adds a host (its variables merged over earlier ones) to a group. */
export function addHost(inventory: AnsibleInventory, group: string, host: string, vars: Record<string, unknown>): void {
  inventory.hosts.set(host, { ...(inventory.hosts.get(host) ?? {}), ...vars });
  const g = groupOf(inventory, group);
  if (!g.hosts.includes(host)) g.hosts.push(host);
}

export function addChild(inventory: AnsibleInventory, parent: string, child: string): void {
  const g = groupOf(inventory, parent);
  if (!g.children.includes(child)) g.children.push(child);
}

/** An Ansible inventory that cannot be read: the message names the file (and line for INI). */
export class AnsibleInventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnsibleInventoryError';
  }
}
