// Messages of `runbook serve`, `approve` and `pending`, and of the rules file, in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const serveCatalog = defineCatalog({
  en: {
    // the rules file
    'rules.root': 'the rules file',
    'matcher.syntax': 'matcher {matcher} is not an Alertmanager matcher',
    'matcher.syntaxHint': 'write `label="value"`, `label!="value"`, `label=~"regex"` or `label!~"regex"`',
    'matcher.regex': 'the regex of matcher {matcher} is not valid: {detail}',
    'matcher.regexHint': 'regexes are anchored at both ends as Alertmanager anchors them; inline flags such as (?i) are not supported',
    'rule.duplicate': 'rule `{name}` is defined twice (first on line {line})',
    'rule.channel': 'rule `{rule}` names the notification channel `{channel}`, which the top-level `notify` does not define',
    'rule.channelHint': 'channels defined: {channels}',
    'rule.noChannels': 'no channels are defined: add them under the top-level `notify`',
    'rule.playbook': 'rule `{rule}`: the playbook {path} cannot be used: {reason}',
    'rule.playbookHint': 'run `runbook validate {path}` to see what is wrong',
    'rule.playbookErrors': '{count} error(s) in it',
    'rule.param': 'rule `{rule}` gives the parameter `{name}`, which the playbook {playbook} does not have',
    'rule.paramHint': 'its parameters: {names}',
    'rule.noParams': 'the playbook has no parameters',
    'rule.missingParam': 'rule `{rule}` does not give the parameter `{name}`, which the playbook {playbook} requires',
    'rule.missingParamHint': 'add it under `params`, e.g. `{name}: "{{labels.{name}}}"`',
    'rule.template': 'rule `{rule}`, parameter `{name}`: {message}',
    'rule.templateName': 'rule `{rule}`, parameter `{name}`: the template reads `{ref}`; a rule can read `labels.<name>` and `annotations.<name>` only',
    'rule.templateNameHint': 'e.g. {{labels.service}} or {{annotations.summary}}',
    'rule.value': 'rule `{rule}`, parameter `{name}`: {reason}',
    'validate.rulesOne': '1 rules file',
    'validate.rulesN': '{count} rules files',
    'validate.and': '{playbooks} and {rules}',
  },
  'zh-CN': {
    'rules.root': '规则文件',
    'matcher.syntax': '匹配器 {matcher} 不是 Alertmanager 匹配器',
    'matcher.syntaxHint': '写作 `label="值"`、`label!="值"`、`label=~"正则"` 或 `label!~"正则"`',
    'matcher.regex': '匹配器 {matcher} 的正则无效：{detail}',
    'matcher.regexHint': '正则与 Alertmanager 一样在两端锚定；不支持 (?i) 这类内联标志',
    'rule.duplicate': '规则 `{name}` 定义了两次（第一次在第 {line} 行）',
    'rule.channel': '规则 `{rule}` 引用了通知渠道 `{channel}`，但顶层 `notify` 中没有定义它',
    'rule.channelHint': '已定义的渠道：{channels}',
    'rule.noChannels': '没有定义任何渠道：请在顶层 `notify` 中添加',
    'rule.playbook': '规则 `{rule}`：无法使用 playbook {path}：{reason}',
    'rule.playbookHint': '运行 `runbook validate {path}` 查看问题所在',
    'rule.playbookErrors': '其中有 {count} 个错误',
    'rule.param': '规则 `{rule}` 给出了参数 `{name}`，但 playbook {playbook} 没有这个参数',
    'rule.paramHint': '它的参数：{names}',
    'rule.noParams': '该 playbook 没有参数',
    'rule.missingParam': '规则 `{rule}` 没有给出 playbook {playbook} 必需的参数 `{name}`',
    'rule.missingParamHint': '在 `params` 中添加，例如 `{name}: "{{labels.{name}}}"`',
    'rule.template': '规则 `{rule}` 的参数 `{name}`：{message}',
    'rule.templateName': '规则 `{rule}` 的参数 `{name}`：模板读取了 `{ref}`；规则只能读取 `labels.<名称>` 和 `annotations.<名称>`',
    'rule.templateNameHint': '例如 {{labels.service}} 或 {{annotations.summary}}',
    'rule.value': '规则 `{rule}` 的参数 `{name}`：{reason}',
    'validate.rulesOne': '1 个规则文件',
    'validate.rulesN': '{count} 个规则文件',
    'validate.and': '{playbooks}和 {rules}',
  },
});

export type ServeKey = keyof typeof serveCatalog.en;

export function serveText(lang: Lang): Translator<ServeKey> {
  return translator(serveCatalog, lang);
}
