// Runs an inline playbook through the engine in a sandbox (as `play --sandbox --yes` does), collecting its events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlaybook } from '../../src/engine/compile.js';
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import { runPlan, type RunResult } from '../../src/engine/run/runner.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface PlayedText {
  result: RunResult;
  events: RunEvent[];
  /** Everything the steps printed on stderr. */
  stderr: string;
  stdout: string;
}

/** Runs a compiled plan as `play --sandbox --yes` does, in a throw-away runbook home, collecting every event. */
export async function runInSandbox(sb: Sandbox, plan: CompiledPlan): Promise<{ result: RunResult; events: RunEvent[] }> {
  const home = mkdtempSync(join(tmpdir(), 'runbook-sandbox-home-'));
  const events: RunEvent[] = [];
  try {
    const result = await runPlan(plan, {
      home,
      yes: true,
      interactive: false,
      env: process.env,
      extraEnv: sb.env,
      cwd: sb.dir,
      reporter: { onEvent: (e) => events.push(e) },
    });
    return { result, events };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export async function playText(sb: Sandbox, yaml: string): Promise<PlayedText> {
  const plan = await compilePlaybook(loadPlaybookText('inline.yaml', yaml), { sandbox: sb.vars, env: {} });
  const { result, events } = await runInSandbox(sb, plan);
  const out = (stream: 'stdout' | 'stderr') => events.map((e) => (e.type === 'step.output' && e.stream === stream ? e.text : '')).join('');
  return { result, events, stderr: out('stderr'), stdout: out('stdout') };
}
