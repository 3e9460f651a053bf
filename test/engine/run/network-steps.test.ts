// http, wait and notify steps inside a run: health checks, polling, and secrets masked in notifications.
import { describe, expect, it } from 'vitest';
import type { PlanStep } from '../../../src/engine/plan.js';
import { MASK } from '../../../src/engine/redact.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { serve } from '../../steps/server.js';
import { collector, deferred, env, plan, rendered, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

const httpStep = (id: string, url: string, extra: Partial<PlanStep> = {}): PlanStep => ({
  ...step(id, 'true'),
  action: { kind: 'http', request: { method: 'GET', url: rendered(url, 'url'), headers: [], bodyIsJson: false, json: [{ path: 'status', expected: 'healthy' }], timeoutMs: 2_000 } },
  ...extra,
});

describe('network steps in a run', () => {
  it('a health check, a wait that polls until ready, and the body as JSON output for later steps', async () => {
    let calls = 0;
    const { url } = await serve((req, res) => {
      if (req.url === '/ready') {
        calls += 1;
        res.statusCode = calls < 3 ? 503 : 200;
        return res.end();
      }
      res.end(JSON.stringify({ status: 'healthy', version: '1.2.3' }));
    });
    const home = tempDir();
    const out = `${tempDir()}/version`;
    const result = await runPlan(
      plan([
        httpStep('health', `${url}/health`, { parse: 'json' }),
        { ...step('ready', 'true'), action: { kind: 'wait', probe: { kind: 'http', request: { method: 'GET', url: rendered(`${url}/ready`, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 1_000 } }, intervalMs: 10, timeoutMs: 2_000 } },
        step('use', deferred(`printf '%s' {{steps.health.json.version}} > ${out}`)),
      ]),
      { home },
    );
    expect(result.status).toBe('ok');
    expect(calls).toBe(3);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe('1.2.3');
  });

  it('notifications never carry a secret', async () => {
    const { url, requests } = await serve((_req, res) => res.end('{"errcode":0}'));
    const home = tempDir();
    const reporter = collector();
    const result = await runPlan(
      plan([{ ...step('tell', 'true'), action: { kind: 'notify', via: 'wecom', url: rendered(url, 'url'), title: rendered('done', 'text'), message: rendered('rotated key sk-live-123456 ok', 'text') } }], {
        env: [env('API_KEY', 'sk-live-123456', true)],
      }),
      { home, reporter },
    );
    expect(result.status).toBe('ok');
    expect(requests[0]!.body).not.toContain('sk-live-123456');
    expect(JSON.parse(requests[0]!.body).markdown.content).toBe(`**done**\nrotated key ${MASK} ok`);
  });
});
