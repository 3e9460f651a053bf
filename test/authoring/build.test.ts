// Drafts compile with the real engine, and a command with params renders to the same arguments as what was typed.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/authoring/build.js';
import { emitDraft } from '../../src/authoring/emit.js';
import { compilePlaybook } from '../../src/engine/compile.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import { expectValidDraft, t } from './helpers.js';

/** The argv bash gives a simple command (its program replaced by a printer). */
function argvOf(command: string): string {
  return execFileSync('bash', ['-c', `__argv() { printf '[%s]' "$@"; }; __argv ${command.replace(/^\S+\s*/, '')}`], { encoding: 'utf8' });
}

describe('drafts and the engine', () => {
  const typed = [
    `ls "/srv/app/x" '/srv/app' /srv/app`,
    `curl -fsS "http://10.1.2.3:8080/health?x=1"`,
    `curl 'http://10.1.2.3/a b'`,
    `docker ps --format '{{.Names}} /srv/app'`,
    `echo "dir=$(basename /srv/app)" 2025-10-18`,
    `printf '%s' 2025-10-18 "at 2025-10-18 noon"`,
  ];

  it('renders every command (with params at their defaults) to exactly the arguments typed', async () => {
    const draft = buildDraft({ name: 'roundtrip', title: 'Round trip', commands: typed.map((command) => ({ command, role: 'action' })), mode: 'import', header: [], t });
    const { playbook } = await expectValidDraft(draft);
    expect(Object.keys(playbook.params ?? {})).toEqual(['app_dir', 'target_host', 'date']);
    const plan = await compilePlaybook(loadPlaybookText('roundtrip.yaml', emitDraft(draft, './schemas/playbook.schema.json')), {});
    const rendered = plan.steps.map((s) => (s.action.kind === 'run' ? s.action.command.text : ''));
    expect(rendered.map(argvOf)).toEqual(typed.map(argvOf));
  });

  it('names a script step after the script', () => {
    const draft = buildDraft({ name: 'x-y', title: 'X', commands: [{ command: 'bash scripts/run_pipeline.sh --full-refresh' }], mode: 'import', header: [], t });
    expect(draft.playbook.steps[0]!.id).toBe('run_pipeline');
  });

  it('never makes a destructive pipeline a precondition (play --check runs those)', () => {
    const draft = buildDraft({
      name: 'clean-cache',
      title: 'Clean the cache',
      commands: [{ command: 'ls /srv/cache/stale | xargs rm -rf' }, { command: 'docker compose restart api' }],
      mode: 'import',
      header: [],
      t,
    });
    expect(draft.playbook.preconditions ?? []).toEqual([]);
    expect(draft.playbook.steps.map((s) => (s.confirm ? 'confirm' : s.run))).toEqual(['confirm', 'ls /srv/cache/stale | xargs rm -rf', 'docker compose restart api']);
  });
});
