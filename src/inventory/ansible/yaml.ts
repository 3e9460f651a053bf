// Reads an Ansible YAML inventory: top-level groups (usually `all`), each with `hosts`, `vars` and `children`.
import { parse } from 'yaml';
import type { Translator } from '../../i18n/index.js';
import type { RemoteMessage } from '../../i18n/remote.js';
import { AnsibleInventoryError, addChild, addHost, emptyInventory, groupOf, type AnsibleInventory } from './model.js';
import { expandHostRange } from './ranges.js';

type Map_ = Record<string, unknown>;

const isMapping = (value: unknown): value is Map_ => value !== null && typeof value === 'object' && !Array.isArray(value);

export function readYamlInventory(file: string, text: string, t: Translator<RemoteMessage>): AnsibleInventory {
  // YAML 1.1, as Ansible reads it: `yes`/`no` are booleans.
  let data: unknown;
  try {
    data = parse(text, { version: '1.1', maxAliasCount: 64 });
  } catch (error) {
    throw new AnsibleInventoryError(t('import.readFailed', { file, reason: (error as Error).message.split('\n')[0]! }));
  }
  const shape = (path: string, expected: string): never => {
    throw new AnsibleInventoryError(t('import.yamlShape', { file, path, expected }));
  };
  if (!isMapping(data)) return shape('the document', t('import.yamlMapping'));
  const inventory = emptyInventory();
  const readGroup = (name: string, body: unknown, path: string): void => {
    groupOf(inventory, name);
    if (body === null || body === undefined) return;
    if (!isMapping(body)) return shape(path, t('import.yamlMapping'));
    for (const key of Object.keys(body)) if (!['hosts', 'vars', 'children'].includes(key)) shape(`${path}.${key}`, t('import.yamlGroupKey'));
    const { hosts, vars, children } = body;
    if (vars !== undefined && vars !== null) {
      if (!isMapping(vars)) return shape(`${path}.vars`, t('import.yamlMapping'));
      Object.assign(groupOf(inventory, name).vars, vars);
    }
    if (hosts !== undefined && hosts !== null) {
      if (!isMapping(hosts)) return shape(`${path}.hosts`, t('import.yamlMapping'));
      for (const [pattern, hostVars] of Object.entries(hosts)) {
        if (hostVars !== null && !isMapping(hostVars)) return shape(`${path}.hosts.${pattern}`, t('import.yamlMapping'));
        let names: string[];
        try {
          names = expandHostRange(pattern);
        } catch {
          throw new AnsibleInventoryError(`${file}: ${t('import.badRange', { pattern })}`);
        }
        for (const host of names) addHost(inventory, name, host, hostVars ?? {});
      }
    }
    if (children !== undefined && children !== null) {
      if (!isMapping(children)) return shape(`${path}.children`, t('import.yamlMapping'));
      for (const [child, childBody] of Object.entries(children)) {
        addChild(inventory, name, child);
        readGroup(child, childBody, `${path}.children.${child}`);
      }
    }
  };
  for (const [name, body] of Object.entries(data)) readGroup(name, body, name);
  return inventory;
}
