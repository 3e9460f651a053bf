// Messages of the sandbox (unknown faults) in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const sandboxCatalog = defineCatalog({
  en: {
    'fault.unknown': 'unknown sandbox fault: {fault}',
    'fault.didYouMean': 'unknown sandbox fault: {fault} (did you mean {guess}?)',
    'fault.hint': 'known faults: {faults}, fail-once:<command prefix>, service-down:<service>',
  },
  'zh-CN': {
    'fault.unknown': '未知的沙箱故障：{fault}',
    'fault.didYouMean': '未知的沙箱故障：{fault}（是否想用 {guess}？）',
    'fault.hint': '可用的故障：{faults}、fail-once:<命令前缀>、service-down:<服务名>',
  },
});

export function sandboxText(lang: Lang): Translator<keyof typeof sandboxCatalog.en> {
  return translator(sandboxCatalog, lang);
}
