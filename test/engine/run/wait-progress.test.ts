// A wait step tells the reporters each poll and the time left (`step.polled`), reasons redacted like every other.
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, plan, rendered, step } from './plan-builder.js';
import { param } from '../../helpers/plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { serve } from '../../steps/server.js';

describe('wait step progress', () => {
  it('emits step.polled before each poll, with the time left and the last reason, secrets masked', async () => {
    let calls = 0;
    const { url } = await serve((_req, res) => {
      calls += 1;
      res.statusCode = calls < 2 ? 503 : 200;
      res.end();
    });
    const reporter = collector();
    const request = { method: 'GET' as const, url: rendered(`${url}/ready?token=s3cr3t-token`, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 1_000 };
    const wait = { ...step('ready', ''), action: { kind: 'wait' as const, probe: { kind: 'http' as const, request }, intervalMs: 20, timeoutMs: 5_000 } };
    const result = await runPlan(plan([wait], { params: [param('token', 's3cr3t-token', { secret: true, source: 'given' })] }), { home: tempDir(), reporter });
    expect(result.status).toBe('ok');
    const polled = reporter.of('step.polled');
    expect(polled.map((e) => [e.id, e.poll])).toEqual([
      ['ready', 1],
      ['ready', 2],
    ]);
    expect(polled[0]!.remainingMs).toBeGreaterThan(4_000);
    expect(polled[0]!.reason).toBeUndefined();
    expect(polled[1]!.reason).toContain('HTTP 503');
    expect(JSON.stringify(reporter.events)).not.toContain('s3cr3t-token');
  });
});
