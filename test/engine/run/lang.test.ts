// Events carry the playbook's own step and precondition names in the run's language.
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, plan, probe, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('names in the run language', () => {
  it('uses the zh-CN names when the run is in Chinese, and the English ones otherwise', async () => {
    const build = () =>
      plan([step('fix', 'true', { name: { en: 'fix the owner', 'zh-CN': '修正属主' } })], {
        preconditions: [probe('true', { name: { en: 'disk is there', 'zh-CN': '磁盘存在' } })],
      });
    for (const [lang, stepText, probeText] of [
      ['zh-CN', '修正属主', '磁盘存在'],
      ['en', 'fix the owner', 'disk is there'],
    ] as const) {
      const reporter = collector();
      await runPlan(build(), { home: tempDir(), reporter, lang });
      expect(reporter.of('step.started')[0]!.name).toBe(stepText);
      expect(reporter.of('probe.started')[0]!.name).toBe(probeText);
    }
  });
});
