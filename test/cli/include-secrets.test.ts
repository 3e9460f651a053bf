// Secrecy travels with a value into an included playbook: never on the child's command line, in a plan, a review or the journal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'hunter2-include-secret';

const parent = `name: parent
title: Parent
params:
  token: { secret: true }
  out: { required: true }
steps:
  - id: deploy
    playbook: { path: child.yaml, params: { cv: '{{token}}', bearer: 'Bearer {{token}}', out: '{{out}}' } }
`;

const child = `name: child
title: Child
params:
  cv: { required: true }
  bearer: { required: true }
  out: { required: true }
env:
  AUTH: 'Bearer {{cv}}'
steps:
  - id: use
    run: tr '\\0' ' ' < /proc/$$/cmdline > {{out}}/cmdline; printf '%s' {{cv}} > {{out}}/got; printf '%s' {{bearer}} > {{out}}/bearer; printf '%s' "$AUTH" > {{out}}/auth
`;

function setup(dir: string): void {
  writeFileSync(join(dir, 'parent.yaml'), parent);
  writeFileSync(join(dir, 'child.yaml'), child);
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

describe('a secret passed to an included playbook', () => {
  it('reaches the child through its environment: not on its command line, in the output or the journal', async () => {
    const dir = tempDir();
    setup(dir);
    const home = join(dir, 'home');
    const result = await runbook(['play', 'parent.yaml', '-p', `token=${SECRET}`, '-p', `out=${dir}`, '--yes', '--home', home, '--output', 'plain'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe(SECRET);
    expect(readFileSync(join(dir, 'bearer'), 'utf8')).toBe(`Bearer ${SECRET}`);
    expect(readFileSync(join(dir, 'auth'), 'utf8')).toBe(`Bearer ${SECRET}`);
    const cmdline = readFileSync(join(dir, 'cmdline'), 'utf8');
    expect(cmdline).toContain('"${RUNBOOK_SECRET_CV}"');
    expect(cmdline).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    for (const file of filesUnder(home)) expect(file.text, file.path).not.toContain(SECRET);
  });

  it.each(['text', 'markdown', 'json'])('is masked in the %s plan, where the child shows its parameter as secret', async (format) => {
    const dir = tempDir();
    setup(dir);
    const result = await runbook(['plan', 'parent.yaml', '-p', `token=${SECRET}`, '-p', `out=${dir}`, '--format', format], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).toContain('RUNBOOK_SECRET_CV');
    if (format === 'json') {
      const plan = JSON.parse(result.stdout) as { steps: { action: { plan: { params: { name: string; secret: boolean }[]; env: { name: string; secret: boolean }[] } } }[] };
      const nested = plan.steps[0]!.action.plan;
      expect(nested.params.filter((p) => p.secret).map((p) => p.name)).toEqual(['cv', 'bearer']);
      expect(nested.env.find((e) => e.name === 'AUTH')?.secret).toBe(true);
    }
  });

  it('is masked in the review report', async () => {
    const repo = tempDir();
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), 'x\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    mkdirSync(join(repo, 'runbooks'));
    setup(join(repo, 'runbooks'));
    const result = await runbook(['review', '--base', 'main', '-p', `token=${SECRET}`, '-p', 'out=/tmp'], { cwd: repo, env: { GITHUB_ACTIONS: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('RUNBOOK_SECRET_CV');
    expect(result.stdout).not.toContain(SECRET);
  });
});
