// Turns checked inventory data into hosts with merged settings: defaults → groups (parents first) → host.
import type { Connection, Group, Host, Inventory } from './inventory.gen.js';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOCK_DIR, deepFreeze, type InventoryGroup, type InventoryHost, type LoadedInventory } from './model.js';

type Settings = Connection & { vars?: Record<string, unknown> };

/** Groups by name, in file order (a `name:` with no body is an empty group). */
export function groupsOf(data: Inventory): Map<string, Group> {
  return new Map(Object.entries(data.groups ?? {}).map(([name, group]) => [name, group ?? {}]));
}

/**
 * The groups each host is in (directly or through children), with each group's depth below `all`:
 * a top-level group is 1, its child 2 (a group reached by several paths takes the deepest, as Ansible does).
 * Assumes no cycles (the semantic checks reject them first).
 */
export function membership(data: Inventory): { hostGroups: Map<string, Set<string>>; depth: Map<string, number> } {
  const groups = groupsOf(data);
  const depth = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const [name, group] of groups) for (const child of group.children ?? []) parents.set(child, [...(parents.get(child) ?? []), name]);
  const depthOf = (name: string, seen: Set<string> = new Set()): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 1;
    seen.add(name);
    const d = Math.max(0, ...(parents.get(name) ?? []).map((p) => depthOf(p, seen))) + 1;
    depth.set(name, d);
    return d;
  };
  const hostGroups = new Map<string, Set<string>>(Object.keys(data.hosts ?? {}).map((h) => [h, new Set<string>()]));
  const addTo = (group: string, host: string, seen: Set<string>) => {
    hostGroups.get(host)?.add(group);
    for (const parent of parents.get(group) ?? []) if (!seen.has(parent)) addTo(parent, host, new Set([...seen, parent]));
  };
  for (const [name, group] of groups) {
    depthOf(name);
    for (const host of group.hosts ?? []) addTo(name, host, new Set([name]));
  }
  return { hostGroups, depth };
}

/** `yes`/`no` for booleans, as ssh_config writes them. */
function optionValue(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

function mergeInto(target: Required<Pick<Settings, 'ssh_options' | 'vars'>> & Settings, layer: Settings | null | undefined): void {
  if (!layer) return;
  for (const key of ['user', 'port', 'host_key_checking', 'connect_timeout', 'lock_dir'] as const) {
    if (layer[key] !== undefined) (target as unknown as Record<string, unknown>)[key] = layer[key];
  }
  Object.assign(target.ssh_options, layer.ssh_options ?? {});
  Object.assign(target.vars, layer.vars ?? {});
}

function resolveHost(name: string, host: Host | null, layers: (Settings | undefined)[], groupNames: string[]): InventoryHost {
  const merged: Required<Pick<Settings, 'ssh_options' | 'vars'>> & Settings = { ssh_options: {}, vars: {} };
  for (const layer of layers) mergeInto(merged, layer);
  mergeInto(merged, host);
  const sshOptions: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged.ssh_options)) sshOptions[key] = optionValue(value);
  return {
    name,
    address: host?.address ?? name,
    ...(merged.user !== undefined ? { user: merged.user } : {}),
    ...(merged.port !== undefined ? { port: merged.port } : {}),
    sshOptions,
    hostKeyChecking: merged.host_key_checking ?? 'strict',
    connectTimeout: merged.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT,
    lockDir: merged.lock_dir ?? DEFAULT_LOCK_DIR,
    vars: structuredClone(merged.vars),
    groups: groupNames,
  };
}

/** The frozen inventory of checked data. */
export function resolveInventory(data: Inventory, file: string, absolutePath: string): LoadedInventory {
  const groups = groupsOf(data);
  const order = [...groups.keys()];
  const { hostGroups, depth } = membership(data);
  const hosts = Object.entries(data.hosts ?? {}).map(([name, host]) => {
    const member = hostGroups.get(name) ?? new Set<string>();
    // Ansible's precedence: shallower groups first, then by name; later layers win.
    const byPrecedence = [...member].sort((a, b) => (depth.get(a) ?? 1) - (depth.get(b) ?? 1) || (a < b ? -1 : a > b ? 1 : 0));
    const layers: (Settings | undefined)[] = [{ ...data.defaults, vars: data.vars ?? {} }, ...byPrecedence.map((g) => groups.get(g))];
    return resolveHost(name, host, layers, order.filter((g) => member.has(g)));
  });
  const groupList: InventoryGroup[] = [...groups].map(([name, g]) => ({ name, hosts: g.hosts ?? [], children: g.children ?? [], vars: g.vars ?? {} }));
  return deepFreeze({ file, absolutePath, hosts, groups: structuredClone(groupList) });
}
