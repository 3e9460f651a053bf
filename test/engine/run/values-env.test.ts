// A command's values reach it through its environment: even where the quote tracker is wrong, a value never runs as code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rendered } from '../../../src/engine/plan.js';
import { parseTemplate } from '../../../src/engine/template.js';
import { compileTemplate } from '../../../src/engine/template-render.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { param } from '../../helpers/plan-builder.js';
import { collector, plan, step } from './plan-builder.js';

/**
 * A command as the compiler would have produced it had its checks missed the template's place: the
 * plan's text has the value inline (how plans show it), the source is the template as written.
 */
function misread(source: string, value: string): Rendered {
  const parsed = parseTemplate(source, 'shell');
  const text = compileTemplate({ ...parsed, issues: [] }, new Set())({ msg: value });
  return { text, source, kind: 'shell', deferred: false, raw: [] };
}

describe('values in the environment, whatever the quote tracker concludes', () => {
  const shapes = [
    "# don't panic\necho '{{msg}}'",
    "echo $'it\\'s {{msg}}'",
    'x=`cat <<EOF\n{{msg}}\nEOF\n`\necho "$x"',
    'echo \\\\{{msg}}',
    'echo "{{msg}}"',
    "echo '{{msg}}'",
  ];

  it.each(shapes)('%j runs no value as code', async (source) => {
    const dir = tempDir();
    const sentinel = join(dir, 'PWNED');
    for (const value of [`$(touch ${sentinel})`, `$(touch ${sentinel}) #`, `x'; touch ${sentinel}; #`, `\`touch ${sentinel}\``]) {
      const command = misread(source, value);
      const result = await runPlan(plan([step('a', command)], { params: [param('msg', value)] }), { home: join(dir, 'home') });
      expect(['ok', 'failed']).toContain(result.status);
    }
    expect(existsSync(sentinel)).toBe(false);
  });

  it('shows the value in events (as plans do) while the process gets only a reference', async () => {
    const dir = tempDir();
    const source = `tr '\\0' ' ' < /proc/$$/cmdline > ${dir}/cmdline; echo {{msg}}`;
    const reporter = collector();
    const command: Rendered = { text: `tr '\\0' ' ' < /proc/$$/cmdline > ${dir}/cmdline; echo 'a b'`, source, kind: 'shell', deferred: false, raw: [] };
    const result = await runPlan(plan([step('a', command)], { params: [param('msg', 'a b')] }), { home: join(dir, 'home'), reporter });
    expect(result.status).toBe('ok');
    expect(reporter.of('step.started')[0]!.command).toContain("echo 'a b'");
    expect(readFileSync(join(dir, 'cmdline'), 'utf8')).toContain('echo "${RUNBOOK_V_1}"');
    expect(reporter.of('step.output').map((e) => e.text).join('')).toBe('a b\n');
  });

  it('cannot be overridden by a variable of the playbook or the sandbox', async () => {
    const dir = tempDir();
    const reporter = collector();
    const source = 'echo {{msg}}';
    const command: Rendered = { text: 'echo real', source, kind: 'shell', deferred: false, raw: [] };
    const steps = [step('a', command, { env: [{ name: 'RUNBOOK_V_1', value: { text: 'forged', source: 'forged', kind: 'text', deferred: false, raw: [] }, secret: false }] })];
    await runPlan(plan(steps, { params: [param('msg', 'real')] }), { home: join(dir, 'home'), reporter, extraEnv: { RUNBOOK_V_1: 'forged' } });
    expect(reporter.of('step.output').map((e) => e.text).join('')).toBe('real\n');
  });
});
