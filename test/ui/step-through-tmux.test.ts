// `play --step` in a real terminal (tmux): the question shows the rendered command as plans show it, in the
// live view and the plain reporter, in English and Chinese (secrets never shown); answers are journaled and shown by `logs`.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const temp = mkdtempSync(join(tmpdir(), 'runbook-step-tmux-'));
// A private tmux server (its socket in the temp dir): nothing of the user's tmux is touched; killed at the end.
const socket = join(temp, 'tmux.sock');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
}

afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(temp, { recursive: true, force: true });
});

/** A playbook of four steps writing to the session's trail; the second step's command holds a secret. */
function writePlaybookFor(session: string): string {
  const file = join(temp, `${session}.yaml`);
  const trailFile = join(temp, `trail-${session}`);
  writeFileSync(
    file,
    `name: step-through
params:
  token: { type: string, secret: true, default: hunter2 }
steps:
  - id: first
    run: echo first >> ${trailFile}
    rollback: echo undo-first >> ${trailFile}
  - id: second
    run: echo second {{token}} >> ${trailFile}
  - id: third
    run: echo third >> ${trailFile}
  - id: fourth
    run: echo fourth >> ${trailFile}
`,
  );
  return file;
}

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-S', '-', '-t', session);
}

async function waitForScreen(session: string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting; screen was:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the `n`-th question (counting the questions seen so far) to be on screen, then answers it. */
async function answer(session: string, question: string, n: number, keys: string): Promise<void> {
  await waitForScreen(session, (s) => s.split(question).length - 1 >= n);
  tmux('send-keys', '-t', session, '-l', keys);
  tmux('send-keys', '-t', session, 'Enter');
}

function startPlay(session: string, lang: string, extra = ''): string {
  const home = join(temp, `home-${session}`);
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION -u GITHUB_ACTIONS -u NO_COLOR',
    `LANG=${lang} LC_ALL=${lang} RUNBOOK_HOME=${home} TERM=xterm-256color`,
    `${process.execPath} ${bin} play ${writePlaybookFor(session)} --step${extra}`,
    `; printf '\\nEXIT:%s\\n' $?; sleep 600`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '50', command);
  return home;
}

function trail(session: string): string[] {
  try {
    return readFileSync(join(temp, `trail-${session}`), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

function journalAnswers(home: string): string[] {
  const runs = join(home, 'runs');
  const run = readdirSync(runs)[0]!;
  return readFileSync(join(runs, run, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; id?: string; answer?: string })
    .filter((e) => e.type === 'step.answered')
    .map((e) => `${e.id}=${e.answer}`);
}

describe('play --step in a real terminal (tmux)', { timeout: 60_000 }, () => {
  it('plain reporter: run, a wrong answer asked again, skip, continue; answers journaled and in logs', async () => {
    const session = 'plain';
    const home = startPlay(session, 'C.UTF-8', ' --output plain');
    await answer(session, '? run step first?', 1, 'y');
    const second = await waitForScreen(session, (s) => s.includes('? run step second?'));
    // The rendered command, the secret masked.
    expect(second).toContain('$ echo second "${RUNBOOK_SECRET_TOKEN}"');
    expect(second).not.toContain('hunter2');
    await answer(session, '? run step second?', 1, 'maybe');
    await waitForScreen(session, (s) => s.includes('answer y, n, c or q'));
    tmux('send-keys', '-t', session, '-l', 'n');
    tmux('send-keys', '-t', session, 'Enter');
    await answer(session, '? run step third?', 1, 'c');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('EXIT:0');
    expect(final).not.toContain('? run step fourth?');
    expect(final).toContain('second  skipped · skipped by the operator (--step)');
    expect(trail(session)).toEqual(['first', 'third', 'fourth']);
    expect(journalAnswers(home)).toEqual(['first=run', 'second=skip', 'third=continue']);
    const logs = spawnSync(process.execPath, [bin, 'logs', 'last', '--home', home], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    expect(logs.stdout).toContain('first: --step: run');
    expect(logs.stdout).toContain('second: --step: skip');
    expect(logs.stdout).toContain('third: --step: continue without asking');
  });

  it('live view, in Chinese: the question in a box with the command; quit rolls back what finished and exits 1', async () => {
    const session = 'ink';
    const home = startPlay(session, 'zh_CN.UTF-8');
    const first = await waitForScreen(session, (s) => s.includes('执行步骤 first？'));
    expect(first).toContain(`$ echo first >> ${temp}/trail-ink`);
    expect(first).toContain('[y] 执行  [n] 跳过  [c] 不再询问，继续  [q] 退出');
    tmux('send-keys', '-t', session, '-l', 'y');
    tmux('send-keys', '-t', session, 'Enter');
    await answer(session, '执行步骤 second？', 1, 'q');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('EXIT:1');
    expect(final).toContain('操作人员在步骤 second 之前停止了运行（--step）');
    // Each answer stays in the view, under the steps it answered for.
    expect(final).toMatch(/\? first: --step：执行/);
    expect(final).toMatch(/\? second: --step：退出/);
    expect(final).not.toContain('hunter2');
    expect(trail(session)).toEqual(['first', 'undo-first']);
    expect(journalAnswers(home)).toEqual(['first=run', 'second=quit']);
  });

  it('Ctrl-C at the question is an interrupt (exit 130), not an answer', async () => {
    const session = 'ctrlc';
    startPlay(session, 'C.UTF-8');
    await waitForScreen(session, (s) => s.includes('run step first?'));
    tmux('send-keys', '-t', session, 'C-c');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('EXIT:130');
    expect(trail(session)).toEqual([]);
  });
});
