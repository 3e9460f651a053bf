// Messages of command-line parsing (src/cli/arguments/) and of the argument errors of commands, in en and zh-CN.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const cliCatalog = defineCatalog({
  en: {
    // options (node:util parseArgs errors, reworded per code)
    unknownOption: '{command}: unknown option {option}',
    missingValue: '{command}: {option} needs a value',
    noValue: '{command}: {option} takes no value',
    ambiguousValue: '{command}: {option} needs a value, and the argument after it starts with a dash',
    ambiguousHint: 'if that is the value, write {option}=<value>; else give {option} its value first',
    valueHint: 'write {option} <value> (or {option}=<value>); see `runbook {command} --help`',
    unexpectedArgument: "{command}: unexpected argument '{argument}' (this command takes options only)",
    badArguments: '{command}: {message}',
    seeHelp: 'see `runbook {command} --help`',
    didYouMean: 'did you mean {suggestion}? ({hint})',
    oneOf: '{command}: --{option} must be one of {allowed}; got {value}',
    // `--param name=value`
    badParam: '{command}: {reason}',
    paramHint: 'write --param name=value',
    // commands
    'metrics.cannotWrite': 'runbook: the metrics file {path} was not updated: {error} (the run itself is not affected)',
    'plan.oneFile': 'plan: give exactly one playbook file',
    'hosts.noInventory': 'playbook `{playbook}` runs on `targets: {pattern}`: give the inventory with --inventory FILE or RUNBOOK_INVENTORY',
    'hosts.noInventoryHint': 'an inventory lists the hosts and groups (docs/inventory.md); `runbook inventory import` converts an Ansible one',
    'hosts.noTargets': '--hosts {pattern}: playbook `{playbook}` has no `targets:`, it runs on this host only',
    'hosts.noTargetsHint': 'add `targets: <group or host pattern>` to the playbook, and `on: targets` where needed',
    'hosts.nothingLeft': 'run {run}: every host selected ({hosts}) and every step finished there: nothing to resume',
    'hosts.rollbackGone': 'host `{host}` has rollbacks left from run {run} ({steps}), but the inventory {inventory} no longer has it: resume --rollback cannot reach it safely',
    'hosts.rollbackMoved': 'host `{host}` has rollbacks left from run {run} ({steps}), but the inventory {inventory} now reaches it at {now}, not {was} as in the run: resume --rollback does not roll back another machine',
    'hosts.rollbackGoneHint': 'put the host back in the inventory as it was (or give that inventory with --inventory), then `runbook resume {run} --rollback{home}`; or undo its steps by hand (each step\'s `rollback:` in {file}; `runbook logs {run} --host {host}{home}` shows what ran there) and leave it out with --hosts',
    'hosts.rollbackLeft': '{count} host(s) not selected by --hosts still have rollbacks left, newest first (and this host\'s steps wait for them):\n{hosts}\ncontinue with `runbook resume {run} --rollback{home}`',
    'hosts.missingVar': 'host `{host}` of {inventory} has no variable `{name}`, which the playbook reads as host.vars.{name}',
    'hosts.missingVarHint': 'set `{name}` under the `vars:` of the host, or of one of its groups, in the inventory',
    'diff.twoVersions': 'diff: give two versions: <old> <new>',
    'lint.missing': 'lint: no such file or folder: {paths}',
    'review.unexpected': 'review: unexpected argument {argument}',
    // playbook names (src/cli/resolve-playbook.ts)
    'lookup.noName': 'no playbook named "{name}" in {dirs}',
    'lookup.noFile': 'no such file: {path}',
    'lookup.didYouMean': 'did you mean {suggestion}?',
    'lookup.where': 'give a path, or a name of a playbook in ., ./runbooks/ or a folder of RUNBOOK_PATH (colon-separated)',
    'completion.shell': 'completion: give the shell, bash or zsh (got "{shell}")',
  },
  'zh-CN': {
    unknownOption: '{command}：未知选项 {option}',
    missingValue: '{command}：选项 {option} 缺少值',
    noValue: '{command}：选项 {option} 不接受值',
    ambiguousValue: '{command}：选项 {option} 缺少值，而它后面的参数以“-”开头',
    ambiguousHint: '如果那就是值，请写成 {option}=<值>；否则请先给出 {option} 的值',
    valueHint: '请写成 {option} <值>（或 {option}=<值>）；参见 `runbook {command} --help`',
    unexpectedArgument: "{command}：多余的参数 '{argument}'（此命令只接受选项）",
    badArguments: '{command}：{message}',
    seeHelp: '参见 `runbook {command} --help`',
    didYouMean: '你是不是想写 {suggestion}？（{hint}）',
    oneOf: '{command}：--{option} 必须是 {allowed} 之一；收到的是 {value}',
    badParam: '{command}：{reason}',
    paramHint: '请写成 --param 名称=值',
    'metrics.cannotWrite': 'runbook：指标文件 {path} 未更新：{error}（不影响本次运行）',
    'plan.oneFile': 'plan：请给出且只给出一个 playbook 文件',
    'hosts.noInventory': 'playbook `{playbook}` 在 `targets: {pattern}` 上运行：请用 --inventory 文件 或 RUNBOOK_INVENTORY 指定主机清单',
    'hosts.noInventoryHint': '主机清单列出主机和主机组（见 docs/inventory.md）；`runbook inventory import` 可转换 Ansible 清单',
    'hosts.noTargets': '--hosts {pattern}：playbook `{playbook}` 没有 `targets:`，只在本机运行',
    'hosts.noTargetsHint': '请在 playbook 中添加 `targets: <主机组或主机模式>`，并在需要处写 `on: targets`',
    'hosts.nothingLeft': '运行 {run}：所选主机（{hosts}）及所有步骤均已完成，无需继续',
    'hosts.rollbackGone': '主机 `{host}` 还有运行 {run} 留下的回滚（{steps}），但清单 {inventory} 中已没有该主机：resume --rollback 无法安全地连接它',
    'hosts.rollbackMoved': '主机 `{host}` 还有运行 {run} 留下的回滚（{steps}），但清单 {inventory} 现在通过 {now} 连接它，而运行时是 {was}：resume --rollback 不会在另一台机器上回滚',
    'hosts.rollbackGoneHint': '请把该主机按原样放回清单（或用 --inventory 指定原来的清单），再执行 `runbook resume {run} --rollback{home}`；或手动撤销其步骤（见 {file} 中各步骤的 `rollback:`；`runbook logs {run} --host {host}{home}` 可查看该主机上执行了什么），并用 --hosts 将其排除',
    'hosts.rollbackLeft': '有 {count} 台未被 --hosts 选中的主机仍有未完成的回滚，从最近的步骤开始（本机的步骤会等待它们完成）：\n{hosts}\n请用 `runbook resume {run} --rollback{home}` 继续',
    'hosts.missingVar': '{inventory} 中的主机 `{host}` 没有变量 `{name}`，而 playbook 读取了 host.vars.{name}',
    'hosts.missingVarHint': '请在清单中该主机（或其所在组）的 `vars:` 下设置 `{name}`',
    'diff.twoVersions': 'diff：请给出两个版本：<旧> <新>',
    'lint.missing': 'lint：文件或文件夹不存在：{paths}',
    'review.unexpected': 'review：多余的参数 {argument}',
    'lookup.noName': '在 {dirs} 中没有名为“{name}”的 playbook',
    'lookup.noFile': '文件不存在：{path}',
    'lookup.didYouMean': '你是不是想写 {suggestion}？',
    'lookup.where': '请给出路径，或位于 .、./runbooks/ 或 RUNBOOK_PATH（以冒号分隔）中某个目录下的 playbook 名称',
    'completion.shell': 'completion：请指定 shell：bash 或 zsh（收到的是“{shell}”）',
  },
});

export type CliKey = keyof (typeof cliCatalog)['en'];

export function cliText(lang: Lang): Translator<CliKey> {
  return translator(cliCatalog, lang);
}
