// `runbook inventory import|show` and `runbook validate` on an inventory file, through the built CLI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const INI = `[web]
web-1 ansible_host=10.0.0.1 ansible_become=yes
web-2
[db]
db-1 ansible_port=2222
[prod:children]
web
db
[web:vars]
role=web
`;

describe('runbook inventory', () => {
  it('imports an Ansible INI inventory into a file, naming what it left out, and refuses to overwrite it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), INI);
    const result = await runbook(['inventory', 'import', 'hosts', '-o', 'inventory.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'host `web-1`: `ansible_become` is Ansible-specific and was left out\nwrote inventory.yaml: 3 hosts, 3 groups\n1 notes above: check them before using the inventory\n',
    );
    expect(readFileSync(join(dir, 'inventory.yaml'), 'utf8')).toContain('web-1:\n    address: 10.0.0.1\n');
    const again = await runbook(['inventory', 'import', 'hosts', '-o', 'inventory.yaml'], { cwd: dir });
    expect(again).toMatchObject({ code: 2, stderr: 'runbook: inventory.yaml exists already\nhint: add --force to overwrite it, or choose another --output\n' });
    expect((await runbook(['inventory', 'import', 'hosts', '-o', 'inventory.yaml', '--force'], { cwd: dir })).code).toBe(0);
  });

  it.each(['en', 'zh-CN'])('keeps each note about an imported value on its line, a newline in the value as ␤ (%s)', async (lang) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts.yml'), 'all:\n  hosts:\n    web1:\n      ansible_port: "x\\nwrote inventory.yaml"\n      ansible_connection: "local\\nforged"\n');
    const result = await runbook(['inventory', 'import', 'hosts.yml', '-o', 'inventory.yaml', '--lang', lang], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('x␤wrote inventory.yaml');
    expect(lines[1]).toContain('local␤forged');
  });

  it('writes to standard output without -o, and reports an unreadable Ansible inventory with its line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), INI);
    writeFileSync(join(dir, 'bad'), '[web]\nweb-1 port\n');
    const out = await runbook(['inventory', 'import', 'hosts'], { cwd: dir });
    expect(out.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/inventory.schema.json');
    const bad = await runbook(['inventory', 'import', 'bad'], { cwd: dir });
    expect(bad).toMatchObject({ code: 2, stderr: 'runbook: bad:2: expected `key=value`, got `port`\n' });
    const missing = await runbook(['inventory', 'import', 'nope'], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: 'runbook: cannot read the Ansible inventory nope: no such file\n' });
  });

  it('a source it cannot read and a file it cannot write are said in the chosen language (Node\'s words in English, as before)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), INI);
    mkdirSync(join(dir, 'folder.ini'));
    const out = join('no-such-folder', 'inventory.yaml');
    const said = {
      en: [`runbook: cannot read the Ansible inventory folder.ini: EISDIR: illegal operation on a directory, read\n`, `runbook: cannot write ${out}: ENOENT: no such file or directory, open '${join(dir, out)}'\n`],
      'zh-CN': [`runbook: 无法读取 Ansible 清单 folder.ini：EISDIR: 是一个目录\n`, `runbook: 无法写入 ${out}：ENOENT: 文件或目录不存在\n`],
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      const read = await runbook(['inventory', 'import', 'folder.ini', '--lang', lang], { cwd: dir });
      expect(read.code).toBe(2);
      expect(read.stderr).toBe(said[lang][0]);
      const write = await runbook(['inventory', 'import', 'hosts', '-o', out, '--lang', lang], { cwd: dir });
      expect(write.code).toBe(2);
      expect(write.stderr.split('\n').slice(-2).join('\n')).toBe(said[lang][1]);
    }
  });

  it('shows the tree, and the hosts a pattern selects (inventory from RUNBOOK_INVENTORY)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), INI);
    expect((await runbook(['inventory', 'import', 'hosts', '-o', 'inventory.yaml'], { cwd: dir })).code).toBe(0);
    const tree = await runbook(['inventory', 'show', 'inventory.yaml'], { cwd: dir });
    expect(tree.stdout).toBe(['@all:', '  |--@prod:', '  |  |--@web:', '  |  |  |--web-1', '  |  |  |--web-2', '  |  |--@db:', '  |  |  |--db-1', ''].join('\n'));
    const env = { RUNBOOK_INVENTORY: join(dir, 'inventory.yaml') };
    const hosts = await runbook(['inventory', 'show', '--hosts', 'prod:!web-2'], { cwd: dir, env });
    expect(hosts.stdout).toBe('web-1  10.0.0.1   web,prod\ndb-1   db-1:2222  db,prod\n');
    const typo = await runbook(['inventory', 'show', '--hosts', 'wbe'], { cwd: dir, env });
    expect(typo).toMatchObject({ code: 2, stderr: `runbook: the host pattern \`wbe\` matches no host or group of ${join(dir, 'inventory.yaml')}\nhint: did you mean \`web\`?\n` });
    const none = await runbook(['inventory', 'show'], { cwd: dir, env: { RUNBOOK_INVENTORY: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no inventory: give --inventory <file> or set RUNBOOK_INVENTORY');
  });

  it('needs a known subcommand', async () => {
    expect(await runbook(['inventory'])).toMatchObject({ code: 2, stderr: 'runbook: `runbook inventory` needs a subcommand: `import` or `show`\nhint: see `runbook inventory --help`\n' });
    expect((await runbook(['inventory', 'list'])).stderr).toContain('unknown subcommand `list`');
  });
});

describe('runbook validate on an inventory', () => {
  it('checks an inventory (by its modeline or its keys) with the inventory schema, next to playbooks', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inventory.yaml'), '# yaml-language-server: $schema=./schemas/inventory.schema.json\nhosts:\n  a: {}\n');
    writeFileSync(join(dir, 'hosts.yml'), 'hosts:\n  a: { prot: 22 }\ngroups:\n  g: { hosts: [b] }\n');
    const good = await runbook(['validate', 'inventory.yaml'], { cwd: dir });
    expect(good.code).toBe(0);
    const bad = await runbook(['validate', 'hosts.yml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('hosts.yml:2:8: error: unknown key `prot` in `hosts.a`; did you mean `port`?\n  1 | hosts:\n  2 |   a: { prot: 22 }\n    |        ^~~~\n');
    const slow = await runbook(['validate', 'hosts.yml'], { cwd: dir, env: { RUNBOOK_FAST_VALIDATE: '0' } });
    expect(slow.stdout).toBe(bad.stdout);
  });
});
