// The rules of an inventory that the schema cannot say: names that exist, no cycles, no clashes, ssh options runbook owns.
import type { Diagnostic } from '../engine/errors.js';
import type { NodePosition, YamlPath } from '../engine/loaded.js';
import { didYouMean } from '../engine/suggest.js';
import type { Translator } from '../i18n/index.js';
import type { InventoryMessage } from '../i18n/remote.js';
import type { Inventory } from './inventory.gen.js';
import { groupsOf } from './resolve.js';

export interface SemanticContext {
  file: string;
  locate(path: YamlPath): NodePosition | undefined;
  locateKey(path: YamlPath): NodePosition | undefined;
  t: Translator<InventoryMessage>;
}

/** Group names with a meaning in host patterns. */
export const RESERVED_GROUPS: readonly string[] = ['all', 'ungrouped'];

/**
 * ssh options runbook sets itself (lower case: ssh_config names are case-insensitive). The transport's safety
 * rests on them (one master per host, batch mode, strict host keys); user, port and address have keys of their own.
 */
export const OWNED_SSH_OPTIONS: ReadonlyMap<string, string> = new Map([
  ['controlmaster', ''],
  ['controlpath', ''],
  ['controlpersist', ''],
  ['batchmode', ''],
  ['stricthostkeychecking', 'host_key_checking'],
  ['user', 'user'],
  ['port', 'port'],
  ['hostname', 'address'],
  ['connecttimeout', 'connect_timeout'],
  ['remotecommand', ''],
  ['requesttty', ''],
  ['sessiontype', ''],
  ['stdinnull', ''],
  ['forkafterauthentication', ''],
  ['loglevel', ''],
  ['escapechar', ''],
]);

function at(ctx: SemanticContext, code: string, message: string, hint: string | undefined, where: NodePosition | undefined): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message };
  if (hint) d.hint = hint;
  if (where) d.location = { file: ctx.file, line: where.line, col: where.col, endLine: where.endLine, endCol: where.endCol };
  return d;
}

export function checkInventory(data: Inventory, ctx: SemanticContext): Diagnostic[] {
  const { t } = ctx;
  const out: Diagnostic[] = [];
  const hostNames = Object.keys(data.hosts ?? {});
  const groups = groupsOf(data);
  if (hostNames.length === 0) {
    const where = data.hosts ? ctx.locateKey(['hosts']) : ctx.locate([]);
    out.push(at(ctx, 'inventory.no-hosts', t('inv.noHosts'), t('inv.noHostsHint'), where && { line: where.line, col: where.col, endLine: where.line, endCol: where.col + 1 }));
  }
  for (const name of groups.keys()) {
    if (RESERVED_GROUPS.includes(name)) out.push(at(ctx, 'inventory.reserved-group', t('inv.reservedGroup', { name }), t('inv.reservedGroupHint'), ctx.locateKey(['groups', name])));
    if (data.hosts && name in data.hosts) out.push(at(ctx, 'inventory.name-clash', t('inv.nameClash', { name }), t('inv.nameClashHint'), ctx.locateKey(['groups', name])));
  }
  for (const [name, group] of groups) {
    out.push(...checkList(ctx, ['groups', name, 'hosts'], group.hosts ?? [], new Set(hostNames), 'inventory.unknown-host', (n) => t('inv.unknownHost', { group: name, name: n })));
    out.push(...checkList(ctx, ['groups', name, 'children'], group.children ?? [], new Set(groups.keys()), 'inventory.unknown-group', (n) => t('inv.unknownGroup', { group: name, name: n })));
  }
  out.push(...checkCycles(data, ctx));
  out.push(...checkSshOptions(data, ctx));
  return out;
}

/** Every name of a list exists and is listed once. */
function checkList(ctx: SemanticContext, path: YamlPath, names: readonly string[], known: Set<string>, code: string, unknown: (name: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) out.push(at(ctx, 'inventory.duplicate', ctx.t('inv.duplicate', { name }), undefined, ctx.locate([...path, i])));
    seen.add(name);
    if (known.has(name)) return;
    const guess = didYouMean(name, known);
    out.push(at(ctx, code, unknown(name), guess ? ctx.t('inv.didYouMean', { name: guess }) : undefined, ctx.locate([...path, i])));
  });
  return out;
}

/** A group that contains itself through its children: one diagnostic per cycle, at the child entry that closes it. */
function checkCycles(data: Inventory, ctx: SemanticContext): Diagnostic[] {
  const groups = groupsOf(data);
  const out: Diagnostic[] = [];
  const done = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (done.has(name)) return;
    const children = groups.get(name)?.children ?? [];
    children.forEach((child, i) => {
      const loop = stack.indexOf(child);
      if (loop !== -1 || child === name) {
        const cycle = [...stack.slice(loop === -1 ? stack.length : loop), name, child].join(' → ');
        out.push(at(ctx, 'inventory.group-cycle', ctx.t('inv.cycle', { cycle }), ctx.t('inv.cycleHint'), ctx.locate(['groups', name, 'children', i])));
        return;
      }
      if (groups.has(child)) visit(child, [...stack, name]);
    });
    done.add(name);
  };
  for (const name of groups.keys()) visit(name, []);
  return out;
}

function checkSshOptions(data: Inventory, ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (path: YamlPath, options: Record<string, unknown> | undefined) => {
    for (const key of Object.keys(options ?? {})) {
      const own = OWNED_SSH_OPTIONS.get(key.toLowerCase());
      if (own === undefined) continue;
      const hint = own ? ctx.t('inv.sshOptionUse', { key: own }) : ctx.t('inv.sshOptionOwned');
      out.push(at(ctx, 'inventory.ssh-option', ctx.t('inv.sshOption', { option: key }), hint, ctx.locateKey([...path, 'ssh_options', key])));
    }
  };
  check(['defaults'], data.defaults?.ssh_options);
  for (const [name, host] of Object.entries(data.hosts ?? {})) check(['hosts', name], host?.ssh_options);
  for (const [name, group] of groupsOf(data)) check(['groups', name], group.ssh_options);
  return out;
}
