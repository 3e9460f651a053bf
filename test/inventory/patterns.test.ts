// Host patterns: names, groups through children, globs, all/ungrouped, unions, intersections, exclusions, in inventory order.
import { describe, expect, it } from 'vitest';
import { tryLoadInventoryText } from '../../src/inventory/load.js';
import { HostPatternError, selectHosts } from '../../src/inventory/patterns.js';
import { resolveInventoryPath } from '../../src/inventory/path.js';

const inventory = tryLoadInventoryText(
  'inventory.yaml',
  `hosts:
  db-1: {}
  api-1: {}
  api-2: {}
  api-3: {}
  train-1: {}
  bastion: {}
groups:
  api: { hosts: [api-3, api-1, api-2] }
  canary: { hosts: [api-2, train-1] }
  db: { hosts: [db-1] }
  prod: { children: [api, db] }
  train: { hosts: [train-1] }
`,
  { lang: 'en' },
).inventory!;

const names = (pattern: string) => selectHosts(inventory, pattern, 'en').map((h) => h.name);

describe('selectHosts', () => {
  it('selects a host, a group (through its children), all and ungrouped, in inventory order', () => {
    expect(names('api-2')).toEqual(['api-2']);
    expect(names('api')).toEqual(['api-1', 'api-2', 'api-3']);
    expect(names('prod')).toEqual(['db-1', 'api-1', 'api-2', 'api-3']);
    expect(names('all')).toEqual(['db-1', 'api-1', 'api-2', 'api-3', 'train-1', 'bastion']);
    expect(names('*')).toEqual(names('all'));
    expect(names('ungrouped')).toEqual(['bastion']);
  });

  it('matches globs against host and group names', () => {
    expect(names('api-*')).toEqual(['api-1', 'api-2', 'api-3']);
    expect(names('api-[13]')).toEqual(['api-1', 'api-3']);
    expect(names('tr*')).toEqual(['train-1']);
    expect(names('*-1')).toEqual(['db-1', 'api-1', 'train-1']);
  });

  it('combines terms: `a:b` either, `a:&b` both, `a:!b` a but not b, wherever they stand', () => {
    expect(names('train:db')).toEqual(['db-1', 'train-1']);
    expect(names('train,db')).toEqual(['db-1', 'train-1']);
    expect(names('api:&canary')).toEqual(['api-2']);
    expect(names('prod:!api-1')).toEqual(['db-1', 'api-2', 'api-3']);
    expect(names('!api-1:prod')).toEqual(['db-1', 'api-2', 'api-3']);
    expect(names('prod:canary:&api:!api-3')).toEqual(['api-1', 'api-2']);
    expect(names('!prod')).toEqual(['train-1', 'bastion']);
    expect(names('api:!api')).toEqual([]);
  });

  it('refuses a term that matches nothing, naming it and the closest name', () => {
    const error = (() => {
      try {
        names('api:apu');
      } catch (e) {
        return e as HostPatternError;
      }
    })();
    expect(error).toBeInstanceOf(HostPatternError);
    expect(error!.message).toBe('the host pattern `apu` matches no host or group of inventory.yaml');
    expect(error!.hint).toBe('did you mean `api`?');
    expect(error!.exitCode).toBe(2);
    expect(() => names('web-*')).toThrow('the host pattern `web-*` matches no host');
  });

  it('refuses empty parts, regular expressions and subscripts with a clear message', () => {
    expect(() => names('')).toThrow('the host pattern is empty');
    expect(() => names('api::db')).toThrow('has an empty part');
    expect(() => names('api:!')).toThrow('has an empty part');
    expect(() => names('~api-\\d')).toThrow('regular expressions');
    expect(() => names('api[0:2]')).toThrow('subscripts');
  });
});

describe('resolveInventoryPath', () => {
  it('takes --inventory first, then RUNBOOK_INVENTORY, relative to cwd; empty counts as unset', () => {
    expect(resolveInventoryPath('inv.yaml', { RUNBOOK_INVENTORY: '/etc/runbook/inventory.yaml' }, '/work')).toEqual({ path: '/work/inv.yaml', given: 'inv.yaml', from: 'flag' });
    expect(resolveInventoryPath(undefined, { RUNBOOK_INVENTORY: '/etc/runbook/inventory.yaml' }, '/work')).toEqual({ path: '/etc/runbook/inventory.yaml', given: '/etc/runbook/inventory.yaml', from: 'env' });
    expect(resolveInventoryPath('', { RUNBOOK_INVENTORY: 'x.yaml' }, '/work')?.path).toBe('/work/x.yaml');
    expect(resolveInventoryPath(undefined, { RUNBOOK_INVENTORY: '' }, '/work')).toBeUndefined();
  });
});
