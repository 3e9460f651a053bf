// Loading an inventory: merged settings and variables, and errors with file:line:col, the lines and a hint (golden text).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInventoryError, loadInventoryFile, tryLoadInventoryText } from '../../src/inventory/load.js';
import { formatDiagnosticsText } from '../../src/ui/diagnostics.js';
import { formatUserError } from '../../src/ui/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { golden } from '../helpers/golden.js';

const MODELINE = '# yaml-language-server: $schema=./schemas/inventory.schema.json\n';

const GOOD = `${MODELINE}defaults:
  user: deploy
  ssh_options: { ServerAliveInterval: 5, Compression: false }
vars:
  project_dir: /srv/recommend
  region: none
hosts:
  api-1: { address: 10.0.0.11, vars: { weight: 2 } }
  api-2:
    address: 10.0.0.12
    port: 2222
    host_key_checking: accept-new
    vars: { region: cn-south }
  train-1:
groups:
  api:
    hosts: [api-1, api-2]
    vars: { region: cn-north, role: api }
    ssh_options: { ServerAliveInterval: 10 }
  prod:
    children: [api, train]
    vars: { role: prod, env: production }
  train:
    hosts: [train-1]
    user: trainer
`;

function errorsOf(text: string, lang: 'en' | 'zh-CN' = 'en'): string {
  const result = tryLoadInventoryText('inventory.yaml', text, { lang });
  expect(result.inventory).toBeUndefined();
  return formatDiagnosticsText([{ file: 'inventory.yaml', diagnostics: result.diagnostics, source: result.source }], { lang, color: false });
}

describe('a valid inventory', () => {
  const inv = tryLoadInventoryText('inventory.yaml', GOOD, { lang: 'en' }).inventory!;

  it('keeps the hosts and groups in the order of the file', () => {
    expect(inv.hosts.map((h) => h.name)).toEqual(['api-1', 'api-2', 'train-1']);
    expect(inv.groups.map((g) => g.name)).toEqual(['api', 'prod', 'train']);
    expect(inv.hosts.find((h) => h.name === 'api-1')!.groups).toEqual(['api', 'prod']);
  });

  it('merges settings defaults → groups (parents first) → host', () => {
    const [api1, api2, train1] = inv.hosts;
    expect(api1).toMatchObject({ address: '10.0.0.11', user: 'deploy', hostKeyChecking: 'strict', connectTimeout: 10, lockDir: '/run/lock/runbook' });
    expect(api1!.sshOptions).toEqual({ ServerAliveInterval: '10', Compression: 'no' });
    expect(api2).toMatchObject({ address: '10.0.0.12', port: 2222, hostKeyChecking: 'accept-new' });
    expect(train1).toMatchObject({ address: 'train-1', user: 'trainer' });
    expect(train1!.sshOptions).toEqual({ ServerAliveInterval: '5', Compression: 'no' });
  });

  it('merges variables top-level → parent group → child group → host', () => {
    const [api1, api2, train1] = inv.hosts;
    // prod (depth 1) then api (depth 2): the child group wins over its parent.
    expect(api1!.vars).toEqual({ project_dir: '/srv/recommend', region: 'cn-north', role: 'api', env: 'production', weight: 2 });
    expect(api2!.vars.region).toBe('cn-south');
    expect(train1!.vars).toEqual({ project_dir: '/srv/recommend', region: 'none', role: 'prod', env: 'production' });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(inv.hosts[0]!.vars)).toBe(true);
    expect(() => ((inv.hosts[0] as { address: string }).address = 'x')).toThrow();
  });

  it('loads from a file, and a bad file throws InvalidInventoryError printed with positions', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    expect((await loadInventoryFile(join(dir, 'good.yaml'))).hosts).toHaveLength(3);
    writeFileSync(join(dir, 'bad.yaml'), 'hosts:\n  a: { prot: 22 }\n');
    const error = await loadInventoryFile('bad.yaml', { cwd: dir, lang: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInventoryError);
    expect(formatUserError(error as InvalidInventoryError, 'en')).toContain('bad.yaml:2:8: error: unknown key `prot` in `hosts.a`; did you mean `port`?');
  });
});

describe('errors, with positions (golden text)', () => {
  const cases: [string, string][] = [
    ['schema', `hosts:\n  api-1:\n    adress: 10.0.0.1\n    port: 70000\n  "bad name!": {}\n  api-2: { host_key_checking: no }\ngroups:\n  web: { hosts: api-1 }\nextra: 1\n`],
    ['semantic', `hosts:\n  api-1: {}\n  api-2:\n    ssh_options: { StrictHostKeyChecking: "no", ProxyJump: bastion }\ngroups:\n  api: { hosts: [api-1, api-3, api-1] }\n  all: { hosts: [api-2] }\n  a: { children: [b] }\n  b: { children: [a, apu] }\n  api-2: {}\n`],
    ['no-hosts', `groups:\n  api: {}\n`],
    ['yaml', `hosts:\n  api-1: { address: 10.0.0.1\n`],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      await expect(errorsOf(text)).toMatchFileSnapshot(golden(`inventory/errors-${name}.en.txt`));
    });
  }
  it('semantic, in Chinese', async () => {
    await expect(errorsOf(cases[1]![1], 'zh-CN')).toMatchFileSnapshot(golden('inventory/errors-semantic.zh-CN.txt'));
  });
});
