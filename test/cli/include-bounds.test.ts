// Include graphs: validate, lint, plan and review agree on cycles, depth and fan-out, and refuse a fan-out at once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { MAX_INCLUDE_DEPTH, MAX_INCLUDED_STEPS } from '../../src/engine/include-graph.js';

function playbook(name: string, includes: string[], steps = 1): string {
  const lines = [`name: ${name}`, `title: ${name}`, 'steps:'];
  for (let i = 0; i < steps; i++) lines.push(`  - id: s${i}`, '    run: "true"');
  includes.forEach((file, i) => lines.push(`  - id: inc${i}`, '    playbook:', `      path: ${file}`));
  return lines.join('\n') + '\n';
}

/** `levels` files, each including the next one `fanout` times: fanout^levels steps once expanded. */
function fanOut(dir: string, levels: number, fanout: number): string {
  for (let level = 0; level < levels; level++) {
    const next = level + 1 < levels ? Array.from({ length: fanout }, () => `f${level + 1}.yaml`) : [];
    writeFileSync(join(dir, `f${level}.yaml`), playbook(`f${level}`, next));
  }
  return 'f0.yaml';
}

const commands = (file: string, home: string): string[][] => [
  ['validate', file],
  ['lint', file],
  ['plan', file],
  ['play', file, '--yes', '--home', home],
];

describe('include graphs', () => {
  it('8 files × 10 includes each: every command refuses at once, at the include step (exit 2)', async () => {
    const dir = tempDir();
    const file = fanOut(dir, 8, 10);
    for (const args of commands(file, join(dir, 'home'))) {
      const result = await runbook(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout + result.stderr, args.join(' ')).toMatch(/f0\.yaml:8:13\b/);
      expect(result.stdout + result.stderr, args.join(' ')).toContain(`bring in more than ${MAX_INCLUDED_STEPS} steps`);
    }
  }, 60_000);

  it('a cycle is reported by validate and lint as plan reports it, with its chain', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), playbook('a', ['b.yaml']));
    writeFileSync(join(dir, 'b.yaml'), playbook('b', ['c.yaml']));
    writeFileSync(join(dir, 'c.yaml'), playbook('c', ['a.yaml']));
    for (const args of commands('a.yaml', join(dir, 'home'))) {
      const result = await runbook(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout + result.stderr, args.join(' ')).toContain('a.yaml → b.yaml → c.yaml → a.yaml');
    }
    const validate = await runbook(['validate', 'a.yaml'], { cwd: dir });
    expect(validate.stdout).toMatch(/^a\.yaml:8:13: error: playbook includes itself: a\.yaml → b\.yaml → c\.yaml → a\.yaml$/m);
  });

  it(`includes nested deeper than ${MAX_INCLUDE_DEPTH} playbooks are refused by validate too`, async () => {
    const dir = tempDir();
    const ok = fanOut(dir, MAX_INCLUDE_DEPTH, 1);
    expect((await runbook(['validate', ok], { cwd: dir })).code).toBe(0);
    expect((await runbook(['plan', ok], { cwd: dir })).code).toBe(0);
    const deep = tempDir();
    const file = fanOut(deep, MAX_INCLUDE_DEPTH + 1, 1);
    for (const args of [['validate', file], ['plan', file]]) {
      const result = await runbook(args, { cwd: deep });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout + result.stderr).toContain(`includes nest deeper than ${MAX_INCLUDE_DEPTH} playbooks`);
    }
  });

  it('a shared playbook included many times is fine while the steps stay under the bound', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lib.yaml'), playbook('lib', [], 5));
    writeFileSync(join(dir, 'main.yaml'), playbook('main', Array.from({ length: 40 }, () => 'lib.yaml')));
    for (const args of [['validate', 'main.yaml'], ['plan', 'main.yaml']]) {
      const result = await runbook(args, { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
  });
});
