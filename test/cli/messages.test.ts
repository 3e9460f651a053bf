// Messages a tired person reads on the command line: ours, not a library's (node's parseArgs, V8's JSON, fs error codes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const RAW = /Option '|argument missing|'-\w, --[a-z-]+ <value>'|ENOENT|EISDIR|EACCES|Unexpected token|is not valid JSON at|in JSON at position/;

describe('command-line messages', () => {
  it('an option without its value', async () => {
    for (const args of [['play', 'runbooks/redis-flush.yaml', '-p'], ['plan', 'runbooks/redis-flush.yaml', '--param'], ['validate', '--format']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/: --(param|format) needs a value\n/);
      expect(result.stderr).not.toMatch(RAW);
    }
  });

  it('new --from-alert with a missing, unreadable or broken payload', async () => {
    const dir = tempDir('runbook-messages-');
    writeFileSync(join(dir, 'broken.json'), '{"alerts": [}');
    const cases: [string, string][] = [
      ['missing.json', 'Cannot read the Alertmanager payload missing.json: no such file'],
      ['.', 'Cannot read the Alertmanager payload .: it cannot be read (permission denied, or not a file)'],
      ['broken.json', 'Cannot read the Alertmanager payload broken.json: it is not valid JSON'],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(['new', 'api-down', '--from-alert', file], { cwd: dir });
      expect(result.code, file).toBe(2);
      expect(result.stderr, file).toContain(message);
      expect(result.stderr, file).not.toMatch(RAW);
    }
  });

  it('new --from-alert with JSON that is not an Alertmanager webhook says why in the chosen language', async () => {
    const dir = tempDir('runbook-messages-');
    const payloads: [string, unknown, { en: string; 'zh-CN': string }][] = [
      ['list.json', [], { en: 'not a JSON object', 'zh-CN': '不是 JSON 对象' }],
      ['v3.json', { version: '3', alerts: [{}] }, { en: 'webhook version "3", expected "4"', 'zh-CN': 'webhook 版本为 "3"，应为 "4"' }],
      ['empty.json', { version: '4', alerts: [] }, { en: 'no "alerts" in the payload', 'zh-CN': '负载中没有 "alerts"' }],
      ['nameless.json', { version: '4', alerts: [{ labels: { service: 'api' } }] }, { en: 'the alert has no alertname label', 'zh-CN': '该告警没有 alertname 标签' }],
    ];
    for (const [file, payload, why] of payloads) {
      writeFileSync(join(dir, file), JSON.stringify(payload));
      const en = await runCli(['new', 'api-down', '--from-alert', file], { cwd: dir });
      expect(en.code, file).toBe(2);
      expect(en.stderr, file).toContain(`Cannot read the Alertmanager payload ${file}: ${why.en}\n`);
      for (const zh of [await runCli(['new', 'api-down', '--from-alert', file, '--lang', 'zh-CN'], { cwd: dir }), await runCli(['new', 'api-down', '--from-alert', file], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } })]) {
        expect(zh.code, file).toBe(2);
        expect(zh.stderr, file).toContain(`无法读取 Alertmanager 负载 ${file}：${why['zh-CN']}\n`);
      }
    }
  });
});
