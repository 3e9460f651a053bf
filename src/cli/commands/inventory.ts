// `runbook inventory import|show`: convert an Ansible inventory; print the hosts and groups of an inventory.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand, type CliContext } from '../context.js';
import { parseInventory, type InventoryImportArguments, type InventoryShowArguments } from '../arguments/inventory.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { sayFsError } from '../../engine/run/fs-errors.js';
import { remoteText } from '../../i18n/remote.js';
import { sanitize } from '../../ui/diagnostics.js';
import { showOnOneLine } from '../../ui/sanitize.js';

const usage = {
  en: `Usage: runbook inventory import <ansible inventory> [-o <file>] [--force]
       runbook inventory show [<file>] [--inventory <file>] [--hosts <pattern>] [--vars]

import   reads an Ansible inventory (INI or YAML: groups, children, vars, ranges, host:port) and
         writes a runbook inventory (docs/inventory.md). ansible_host/port/user, the private key
         and \`-o\` ssh arguments become settings; other ansible_* variables are left out, each
         named on stderr.
show     prints the groups and hosts as a tree (like \`ansible-inventory --graph\`), or with
         --hosts the hosts a pattern selects (\`api\`, \`api-*\`, \`prod:&api\`, \`all:!db-1\`).

Options:
  -o, --output <file>     write the inventory there (default: standard output)
  --force                 overwrite an existing --output file
  --inventory <file>      the inventory to show (default: RUNBOOK_INVENTORY)
  --hosts <pattern>       show the hosts this pattern selects, with address and groups
  --vars                  show each host's merged variables
Exit codes: 0 done · 2 the inventory or the pattern is invalid, a file cannot be read or written.`,
  'zh-CN': `用法：runbook inventory import <Ansible 清单> [-o <文件>] [--force]
       runbook inventory show [<文件>] [--inventory <文件>] [--hosts <模式>] [--vars]

import   读取 Ansible 清单（INI 或 YAML：分组、子分组、变量、范围、host:port），写出 runbook
         清单（见 docs/inventory.md）。ansible_host/port/user、私钥与 \`-o\` ssh 参数转为连接设置；
         其他 ansible_* 变量被略去，并逐条在标准错误中说明。
show     以树形显示分组与主机（类似 \`ansible-inventory --graph\`）；使用 --hosts 时显示模式选中的
         主机（\`api\`、\`api-*\`、\`prod:&api\`、\`all:!db-1\`）。

选项：
  -o, --output <文件>     写入该文件（默认：标准输出）
  --force                 覆盖已存在的 --output 文件
  --inventory <文件>      要显示的清单（默认：RUNBOOK_INVENTORY）
  --hosts <模式>          显示该模式选中的主机及其地址与分组
  --vars                  显示每台主机合并后的变量
退出码：0 完成 · 2 清单或模式无效、文件无法读取或写入。`,
};

export const command = defineCommand({
  usage,
  parse: parseInventory,
  run: (args, ctx) => (args.sub === 'import' ? importCommand(args, ctx) : showCommand(args, ctx)),
});

async function importCommand({ source, output, force }: InventoryImportArguments, ctx: CliContext): Promise<number> {
  const t = remoteText(ctx.lang);
  const target = output === undefined ? undefined : resolve(ctx.cwd, output);
  if (target && existsSync(target) && !force) throw new UserError(t('cmd.exists', { file: output! }), { hint: t('cmd.existsHint') });
  const { importAnsibleFile, AnsibleInventoryError } = await import('../../inventory/ansible/import.js');
  let result;
  try {
    result = importAnsibleFile(source, ctx.lang, ctx.cwd);
  } catch (error) {
    if (error instanceof AnsibleInventoryError) throw new UserError(error.message);
    throw error;
  }
  for (const note of result.notes) ctx.stderr.write(`${showOnOneLine(note)}\n`);
  if (target === undefined) {
    ctx.stdout.write(result.text);
  } else {
    try {
      writeFileSync(target, result.text);
    } catch (error) {
      throw new UserError(t('cmd.writeFailed', { file: output!, reason: sayFsError(error, ctx.lang) }));
    }
    ctx.stderr.write(`${t('import.written', { file: output!, hosts: result.hosts, groups: result.groups })}\n`);
  }
  if (result.notes.length > 0) ctx.stderr.write(`${t('import.warnings', { count: result.notes.length })}\n`);
  return ExitCode.ok;
}

async function showCommand({ inventory: given, hosts: pattern, vars }: InventoryShowArguments, ctx: CliContext): Promise<number> {
  const t = remoteText(ctx.lang);
  const { resolveInventoryPath } = await import('../../inventory/path.js');
  const where = resolveInventoryPath(given, ctx.env, ctx.cwd);
  if (!where) throw new UserError(t('inv.none'), { hint: t('inv.noneHint') });
  const { loadInventoryFile } = await import('../../inventory/load.js');
  const inventory = await loadInventoryFile(where.given, { cwd: ctx.cwd, lang: ctx.lang });
  const { hostTable, inventoryGraph } = await import('../../inventory/graph.js');
  let lines: string[];
  if (pattern !== undefined) {
    const { selectHosts } = await import('../../inventory/patterns.js');
    const hosts = selectHosts(inventory, pattern, ctx.lang);
    lines = hosts.length > 0 ? hostTable(hosts) : [t('show.noHosts')];
  } else {
    lines = inventoryGraph(inventory, { vars });
  }
  ctx.stdout.write(lines.map(sanitize).join('\n') + '\n');
  return ExitCode.ok;
}
