// Every shipped playbook in the sandbox: it fixes its problem, a rerun skips what is done, a failure rolls back to the state before.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { alreadyDone, explain, missingKept, play, repoRoot, rollbacks, snapshot, withSandbox } from './harness.js';
import { cases } from './cases.js';

const shipped = readdirSync(join(repoRoot, 'runbooks'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

it('every shipped playbook has a sandbox case', () => {
  expect(cases.map((c) => c.name).sort()).toEqual(shipped);
});

describe.each(cases)('$name', (c) => {
  it('fixes the problem in the sandbox, and a rerun skips every step whose check passes', async () => {
    await withSandbox(c.fault, async (sb) => {
      const first = await play(sb, c.name, c.params);
      expect(first.result.status, explain(first)).toBe('ok');
      await c.fixed(sb);

      const second = await play(sb, c.name, c.params);
      expect(second.result.status, explain(second)).toBe('ok');
      const withCheck = second.plan.steps.filter((s) => s.check && s.when?.text !== 'false').map((s) => s.id);
      // Included playbooks report their steps as `<step>.<child>`; only this playbook's own steps count here.
      expect(alreadyDone(second.events).filter((id) => !id.includes('.'))).toEqual(withCheck);
    });
  });

  it(`fails with ${c.failure.fault || 'its failure parameters'} and leaves the sandbox as it was, but for the backups it made`, async () => {
    await withSandbox(c.failure.fault || undefined, async (sb) => {
      const keeps = c.failure.keeps ?? [];
      const before = snapshot(sb);
      expect(missingKept(sb, keeps)).toEqual(keeps.map(String));
      const run = await play(sb, c.name, { ...c.params, ...c.failure.params });
      expect(run.result.status, explain(run)).toBe('failed');
      expect(run.result.exitCode).toBe(1);
      const rolled = rollbacks(run.events);
      if (c.failure.rollsBack) expect(rolled.length).toBeGreaterThan(0);
      else expect(rolled).toEqual([]);
      expect(rolled.every((r) => r.ok)).toBe(true);
      expect(snapshot(sb, keeps)).toEqual(before);
      expect(missingKept(sb, keeps)).toEqual([]);
    });
  });
});

it('clip-cache-fix refuses a corrupt offline bundle before it changes anything (exit 3)', async () => {
  await withSandbox('clip-cache-missing,clip-bundle-corrupt', async (sb) => {
    const before = snapshot(sb);
    const run = await play(sb, 'clip-cache-fix');
    expect(run.result.status, explain(run)).toBe('precondition_failed');
    expect(run.result.exitCode).toBe(3);
    expect(snapshot(sb)).toEqual(before);
  });
});

it('model-rollback puts the previous models back when /reload/primary fails, and keeps its backup', async () => {
  await withSandbox('reload-fails', async (sb) => {
    const keeps = [/^backups\/models-before-20261125T030000(\/|$)/];
    const before = snapshot(sb);
    const run = await play(sb, 'model-rollback');
    expect(run.result.failedStep).toBe('reload');
    expect(rollbacks(run.events).map((r) => r.id)).toEqual(['restore']);
    expect(snapshot(sb, keeps)).toEqual(before);
    expect(missingKept(sb, keeps)).toEqual([]);
  });
});

it('fix-weixin-credentials never shows the new secret in any event', async () => {
  await withSandbox('weixin-credentials-invalid', async (sb) => {
    const run = await play(sb, 'fix-weixin-credentials');
    expect(run.result.status, explain(run)).toBe('ok');
    expect(sb.vars.weixin_secret).toMatch(/^sbx-[0-9a-f]{24}$/);
    expect(JSON.stringify(run.events)).not.toContain(sb.vars.weixin_secret);
  });
});

describe.each(['mlflow-permissions', 'fix-permissions', 'fix-data-dir', 'clip-cache-fix', 'fix-weixin-credentials'])('%s on a healthy stack', (name) => {
  it('changes nothing', async () => {
    await withSandbox(undefined, async (sb) => {
      const before = snapshot(sb);
      const run = await play(sb, name);
      expect(run.result.status, explain(run)).toBe('ok');
      expect(snapshot(sb)).toEqual(before);
    });
  });
});
