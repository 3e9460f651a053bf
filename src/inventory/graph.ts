// The inventory as `runbook inventory show` prints it: a tree of groups and hosts like `ansible-inventory --graph`.
import type { InventoryHost, LoadedInventory } from './model.js';

export interface GraphOptions {
  /** Each host's merged variables under it. */
  vars?: boolean;
}

function hostLines(host: InventoryHost, indent: string, options: GraphOptions): string[] {
  const lines = [`${indent}|--${host.name}`];
  if (options.vars) for (const [key, value] of Object.entries(host.vars)) lines.push(`${indent}|  |--{${key} = ${JSON.stringify(value)}}`);
  return lines;
}

/** `@all:` with the top groups (those no group lists as a child), `@ungrouped:`, their children and hosts. */
export function inventoryGraph(inventory: LoadedInventory, options: GraphOptions = {}): string[] {
  const byName = new Map(inventory.groups.map((g) => [g.name, g]));
  const children = new Set(inventory.groups.flatMap((g) => g.children));
  const lines = ['@all:'];
  const group = (name: string, indent: string, seen: Set<string>) => {
    lines.push(`${indent}|--@${name}:`);
    const g = byName.get(name);
    if (!g || seen.has(name)) return;
    for (const child of g.children) group(child, `${indent}|  `, new Set([...seen, name]));
    const direct = inventory.hosts.filter((h) => g.hosts.includes(h.name));
    for (const host of direct) lines.push(...hostLines(host, `${indent}|  `, options));
  };
  const ungrouped = inventory.hosts.filter((h) => h.groups.length === 0);
  if (ungrouped.length > 0) {
    lines.push('  |--@ungrouped:');
    for (const host of ungrouped) lines.push(...hostLines(host, '  |  ', options));
  }
  for (const g of inventory.groups) if (!children.has(g.name)) group(g.name, '  ', new Set());
  return lines;
}

/** One line per selected host: name, where ssh connects (user@address:port) and its groups. */
export function hostTable(hosts: readonly InventoryHost[]): string[] {
  const target = (h: InventoryHost) => `${h.user ? `${h.user}@` : ''}${h.address}${h.port ? `:${h.port}` : ''}`;
  const width = Math.max(0, ...hosts.map((h) => h.name.length));
  const targetWidth = Math.max(0, ...hosts.map((h) => target(h).length));
  return hosts.map((h) => `${h.name.padEnd(width)}  ${target(h).padEnd(targetWidth)}  ${h.groups.join(',')}`.trimEnd());
}
