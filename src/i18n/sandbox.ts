// Messages of the sandbox (unknown faults, refused tools) in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const sandboxCatalog = defineCatalog({
  en: {
    'fault.unknown': 'unknown sandbox fault: {fault}',
    'fault.didYouMean': 'unknown sandbox fault: {fault} (did you mean {guess}?)',
    'fault.hint': 'known faults: {faults}, fail-once:<command prefix>, service-down:<service>',
    'tool.refused': 'runbook sandbox: {tool} is not simulated; a sandbox run never reaches real systems',
  },
  'zh-CN': {
    'fault.unknown': '未知的沙箱故障：{fault}',
    'fault.didYouMean': '未知的沙箱故障：{fault}（是否想用 {guess}？）',
    'fault.hint': '可用的故障：{faults}、fail-once:<命令前缀>、service-down:<服务名>',
    'tool.refused': 'runbook 沙箱：{tool} 未被模拟；沙箱运行绝不会触及真实系统',
  },
});

export function sandboxText(lang: Lang): Translator<keyof typeof sandboxCatalog.en> {
  return translator(sandboxCatalog, lang);
}
