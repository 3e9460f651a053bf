// The languages runbook speaks: messages, playbook text and `--lang` all choose one of these.
export type Lang = 'en' | 'zh-CN';
