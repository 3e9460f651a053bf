// The risky shipped playbooks tell the notification-gateway when a run fails (their `on_failure` hook):
// in the sandbox the built-in gateway records the message, with the status, the failed step and the journal.
import { describe, expect, it } from 'vitest';
import { explain, play, withSandbox } from './harness.js';
import { rollbackFailures } from './rollback-cases.js';
import { hookSteps } from '../../src/engine/plan.js';

/** Cases whose fault leaves the gateway itself down or failing: the hook fails, is reported, and changes nothing. */
const gatewayDown = new Set(['mlflow-permissions', 'fix-weixin-credentials']);

describe.each(rollbackFailures)('$name', (c) => {
  it('on_failure tells the gateway how the run ended (or is reported when the gateway is down)', async () => {
    await withSandbox(c.fault, async (sb) => {
      const run = await play(sb, c.name, c.params);
      expect(run.result.status, explain(run)).toBe('rollback_failed');
      expect(hookSteps(run.plan).map((s) => s.id), `${c.name} has an on_failure notify`).toEqual(['tell_gateway']);
      expect(run.result.hook).toBe('on_failure');
      if (gatewayDown.has(c.name)) {
        expect(run.result.hooksFailed).toEqual(['tell_gateway']);
        expect(run.result.exitCode).toBe(4);
        return;
      }
      expect(run.result.hooksFailed).toBeUndefined();
      const sent = sb.state().alerts.filter((a) => a.title === `runbook ${c.name}: rollback_failed`);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toContain(`Failed step: ${c.failedStep}.`);
      expect(sent[0]!.text).toContain(run.result.journalDir);
    });
  });
});
