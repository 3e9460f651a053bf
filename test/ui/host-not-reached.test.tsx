// A host that was never connected (nothing ran there) is not said to have an unknown outcome, as a host lost during a
// command is: the live hosts panel, the plain lines and `logs` say "not reached", in English and Chinese.
import './ink/no-color.js';
import { PassThrough } from 'node:stream';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import type { Lang } from '../../src/engine/text.js';
import { App } from '../../src/ui/ink/App.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { applyEvent, createRunView } from '../../src/ui/run-view.js';
import { describeEvent } from '../../src/cli/commands/logs.js';
import { engineText } from '../../src/i18n/engine.js';
import { syntheticPlan } from './synthetic.js';

const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
const events: RunEvent[] = [
  { ...base, type: 'run.started', playbook: { name: 'deploy', title: 'deploy', risk: 'medium', file: 'd.yaml' }, params: [], sandbox: false, journalDir: 'j', totalSteps: 1 },
  { ...base, type: 'hosts.planned', pattern: 'api', hosts: ['api-1', 'api-2'], batches: [['api-1', 'api-2']], maxFail: 2 },
  { ...base, type: 'batch.started', batch: 1, of: 1, hosts: ['api-1', 'api-2'] },
  { ...base, type: 'host.finished', host: 'api-1', status: 'unreachable', batch: 1, reason: 'host api-1 is unreachable: connection refused', reached: false },
  { ...base, type: 'host.finished', host: 'api-2', status: 'unreachable', batch: 1, reason: 'host api-2: the connection was lost' },
];

const words = {
  en: { notReached: 'not reached (nothing ran there)', lost: 'unreachable (outcome unknown)' },
  'zh-CN': { notReached: '未连上（未在其上执行任何操作）', lost: '不可达（结果未知）' },
} as const;

function plainLines(lang: Lang): string {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const reporter = createPlainReporter({ lang, stdout: out, stderr: new PassThrough(), plan: syntheticPlan(), quiet: false, env: {} });
  for (const event of events) reporter.onEvent(event);
  return Buffer.concat(chunks).toString('utf8');
}

describe('a host never connected', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`is "not reached" in the hosts panel, apart from a host lost during a command (${lang})`, () => {
      const view = createRunView(undefined, lang);
      for (const event of events) applyEvent(view, event, lang);
      const { lastFrame } = render(<App view={view} lang={lang} now={Date.parse(base.time)} columns={120} rows={24} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} feed={{ batch: 0, items: [] }} />);
      const lines = (lastFrame() ?? '').split('\n');
      expect(lines.find((l) => /\bapi-1\b/.test(l))).toContain(words[lang].notReached);
      expect(lines.find((l) => /\bapi-2\b/.test(l))).toContain(words[lang].lost);
    });

    it(`is "not reached" in the plain lines (${lang})`, () => {
      const text = plainLines(lang);
      expect(text).toMatch(new RegExp(`✗ api-1  ${words[lang].notReached.replace(/[()]/g, '\\$&')} · host api-1`));
      expect(text).toMatch(new RegExp(`✗ api-2  ${words[lang].lost.replace(/[()]/g, '\\$&')} · host api-2`));
    });

    it(`is "not reached" in runbook logs (${lang})`, () => {
      const said = (event: RunEvent) => describeEvent(event, engineText(lang), lang);
      expect(said(events[3]!)).toContain(`[api-1] ${words[lang].notReached} — host api-1`);
      expect(said(events[4]!)).toContain(`[api-2] ${words[lang].lost} — host api-2`);
    });
  }
});
