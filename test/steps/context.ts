// An ActionContext for step tests, collecting output.
import type { Rendered } from '../../src/engine/plan.js';
import type { ActionContext } from '../../src/steps/context.js';
import { engineText } from '../../src/i18n/engine.js';

export function testContext(overrides: Partial<ActionContext> = {}): ActionContext & { out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  return {
    signal: new AbortController().signal,
    forceSignal: new AbortController().signal,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    cwd: process.cwd(),
    timeoutMs: 5_000,
    killGraceMs: 200,
    output: { push: (stream, chunk) => (out[stream] += chunk.toString()) },
    render: (t: Rendered) => t.text,
    command: (t: Rendered) => ({ command: t.text, env: {} }),
    redact: (text) => text,
    t: engineText('en'),
    ...overrides,
    out,
  };
}
