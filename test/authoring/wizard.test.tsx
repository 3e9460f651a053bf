// The `runbook new` wizard driven key by key through ink-testing-library; its answers become a valid playbook.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Wizard } from '../../src/authoring/new/wizard.js';
import { draftFromAnswers, type WizardAnswers } from '../../src/authoring/new/model.js';
import { expectValidDraft, t } from './helpers.js';

type Rendered = ReturnType<typeof render>;
let app: Rendered | undefined;
afterEach(() => app?.unmount());

/** Waits until the last frame satisfies `predicate` (polls frames; fails after 5 s). */
async function frame(r: Rendered, predicate: (f: string) => boolean): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const f = r.lastFrame() ?? '';
    if (predicate(f)) return f;
    if (Date.now() > deadline) throw new Error(`frame never matched; last frame:\n${f}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Types text then Enter once the prompt shows, and waits for the next prompt. */
async function answer(r: Rendered, prompt: string, text: string): Promise<void> {
  await frame(r, (f) => f.includes(prompt));
  if (text) {
    r.stdin.write(text);
    await frame(r, (f) => f.includes(`> ${text}`));
  }
  r.stdin.write('\r');
  await frame(r, (f) => !f.includes(prompt) || f.includes('Invalid') || f.includes('needs at least'));
}

describe('new wizard', () => {
  it('asks everything in order and hands back the answers', async () => {
    let done: WizardAnswers | undefined;
    app = render(<Wizard t={t} onDone={(a) => (done = a)} onCancel={() => {}} />);
    await answer(app, 'Name (kebab-case)', 'restart-api');
    await answer(app, 'Title', 'Restart the recommendation API');
    await answer(app, 'Description', 'When /health fails.');
    await frame(app, (f) => f.includes('[medium]'));
    app.stdin.write('\u001B[C'); // → high
    await frame(app, (f) => f.includes('[high]'));
    app.stdin.write('\r');
    await answer(app, 'Param name', 'service');
    await answer(app, 'Default of service', 'recommendation-api');
    await answer(app, 'Param name', '');
    await answer(app, 'Step 1', 'docker compose restart {{service}}');
    await answer(app, 'Check', '');
    await answer(app, 'Verify', 'curl -fsS http://localhost:8000/health');
    await answer(app, 'Rollback', 'docker compose start {{service}}');
    await frame(app, (f) => f.includes('Step 2'));
    expect(app.lastFrame()).toContain('1. docker compose restart {{service}}');
    app.stdin.write('\r');
    await frame(app, () => done !== undefined);
    expect(done).toEqual({
      name: 'restart-api',
      title: 'Restart the recommendation API',
      description: 'When /health fails.',
      risk: 'high',
      params: [{ name: 'service', default: 'recommendation-api' }],
      steps: [{ run: 'docker compose restart {{service}}', verify: 'curl -fsS http://localhost:8000/health', rollback: 'docker compose start {{service}}' }],
    });
    const { playbook } = await expectValidDraft(draftFromAnswers(done!, t));
    expect(playbook.steps[0]).toEqual({
      id: 'docker_compose_restart',
      run: 'docker compose restart {{service}}',
      verify: 'curl -fsS http://localhost:8000/health',
      rollback: 'docker compose start {{service}}',
    });
  });

  it('refuses an invalid name and an empty playbook, and Esc cancels', async () => {
    let cancelled = false;
    app = render(<Wizard t={t} initialName="Bad Name" onDone={() => {}} onCancel={() => (cancelled = true)} />);
    await frame(app, (f) => f.includes('Name (kebab-case)'));
    app.stdin.write('Bad Name');
    await frame(app, (f) => f.includes('> Bad Name'));
    app.stdin.write('\r');
    await frame(app, (f) => f.includes('Invalid playbook name'));
    for (let i = 0; i < 'Bad Name'.length; i++) app.stdin.write('\u007F');
    await frame(app, (f) => f.includes('> █'));
    await answer(app, 'Name (kebab-case)', 'ok-name');
    await answer(app, 'Title', '');
    await answer(app, 'Description', '');
    app.stdin.write('\r'); // risk: medium
    await answer(app, 'Param name', '');
    await frame(app, (f) => f.includes('Step 1'));
    app.stdin.write('\r');
    await frame(app, (f) => f.includes('A playbook needs at least one step.'));
    app.stdin.write('\u001B');
    await frame(app, () => cancelled);
    expect(cancelled).toBe(true);
  });

  it('takes pasted lines: each line break answers one question', async () => {
    let done: WizardAnswers | undefined;
    app = render(<Wizard t={t} initialName="pasted" onDone={(a) => (done = a)} onCancel={() => {}} />);
    await frame(app, (f) => f.includes('Title'));
    app.stdin.write('Pasted title\rsome description\r');
    await frame(app, (f) => f.includes('[medium]'));
    app.stdin.write('\r');
    await frame(app, (f) => f.includes('Param name'));
    app.stdin.write('\rsystemctl restart nginx\r\r\r\r\r');
    await frame(app, () => done !== undefined);
    expect(done).toMatchObject({ name: 'pasted', title: 'Pasted title', description: 'some description', steps: [{ run: 'systemctl restart nginx' }] });
  });

  it('edits a field as the gates do: a burst with backspaces, cursor keys, and a refused name stays to be fixed', async () => {
    let done: WizardAnswers | undefined;
    app = render(<Wizard t={t} onDone={(a) => (done = a)} onCancel={() => {}} />);
    await frame(app, (f) => f.includes('Name (kebab-case)'));
    // One read from a laggy session: two stray letters and two backspaces, then Enter.
    app.stdin.write('flushXX\u007f\u007f-rdis');
    await frame(app, (f) => f.includes('> flush-rdis'));
    app.stdin.write('\u001b[D');
    app.stdin.write('\u001b[D');
    app.stdin.write('\u001b[D');
    app.stdin.write('e');
    await frame(app, (f) => f.includes('> flush-re'));
    app.stdin.write('\r');
    await frame(app, (f) => f.includes('Title'));
    // The rest arrives pasted: each line break answers one question.
    app.stdin.write('Flush Redis\rdescription\r\r\r');
    await frame(app, (f) => f.includes('Step 1'));
    app.stdin.write('redis-cli FLUSHALL\r\r\r\r\r');
    await frame(app, () => done !== undefined);
    expect(done).toMatchObject({ name: 'flush-redis', title: 'Flush Redis', description: 'description', steps: [{ run: 'redis-cli FLUSHALL' }] });
  });

  it('keeps a refused name on the line to be corrected', async () => {
    app = render(<Wizard t={t} onDone={() => {}} onCancel={() => {}} />);
    await frame(app, (f) => f.includes('Name (kebab-case)'));
    app.stdin.write('Bad Name\r');
    await frame(app, (f) => f.includes('Invalid playbook name'));
    expect(app.lastFrame()).toContain('> Bad Name');
    app.stdin.write('\u0015ok-name\r');
    await frame(app, (f) => f.includes('Title'));
  });

  it('moves secrets typed into a step to env and flags a state change without rollback', async () => {
    const draft = draftFromAnswers(
      { name: 'notify', title: 'Notify', risk: 'low', params: [{ name: 'channel' }], steps: [{ run: 'curl -X POST -H "Authorization: Bearer abcd1234efgh" https://gw/send' }] },
      t,
    );
    const { playbook, text } = await expectValidDraft(draft);
    expect(text).not.toContain('abcd1234efgh');
    expect(playbook.env).toEqual({ AUTH_TOKEN: { from_env: 'AUTH_TOKEN', secret: true, required: true } });
    expect(playbook.params).toEqual({ channel: { type: 'string', required: true } });
    expect(draft.todos.map((x) => x.kind)).toEqual(['secret', 'rollback']);
  });
});
