// The owner-changing playbooks again, with owners simulated as on a laptop without root (chown/stat shims).
import { describe, expect, it } from 'vitest';
import { alreadyDone, explain, missingKept, play, rollbacks, snapshot, withSandbox } from './harness.js';
import { cases } from './cases.js';

process.env.RUNBOOK_SANDBOX_SIMULATE_OWNERS = '1';

describe.each(cases.filter((c) => ['mlflow-permissions', 'fix-permissions', 'clip-cache-fix'].includes(c.name)))('$name with simulated owners', (c) => {
  it('fixes, skips on rerun, and rolls back to the owners before', async () => {
    await withSandbox(c.fault, async (sb) => {
      expect(sb.vars.owners_simulated).toBe('true');
      const first = await play(sb, c.name, c.params);
      expect(first.result.status, explain(first)).toBe('ok');
      await c.fixed(sb);
      const second = await play(sb, c.name, c.params);
      expect(alreadyDone(second.events).length).toBeGreaterThan(0);
    });
    await withSandbox(c.failure.fault, async (sb) => {
      const keeps = c.failure.keeps ?? [];
      const before = snapshot(sb);
      const run = await play(sb, c.name, { ...c.params, ...c.failure.params });
      expect(run.result.status, explain(run)).toBe('failed');
      expect(rollbacks(run.events).every((r) => r.ok)).toBe(true);
      // Back to the owners before; the records of the previous owners stay, as no rollback deletes them.
      expect(snapshot(sb, keeps)).toEqual(before);
      expect(missingKept(sb, keeps)).toEqual([]);
    });
  });
});
