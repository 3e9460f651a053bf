// `runbook completion bash|zsh`: the scripts load in a real bash and zsh and complete commands, options, values,
// playbook names, run ids and lock ids, which they get from `runbook __complete` at completion time.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/engine/run/lock.js';
import { repoRoot, runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A project with runbooks/, a RUNBOOK_PATH folder, one journaled run and one held lock; `runbook` on PATH. */
async function setup() {
  const root = tempDir('runbook-completion-');
  mkdirSync(join(root, 'runbooks'));
  const playbook = (name: string) => `name: ${name}\nsteps:\n  - id: a\n    run: echo ${name}\n`;
  writeFileSync(join(root, 'runbooks', 'redis-flush.yaml'), playbook('redis-flush'));
  writeFileSync(join(root, 'runbooks', 'mlflow-permissions.yaml'), playbook('mlflow-permissions'));
  const shared = tempDir('runbook-completion-shared-');
  writeFileSync(join(shared, 'shared-fix.yml'), playbook('shared-fix'));
  const home = tempDir('runbook-completion-home-');
  const bin = tempDir('runbook-completion-bin-');
  writeFileSync(join(bin, 'runbook'), `#!/bin/sh\nexec "${process.execPath}" "${repoRoot}bin/runbook.js" "$@"\n`);
  chmodSync(join(bin, 'runbook'), 0o755);
  const env = { RUNBOOK_HOME: home, RUNBOOK_PATH: shared, PATH: `${bin}:${process.env.PATH ?? ''}` };
  const played = await runCli(['play', 'redis-flush', '--output', 'json'], { cwd: root, env });
  const runId = (JSON.parse(played.stdout.split('\n')[0]!) as { runId: string }).runId;
  const lock = acquireLock(home, 'mlflow-permissions', { playbook: 'mlflow-permissions', runId: 'r1' });
  return { root, env, runId, lock };
}

/** Runs `script` in a shell; returns its output. */
function shell(kind: 'bash' | 'zsh', script: string, cwd: string, env: Record<string, string>): string {
  const args = kind === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-f', '-c', script];
  const result = spawnSync(kind, args, { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** The candidates of each completion, in order: one `== n` block per line of input. */
function blocks(output: string): string[][] {
  return output
    .split(/^== \d+$/m)
    .slice(1)
    .map((b) => b.split('\n').filter(Boolean));
}

/** bash: loads the script once, then for each typed line (the last word is being completed) prints what Tab offers. */
function bashCompletions(lines: string[]): string {
  const cases = lines.map((line, i) => {
    const words = line.split(' ').map((w) => `'${w}'`).join(' ');
    return `echo "== ${i}"; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _runbook; printf '%s\\n' "\${COMPREPLY[@]}"`;
  });
  return ['source <(runbook completion bash)', 'complete -p runbook', ...cases].join('\n');
}

/** zsh: compinit, the script sourced, then `_runbook` with `words`/`CURRENT` per case; compadd and _files print what they get. */
function zshCompletions(cases: string[][]): string {
  return [
    'autoload -Uz compinit && compinit -u -d "$TMPDIR/zcompdump"',
    'source <(runbook completion zsh)',
    'print -r -- "registered: ${_comps[runbook]}"',
    'compadd() { local a; for a in "$@"; do [[ $a == -a ]] && continue; if [[ $a == found ]]; then print -rl -- $found; else print -r -- $a; fi; done }',
    '_files() { print -r -- FILES }',
    ...cases.map((words, i) => `echo "== ${i}"; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _runbook`),
  ].join('\n');
}

describe('runbook __complete', () => {
  it('lists commands (not itself), options and values from --help, playbook names, runs and locks', async () => {
    const { root, env, runId, lock } = await setup();
    const words = async (...args: string[]) => (await runCli(['__complete', ...args], { cwd: root, env })).stdout.trim().split('\n');
    try {
      expect(await words('commands')).toContain('completion');
      expect(await words('commands')).not.toContain('__complete');
      expect(await words('options', 'plan')).toEqual(expect.arrayContaining(['--param', '--format', '--out']));
      expect(await words('values', 'plan', '--format')).toEqual(['text', 'markdown', 'json']);
      expect(await words('langs')).toEqual(['en', 'zh-CN']);
      expect(await words('playbooks')).toEqual(['mlflow-permissions', 'redis-flush', 'shared-fix']);
      expect(await words('runs')).toEqual([runId, 'last']);
      expect(await words('locks')).toEqual([lock.info.lockId]);
      expect((await runCli(['--help'], { env })).stdout).not.toContain('__complete');
    } finally {
      lock.release();
    }
  });

  it('completion with no or an unknown shell is exit 2', async () => {
    expect((await runCli(['completion'])).code).toBe(2);
    expect((await runCli(['completion', 'fish'])).stderr).toContain('bash or zsh');
  });
});

describe('bash', () => {
  it('registers with complete and completes each kind of word', async () => {
    const { root, env, runId, lock } = await setup();
    try {
      const lines = [
        'runbook pl',
        'runbook play red',
        'runbook plan shared',
        'runbook play --sa',
        'runbook plan --format m',
        'runbook --lang z',
        `runbook logs ${runId.slice(0, 8)}`,
        'runbook resume la',
        `runbook unlock ${lock.info.lockId.slice(0, 3)}`,
        'runbook completion z',
      ];
      const output = shell('bash', bashCompletions(lines), root, env);
      expect(output.split('\n')[0]).toBe('complete -o filenames -F _runbook runbook');
      expect(blocks(output)).toEqual([
        ['plan', 'play'],
        ['redis-flush'],
        ['shared-fix'],
        ['--sandbox', '--sandbox-attach', '--sandbox-fault'],
        ['markdown'],
        ['zh-CN'],
        [runId],
        ['last'],
        [lock.info.lockId],
        ['zsh'],
      ]);
    } finally {
      lock.release();
    }
  });
});

describe('zsh', () => {
  it('parses, registers with compdef after compinit and completes each kind of word', async () => {
    const { root, env, runId, lock } = await setup();
    const zenv = { ...env, TMPDIR: tempDir('runbook-zsh-') };
    try {
      expect(spawnSync('zsh', ['-n'], { input: (await runCli(['completion', 'zsh'])).stdout }).status).toBe(0);
      const cases = [
        ['runbook', ''],
        ['runbook', 'play', ''],
        ['runbook', 'plan', '--'],
        ['runbook', 'plan', '--format', ''],
        ['runbook', '--lang', ''],
        ['runbook', 'logs', ''],
        ['runbook', 'unlock', ''],
      ];
      const output = shell('zsh', zshCompletions(cases), root, zenv);
      expect(output.split('\n')[0]).toBe('registered: _runbook');
      const [commands, play, options, formats, langs, runs, locks] = blocks(output);
      expect(commands).toEqual(expect.arrayContaining(['validate', 'play', 'completion']));
      expect(commands).not.toContain('__complete');
      expect(play).toEqual(['mlflow-permissions', 'redis-flush', 'shared-fix', 'FILES']);
      expect(options).toEqual(expect.arrayContaining(['--param', '--format', '--out']));
      expect(formats).toEqual(['text', 'markdown', 'json']);
      expect(langs).toEqual(['en', 'zh-CN']);
      expect(runs).toEqual([runId, 'last']);
      expect(locks).toEqual([lock.info.lockId]);
    } finally {
      lock.release();
    }
  });
});

describe('step ids and tags for --from, --only, --skip', () => {
  it('offers the steps (and tags, but for --from) of the playbook on the command line, in bash and zsh', async () => {
    const { root, env } = await setup();
    writeFileSync(
      join(root, 'runbooks', 'tagged.yaml'),
      'name: tagged\nsteps:\n  - id: deploy\n    tags: [rollout]\n    run: "true"\n  - id: restart\n    tags: [rollout, slow]\n    run: "true"\nfinally:\n  - id: tidy\n    run: "true"\n',
    );
    const words = async (...args: string[]) => (await runCli(['__complete', 'steps', ...args], { cwd: root, env })).stdout.trim().split('\n').filter(Boolean);
    expect(await words('play', '--only', 'tagged', '--output', 'plain')).toEqual(['deploy', 'restart', 'tidy', 'rollout', 'slow']);
    expect(await words('plan', '--from', '-p', 'x=1', 'runbooks/tagged.yaml')).toEqual(['deploy', 'restart']);
    expect(await words('plan', '--only', 'no-such-playbook')).toEqual([]);
    const bash = shell('bash', bashCompletions(['runbook play tagged --skip r', 'runbook plan -p x=1 tagged --from ']), root, env);
    expect(blocks(bash)).toEqual([['restart', 'rollout'], ['deploy', 'restart']]);
    const zsh = shell('zsh', zshCompletions([['runbook', 'play', 'tagged', '--only', '']]), root, { ...env, TMPDIR: tempDir('runbook-zsh-') });
    expect(blocks(zsh)).toEqual([['deploy', 'restart', 'tidy', 'rollout', 'slow']]);
  });
});
