// `runbook inventory import|show` parsed into the subcommand's typed arguments, or into the problems the CLI says (en and zh-CN).
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../src/cli/arguments/inventory.js';

const en = { lang: 'en', env: {}, cwd: '/' } as const;
const zh = { ...en, lang: 'zh-CN' } as const;

describe('inventory', () => {
  it('import: one Ansible inventory, an optional output file', () => {
    expect(parseInventory(['import', 'hosts'], en)).toEqual({ args: { sub: 'import', source: 'hosts', output: undefined, force: false } });
    expect(parseInventory(['import', 'hosts', '-o', 'inventory.yaml', '--force'], en)).toEqual({ args: { sub: 'import', source: 'hosts', output: 'inventory.yaml', force: true } });
    expect(parseInventory(['import'], en).diagnostics).toEqual([{ message: '`runbook inventory import` takes one Ansible inventory file', hint: 'see `runbook inventory --help`' }]);
    expect(parseInventory(['import', 'a', 'b'], zh).diagnostics).toEqual([{ message: '`runbook inventory import` 只接受一个 Ansible 清单文件', hint: '参见 `runbook inventory --help`' }]);
  });

  it('show: the file as an argument or --inventory (else RUNBOOK_INVENTORY, left to the command), a pattern, the variables', () => {
    expect(parseInventory(['show'], en)).toEqual({ args: { sub: 'show', inventory: undefined, hosts: undefined, vars: false } });
    expect(parseInventory(['show', 'inv.yaml', '--vars'], en)).toEqual({ args: { sub: 'show', inventory: 'inv.yaml', hosts: undefined, vars: true } });
    expect(parseInventory(['show', '--inventory', 'inv.yaml', '--hosts', 'prod:&api'], en)).toEqual({ args: { sub: 'show', inventory: 'inv.yaml', hosts: 'prod:&api', vars: false } });
    expect(parseInventory(['show', 'a', 'b'], en).diagnostics).toEqual([{ message: '`runbook inventory show` takes at most one inventory file', hint: 'see `runbook inventory --help`' }]);
  });

  it('needs a known subcommand; an unknown option is named first', () => {
    expect(parseInventory([], en).diagnostics).toEqual([{ message: '`runbook inventory` needs a subcommand: `import` or `show`', hint: 'see `runbook inventory --help`' }]);
    expect(parseInventory(['list'], zh).diagnostics).toEqual([{ message: '`runbook inventory` 没有子命令 `list`（请用 `import` 或 `show`）', hint: '参见 `runbook inventory --help`' }]);
    expect(parseInventory(['list', '--var'], en).diagnostics).toEqual([{ message: 'inventory: unknown option --var', hint: 'did you mean --vars? (see `runbook inventory --help`)' }]);
  });
});
