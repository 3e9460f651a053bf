// `runbook new` follows the safety rules of import/record: destructive commands behind a gate, a matching risk, lint-clean output.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftFromAlert, type AlertPayload } from '../../src/authoring/new/from-alert.js';
import { draftFromAnswers, type WizardAnswers } from '../../src/authoring/new/model.js';
import { emitDraft } from '../../src/authoring/emit.js';
import type { Draft } from '../../src/authoring/draft.js';
import type { Playbook } from '../../src/engine/playbook.gen.js';
import { lintFiles } from '../../src/review/lint/lint.js';
import { authoringText } from '../../src/i18n/authoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { expectValidDraft, t } from './helpers.js';

/** Writes the draft as `new` does and lints it: the error-level findings (lint exits 1 on any). */
async function lintErrors(draft: Draft): Promise<string[]> {
  const file = join(tempDir('runbook-new-safety-'), `${draft.playbook.name}.yaml`);
  writeFileSync(file, emitDraft(draft, './schemas/playbook.schema.json'));
  const [result] = await lintFiles([file], { lang: 'en', cwd: process.cwd(), follow: true });
  expect(result!.invalid, JSON.stringify(result)).toBeFalsy();
  return result!.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
}

const destructive: WizardAnswers = {
  name: 'wipe-cache',
  title: 'Wipe the cache',
  risk: 'low',
  params: [{ name: 'cache_dir', default: '/var/lib/app/cache' }, { name: 'owner', default: '50000:50000' }, { name: 'target' }],
  steps: [
    { run: 'docker compose down' },
    { run: 'rm -rf {{cache_dir}}' },
    { run: 'chown -R {{owner}} {{target}}' },
    { run: 'redis-cli FLUSHALL', rollback: 'redis-cli DEBUG RELOAD' },
    { run: 'docker compose up -d' },
  ],
};

describe('new: the wizard applies the safety rules', () => {
  it('puts a confirmation gate before every destructive command and makes the risk high', async () => {
    const draft = draftFromAnswers(destructive, t);
    const { playbook } = await expectValidDraft(draft);
    expect(playbook.risk).toBe('high');
    const steps = playbook.steps as { id: string; run?: string; confirm?: unknown }[];
    for (const command of ['docker compose down', 'rm -rf {{cache_dir}}', 'chown -R {{owner}} {{target}}', 'redis-cli FLUSHALL']) {
      const index = steps.findIndex((s) => s.run === command);
      expect(steps[index - 1]?.confirm, command).toBeDefined();
    }
    expect(draft.todos.filter((x) => x.kind === 'destructive')).toHaveLength(4);
    expect(draft.notes.some((n) => n.path[0] === 'risk' && n.text.includes('from low to high'))).toBe(true);
  });

  it('writes what lint passes: no error-level finding (gates, compose up as rollback, patterns on destroyed params)', async () => {
    const draft = draftFromAnswers(destructive, t);
    expect(await lintErrors(draft)).toEqual([]);
    const params = draft.playbook.params as Record<string, { pattern?: string; default?: string }>;
    // The proposed patterns keep the defaults valid and refuse the dangerous values.
    for (const name of ['cache_dir', 'owner', 'target']) expect(params[name]!.pattern, name).toBeDefined();
    const path = new RegExp(`^(?:${params.cache_dir!.pattern!})$`, 'u');
    expect(path.test('/var/lib/app/cache')).toBe(true);
    for (const bad of ['/', '/var/../etc', '$(reboot)', 'a b', '']) expect(path.test(bad), bad).toBe(false);
  });

  it('a state change without a rollback gets the proposed undo, or a placeholder that fails', () => {
    const { playbook } = draftFromAnswers({ ...destructive, steps: [{ run: 'docker compose stop api' }, { run: 'touch /tmp/x' }] }, t);
    const steps = playbook.steps as { run?: string; rollback?: string }[];
    expect(steps[0]!.rollback).toBe('docker compose start api');
    expect(steps[1]!.rollback).toMatch(/exit 1$/);
    expect(playbook.risk).toBe('low');
  });

  it('says the raised risk in Chinese with the same words as everywhere else', () => {
    const draft = draftFromAnswers(destructive, authoringText('zh-CN'), 'zh-CN');
    expect(draft.notes.find((n) => n.path[0] === 'risk')?.text).toContain('风险由低提升为高');
  });
});

describe('new --from-alert applies the same rules', () => {
  const payload = JSON.parse(readFileSync(new URL('../fixtures/authoring/alertmanager-webhook.json', import.meta.url), 'utf8')) as AlertPayload;

  it('a scaffold is lint-clean, and its risk follows the severity (never below what its commands need)', async () => {
    const critical = draftFromAlert(payload, 'api-down', t);
    expect(await lintErrors(critical)).toEqual([]);
    expect(critical.playbook.risk).toBe('high');
    const warning = { ...payload, commonLabels: { ...payload.commonLabels, severity: 'warning' }, alerts: payload.alerts!.map((a) => ({ ...a, labels: { ...a.labels, severity: 'warning' } })) };
    const draft = draftFromAlert(warning, 'api-slow', t);
    expect(await lintErrors(draft)).toEqual([]);
    expect((parse(emitDraft(draft, './x.json')) as Playbook).risk).toBe('medium');
  });
});
