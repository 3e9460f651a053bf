// `runbook inventory import`: Ansible INI and YAML inventories (children, vars, ranges, ports) become runbook inventories.
import { describe, expect, it } from 'vitest';
import { importAnsibleText, AnsibleInventoryError } from '../../src/inventory/ansible/import.js';
import { iniValue } from '../../src/inventory/ansible/literal.js';
import { expandHostRange } from '../../src/inventory/ansible/ranges.js';
import { tryLoadInventoryText } from '../../src/inventory/load.js';
import { selectHosts } from '../../src/inventory/patterns.js';

const INI = `# the team's hosts
mail.example.com

[webservers]
foo.example.com ansible_port=2222 http_port=80 maxRequestsPerChild=808
bar.example.com:5309 ansible_user=deploy motd="hello  world" # a comment
www[01:03].example.com

[dbservers]
db-[a:b].example.com ansible_host=10.0.0.5 ansible_python_interpreter=/usr/bin/python3

[webservers:vars]
ntp_server=ntp.atlanta.example.com
proxy=proxy.atlanta.example.com
ansible_ssh_common_args='-o ProxyJump=bastion -o ServerAliveInterval=5 -C'

[prod:children]
webservers
dbservers

[prod:vars]
env = production
debug = False # child groups override this
tags=['a', 'b']

[all:vars]
ansible_user=ops
region=cn-north
`;

const YAML = `all:
  vars:
    ansible_user: ops
  hosts:
    mail.example.com:
  children:
    webservers:
      hosts:
        foo.example.com:
          ansible_port: 2222
          http_port: 80
        www[01:02].example.com:
      vars:
        ntp_server: ntp.example.com
        enabled: yes
    prod:
      children:
        webservers:
        dbservers:
          hosts:
            db1.example.com: { ansible_host: 10.0.0.5 }
`;

describe('INI', () => {
  const result = importAnsibleText('hosts', INI, 'en');
  const inventory = tryLoadInventoryText('inventory.yaml', result.text, { lang: 'en' }).inventory!;
  const host = (name: string) => inventory.hosts.find((h) => h.name === name)!;

  it('writes a valid inventory with the schema modeline, every host in file order', () => {
    expect(result.text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/inventory.schema.json');
    expect(inventory.hosts.map((h) => h.name)).toEqual([
      'mail.example.com',
      'foo.example.com',
      'bar.example.com',
      'www01.example.com',
      'www02.example.com',
      'www03.example.com',
      'db-a.example.com',
      'db-b.example.com',
    ]);
    expect(result).toMatchObject({ hosts: 8, groups: 3 });
  });

  it('turns connection variables into settings: port (also host:port), user, address, -o options', () => {
    expect(host('foo.example.com')).toMatchObject({ port: 2222, user: 'ops' });
    expect(host('bar.example.com')).toMatchObject({ port: 5309, user: 'deploy' });
    expect(host('db-a.example.com')).toMatchObject({ address: '10.0.0.5', user: 'ops' });
    expect(host('www01.example.com').sshOptions).toEqual({ ProxyJump: 'bastion', ServerAliveInterval: '5' });
    expect(host('mail.example.com').sshOptions).toEqual({});
  });

  it('keeps group membership through children, and variables with Ansible precedence and types', () => {
    expect(selectHosts(inventory, 'prod', 'en').map((h) => h.name)).toHaveLength(7);
    expect(selectHosts(inventory, 'ungrouped', 'en').map((h) => h.name)).toEqual(['mail.example.com']);
    expect(host('foo.example.com').vars).toEqual({
      region: 'cn-north',
      env: 'production',
      debug: false,
      tags: "['a', 'b']",
      ntp_server: 'ntp.atlanta.example.com',
      proxy: 'proxy.atlanta.example.com',
      http_port: 80,
      maxRequestsPerChild: 808,
    });
    expect(host('bar.example.com').vars.motd).toBe('hello  world');
  });

  it('says what did not carry over', () => {
    expect(result.notes).toEqual([
      "hosts:24: `tags` kept as the text \"['a', 'b']\" (Python lists, dicts and tuples are read as text)",
      'host `db-a.example.com`: `ansible_python_interpreter` is Ansible-specific and was left out',
      'host `db-b.example.com`: `ansible_python_interpreter` is Ansible-specific and was left out',
      'group `webservers`: `ansible_ssh_common_args` kept only its `-o Name=value` options; left out: -C',
    ]);
  });

  it('reports malformed lines with file and line', () => {
    const bad = (text: string) => {
      try {
        importAnsibleText('hosts.ini', text, 'en');
      } catch (error) {
        expect(error).toBeInstanceOf(AnsibleInventoryError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(bad('[web]\nh1 port\n')).toBe('hosts.ini:2: expected `key=value`, got `port`');
    expect(bad('[web:children]\nnope\n')).toBe('hosts.ini:2: the group `nope` is used in `[web:children]` but never declared');
    expect(bad('[web:stuff]\n')).toBe('hosts.ini:1: the section `[web:stuff]` has the unknown kind `stuff` (use `vars` or `children`)');
    expect(bad("[web]\nh1 a='x\n")).toBe('hosts.ini:2: a quote is not closed');
    expect(bad('[web]\nh[3:1]\n')).toBe('hosts.ini:2: the host range `h[3:1]` is not valid');
    expect(bad('[web app]\nh1\n')).toBe('hosts.ini:1: a section header is `[group]`, `[group:vars]` or `[group:children]`');
    expect(bad('[web.app]\nh1\n')).toContain('the group name `web.app` cannot be used in a runbook inventory');
  });

  it('accepts a child group declared after it is used', () => {
    const text = importAnsibleText('hosts', '[prod:children]\nweb\n[web]\nh1\n', 'en').text;
    expect(tryLoadInventoryText('x.yaml', text, { lang: 'en' }).inventory!.hosts[0]!.groups).toEqual(['prod', 'web']);
  });
});

describe('YAML', () => {
  const result = importAnsibleText('hosts.yml', YAML, 'en');
  const inventory = tryLoadInventoryText('inventory.yaml', result.text, { lang: 'en' }).inventory!;
  const host = (name: string) => inventory.hosts.find((h) => h.name === name)!;

  it('reads groups, nested children, ranges and variables (YAML 1.1 booleans, as Ansible)', () => {
    expect(inventory.hosts.map((h) => h.name)).toEqual(['mail.example.com', 'foo.example.com', 'www01.example.com', 'www02.example.com', 'db1.example.com']);
    expect(inventory.groups.map((g) => g.name)).toEqual(['webservers', 'prod', 'dbservers']);
    expect(selectHosts(inventory, 'prod', 'en').map((h) => h.name)).toEqual(['foo.example.com', 'www01.example.com', 'www02.example.com', 'db1.example.com']);
    expect(host('foo.example.com')).toMatchObject({ port: 2222, user: 'ops', vars: { http_port: 80, ntp_server: 'ntp.example.com', enabled: true } });
    expect(host('db1.example.com').address).toBe('10.0.0.5');
    expect(result.notes).toEqual([]);
  });

  it('refuses a document of the wrong shape, naming where', () => {
    expect(() => importAnsibleText('h.yml', 'all:\n  hosts: [a, b]\n', 'en')).toThrow('h.yml: all.hosts should be a mapping');
    expect(() => importAnsibleText('h.yml', 'all:\n  host: {}\n', 'en')).toThrow('h.yml: all.host should be one of `hosts`, `vars`, `children`');
  });
});

describe('pieces', () => {
  it('expands ranges with widths, letters and strides', () => {
    expect(expandHostRange('www[01:03].x')).toEqual(['www01.x', 'www02.x', 'www03.x']);
    expect(expandHostRange('n[0:6:3]')).toEqual(['n0', 'n3', 'n6']);
    expect(expandHostRange('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandHostRange('r[1:2]-[a:b]')).toEqual(['r1-a', 'r1-b', 'r2-a', 'r2-b']);
    expect(() => expandHostRange('x[a:1]')).toThrow(RangeError);
  });

  it('reads INI values as simple Python literals, else as text', () => {
    expect(iniValue('2222')).toEqual({ value: 2222 });
    expect(iniValue('1.5')).toEqual({ value: 1.5 });
    expect(iniValue('True')).toEqual({ value: true });
    expect(iniValue('None')).toEqual({ value: null });
    expect(iniValue("'03#pa33w0rd'")).toEqual({ value: '03#pa33w0rd' });
    expect(iniValue('"a\\nb"')).toEqual({ value: 'a\nb' });
    expect(iniValue('23 # a comment')).toEqual({ value: 23 });
    expect(iniValue('FALSE')).toEqual({ value: 'FALSE' });
    expect(iniValue('0123')).toEqual({ value: '0123' });
    expect(iniValue('1e3')).toEqual({ value: 1000 });
    expect(iniValue('foo # bar')).toEqual({ value: 'foo # bar' });
    expect(iniValue('[1, 2]')).toEqual({ value: '[1, 2]', complex: true });
  });
});
