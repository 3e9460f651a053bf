// docs/engine.md names the files of a run's journal as the engine writes them (every file documented, every documented log seen).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The code spans of the "## The journal" section of docs/engine.md. */
function journalSection(): string[] {
  const text = readFileSync(join(root, 'docs', 'engine.md'), 'utf8');
  const section = text.slice(text.indexOf('## The journal'), text.indexOf('\n## ', text.indexOf('## The journal') + 1));
  return [...section.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** A documented name as a pattern: `<id>` a step id (or include.id), `<n>` a number from 1. */
function patternOf(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<id>/g, '[A-Za-z0-9_][A-Za-z0-9_.-]*').replace(/<n>/g, '[1-9][0-9]*');
  return new RegExp(`^(steps/)?${escaped}$`);
}

const PLAYBOOK = `name: names
params:
  fail: { default: "no" }
preconditions:
  - run: echo pre
steps:
  - id: one
    check: echo checking; false
    run: echo one
    verify: echo verifying
    rollback:
      run: echo undo
      verify: echo undone
  - id: two
    run: echo two; test {{fail}} = no
postconditions:
  - run: echo post
`;

/** Runs the playbook once to the end and once failing (so rollbacks run); returns every journal file, relative to its run. */
async function journalFiles(): Promise<{ files: string[]; groupSteps: string[] }> {
  const dir = tempDir('runbook-journal-names-');
  const home = tempDir('runbook-journal-home-');
  writeFileSync(join(dir, 'names.yaml'), PLAYBOOK);
  expect((await runCli(['play', 'names.yaml', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_HOME: home } })).code).toBe(0);
  expect((await runCli(['play', 'names.yaml', '-p', 'fail=yes', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_HOME: home } })).code).toBe(1);
  const files: string[] = [];
  const groupSteps: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(home);
  // A run directory is the one holding events.jsonl: names are relative to it, whatever the home's layout.
  const runDirs = files.filter((f) => f.endsWith('events.jsonl')).map((f) => join(f, '..'));
  const inRuns = files.flatMap((f) => runDirs.filter((d) => f.startsWith(d + '/')).map((d) => relative(d, f)));
  for (const d of runDirs) {
    for (const line of readFileSync(join(d, 'groups.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { step?: string };
      if (record.step) groupSteps.push(record.step);
    }
  }
  return { files: [...new Set(inRuns)].sort(), groupSteps };
}

describe('docs/engine.md: the journal', () => {
  it('documents every file a run writes, and every kind of step log it lists is written', async () => {
    const documented = journalSection().filter((span) => /\.(log|json|jsonl)$/.test(span) && !span.includes(' '));
    const patterns = documented.map((name) => ({ name, re: patternOf(name) }));
    const { files, groupSteps } = await journalFiles();
    expect(files.filter((f) => !patterns.some((p) => p.re.test(f)))).toEqual([]);
    const logKinds = documented.filter((name) => /<(id|n)>/.test(name) && name.endsWith('.log'));
    expect(logKinds.filter((name) => !files.some((f) => patternOf(name).test(f)))).toEqual([]);
    // groups.jsonl names a group like its log.
    expect(groupSteps.filter((step) => !patterns.some((p) => p.re.test(`steps/${step}.log`)))).toEqual([]);
  });

  it('gives examples of log names that follow its own rules', () => {
    const logPatterns = journalSection()
      .filter((span) => span.endsWith('.log') && /<(id|n)>/.test(span))
      .map(patternOf);
    const examples = journalSection().filter((span) => /^[a-z0-9_]+(\.[a-z0-9_-]+)*$/.test(span) && /^(preconditions|postconditions)\.|\.(check|verify|rollback)$/.test(span));
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter((name) => !logPatterns.some((re) => re.test(`${name}.log`)))).toEqual([]);
  });
});
