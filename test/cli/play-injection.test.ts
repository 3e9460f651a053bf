// Hostile values through every template site of a real `runbook play`: no value ever runs as shell code, and each arrives whole.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace, writePlaybook } from './play-helpers.js';

/** Values that would run `touch <sentinel>` if any reached the shell as source. */
function hostileValues(sentinel: string): string[] {
  return [
    `$(touch ${sentinel})`,
    `\`touch ${sentinel}\``,
    `'; touch ${sentinel}; '`,
    `"; touch ${sentinel}; "`,
    `x\ntouch ${sentinel}`,
    `; touch ${sentinel}`,
    `\\'; touch ${sentinel} #`,
    `$(touch ${sentinel}) #`,
    '${IFS}',
    '--',
    "it's \"quoted\" \\ $HOME",
  ];
}

const child = `name: child
title: Included
params:
  cv: { required: true }
  out: { required: true }
preconditions:
  - run: printf '%s' {{cv}} > {{out}}/child-pre
steps:
  - id: c1
    run: printf '%s' {{cv}} > {{out}}/child-run
    rollback: printf '%s' {{cv}} > {{out}}/child-rollback
`;

/** Every site where a shell template runs; each command records the value it received in its own file. */
const parent = `name: sites
title: Every template site
params:
  msg: { default: x }
  out: { required: true }
  fail: { type: boolean, default: false }
preconditions:
  - run: printf '%s' {{msg}} > {{out}}/pre
postconditions:
  - run: printf '%s' {{msg}} > {{out}}/post; printf '%s' {{steps.first.stdout}} > {{out}}/post-deferred
steps:
  - id: first
    run: printf '%s' "$MSG"
    env: { MSG: '{{msg}}' }
  - id: every
    check: { run: "printf '%s' {{msg}} > {{out}}/check; false" }
    run: printf '%s' {{msg}} > {{out}}/run; printf '%s' {{steps.first.stdout}} > {{out}}/run-deferred; printf '%s' {{upper msg}} > {{out}}/run-helper
    verify: printf '%s' {{msg}} > {{out}}/verify
    rollback:
      run: printf '%s' {{msg}} > {{out}}/rollback; printf '%s' {{steps.first.stdout}} > {{out}}/rollback-deferred
      verify: printf '%s' {{msg}} > {{out}}/rollback-verify
  - id: waiting
    wait: { run: "printf '%s' {{msg}} > {{out}}/wait", interval: 100ms, timeout: 20s }
  - id: nested
    playbook: { path: child.yaml, params: { cv: '{{msg}}', out: '{{out}}' } }
  - id: last
    run: test {{fail}} = false
finally:
  - id: fin
    run: printf '%s' {{msg}} > {{out}}/finally; printf '%s' {{steps.first.stdout}} > {{out}}/finally-deferred
`;

function setup(): { dir: string; sentinel: string } {
  const dir = workspace();
  writePlaybook(dir, 'sites.yaml', parent);
  writePlaybook(dir, 'child.yaml', child);
  return { dir, sentinel: join(dir, 'PWNED') };
}

async function play(dir: string, file: string, params: string[]) {
  return runCli(['play', file, '--yes', '--output', 'plain', '--home', join(dir, 'home'), ...params.flatMap((p) => ['-p', p])], { cwd: dir });
}

function received(out: string, site: string): string {
  return readFileSync(join(out, site), 'utf8');
}

describe('hostile values in every template site of a real run', () => {
  it.each(hostileValues('<sentinel>').map((v, i) => [i, v] as const))('value %i never runs, and arrives whole (%j)', async (i) => {
    const { dir, sentinel } = setup();
    const value = hostileValues(sentinel)[i]!;
    const chomped = value.replace(/\n+$/, '');

    const okOut = join(dir, 'ok');
    mkdirSync(okOut);
    const ok = await play(dir, 'sites.yaml', [`msg=${value}`, `out=${okOut}`]);
    expect(ok.stderr).toBe('');
    expect(ok.code, ok.stdout).toBe(0);
    for (const site of ['pre', 'check', 'run', 'verify', 'wait', 'child-pre', 'child-run', 'post', 'finally']) expect(received(okOut, site), site).toBe(value);
    for (const site of ['run-deferred', 'post-deferred', 'finally-deferred']) expect(received(okOut, site), site).toBe(chomped);
    expect(received(okOut, 'run-helper')).toBe(value.toUpperCase());

    const failOut = join(dir, 'failed');
    mkdirSync(failOut);
    const failed = await play(dir, 'sites.yaml', [`msg=${value}`, `out=${failOut}`, 'fail=true']);
    expect(failed.code, failed.stdout).toBe(1);
    for (const site of ['rollback', 'rollback-verify', 'child-rollback', 'finally']) expect(received(failOut, site), site).toBe(value);
    expect(received(failOut, 'rollback-deferred')).toBe(chomped);

    expect(existsSync(sentinel)).toBe(false);
  });
});

describe('the shapes that fooled the quote tracker', () => {
  const shapes: [string, (msg: string) => string][] = [
    ["a `'` in a comment", () => "# don't panic\necho '{{msg}}'"],
    ['ANSI-C quoting', () => "echo $'it\\'s {{msg}}'"],
    ['a here-document inside backticks', () => 'x=`cat <<EOF\n{{msg}}\nEOF\n`\necho "$x"'],
    ['a backslash before a template', () => 'echo \\\\{{msg}}'],
  ];

  it.each(shapes)('%s: validate and play refuse it, nothing runs', async (_shape, command) => {
    const dir = workspace();
    const sentinel = join(dir, 'PWNED');
    const yaml = `name: shape\ntitle: Shape\nparams:\n  msg: { default: x }\nsteps:\n  - id: a\n    run: ${JSON.stringify(command(''))}\n`;
    writePlaybook(dir, 'shape.yaml', yaml);
    const validate = await runCli(['validate', 'shape.yaml'], { cwd: dir });
    expect(validate.code, validate.stdout + validate.stderr).toBe(2);
    expect(validate.stdout + validate.stderr).toMatch(/shape\.yaml:\d+:\d+: error: .*\{\{msg\}\}/);
    for (const value of [`$(touch ${sentinel})`, `$(touch ${sentinel}) #`, `x'; touch ${sentinel}; #`]) {
      const result = await play(dir, 'shape.yaml', [`msg=${value}`]);
      expect(result.code).toBe(2);
    }
    expect(existsSync(sentinel)).toBe(false);
  });

  it('keeps the value out of the command line a process shows (ps, /proc/<pid>/cmdline)', async () => {
    const dir = workspace();
    const value = 'visible-in-ps-would-be-bad';
    writePlaybook(dir, 'ps.yaml', `name: ps\ntitle: PS\nparams:\n  msg: { default: x }\n  out: { required: true }\nsteps:\n  - id: a\n    run: tr '\\0' ' ' < /proc/$$/cmdline > {{out}}/cmdline; echo {{msg}} > /dev/null\n`);
    writeFileSync(join(dir, 'cmdline'), '');
    const result = await play(dir, 'ps.yaml', [`msg=${value}`, `out=${dir}`]);
    expect(result.code, result.stdout).toBe(0);
    const cmdline = readFileSync(join(dir, 'cmdline'), 'utf8');
    expect(cmdline).toContain('"${RUNBOOK_V_2}"');
    expect(cmdline).not.toContain(value);
  });
});
