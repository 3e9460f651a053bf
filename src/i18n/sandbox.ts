// Messages of the sandbox (unknown faults, refused tools, a sandbox that cannot be attached to) in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const sandboxCatalog = defineCatalog({
  en: {
    'fault.unknown': 'unknown sandbox fault: {fault}',
    'fault.didYouMean': 'unknown sandbox fault: {fault} (did you mean {guess}?)',
    'fault.hint': 'known faults: {faults}, fail-once:<command prefix>, service-down:<service>',
    'tool.refused': 'runbook sandbox: {tool} is not simulated; a sandbox run never reaches real systems',
    // a shim whose sandbox process is gone; `{error}`: the connection's error, as Node says it
    'shim.notRunning': 'runbook sandbox: the sandbox is not running ({error})',
    'attach.unusable': 'cannot attach to the sandbox in {dir}: {reason}',
    'attach.hint': 'give the directory of a sandbox kept up by `runbook serve --sandbox` (it says where), as the same user',
    'attach.needsSandbox': '--sandbox-attach needs --sandbox',
    'attach.noFault': '--sandbox-fault starts a sandbox of its own: it cannot be used with --sandbox-attach',
    // why a directory is not a sandbox to attach to (`{path}`: its sandbox.json)
    'attach.notFile': '{path} is not a file',
    'attach.otherUser': '{path} belongs to another user',
    'attach.missing': '{path} does not exist',
    // `{message}`: what Node said (`EACCES: permission denied, open '…'`); `{error}`: the same in words (fs.* of the engine)
    'attach.unreadable': '{message}',
    'attach.notJson': '{path} is not JSON',
    'attach.notDescriptor': '{path} is not a sandbox descriptor',
    'attach.elsewhere': '{path} does not describe the sandbox in {dir}',
  },
  'zh-CN': {
    'fault.unknown': '未知的沙箱故障：{fault}',
    'fault.didYouMean': '未知的沙箱故障：{fault}（是否想用 {guess}？）',
    'fault.hint': '可用的故障：{faults}、fail-once:<命令前缀>、service-down:<服务名>',
    'tool.refused': 'runbook 沙箱：{tool} 未被模拟；沙箱运行绝不会触及真实系统',
    'shim.notRunning': 'runbook 沙箱：沙箱未在运行（{error}）',
    'attach.unusable': '无法连接到 {dir} 中的沙箱：{reason}',
    'attach.hint': '请以同一用户给出由 `runbook serve --sandbox` 保持运行的沙箱目录（它会告诉你在哪里）',
    'attach.needsSandbox': '--sandbox-attach 需要与 --sandbox 一起使用',
    'attach.noFault': '--sandbox-fault 会启动一个独立的沙箱，不能与 --sandbox-attach 同时使用',
    'attach.notFile': '{path} 不是普通文件',
    'attach.otherUser': '{path} 属于其他用户',
    'attach.missing': '{path} 不存在',
    'attach.unreadable': '{path} 无法读取：{error}',
    'attach.notJson': '{path} 不是有效的 JSON',
    'attach.notDescriptor': '{path} 不是沙箱描述文件',
    'attach.elsewhere': '{path} 描述的不是 {dir} 中的沙箱',
  },
});

export function sandboxText(lang: Lang): Translator<keyof typeof sandboxCatalog.en> {
  return translator(sandboxCatalog, lang);
}
