// Real-terminal smoke test: `runbook play` in tmux, a typed high-risk gate, a failing step, rollback, final screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const fixtures = join(root, 'test/fixtures/ui');
const temp = mkdtempSync(join(tmpdir(), 'runbook-tmux-'));
// A private tmux server (its socket in the temp dir): nothing of the user's tmux is touched; killed at the end.
const socket = join(temp, 'tmux.sock');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
}

afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(temp, { recursive: true, force: true });
});

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-t', session);
}

/** The pane with its scrollback: what scrolled off the top of a short terminal too. */
function history(session: string): string {
  return tmux('capture-pane', '-p', '-S', '-', '-t', session);
}

// A health endpoint that answers 503, for a failure reason longer than the terminal is wide.
let health: Server | undefined;
let healthUrl = '';
beforeAll(async () => {
  health = createServer((_, res) => {
    res.statusCode = 503;
    res.end('down');
  });
  await new Promise<void>((resolve) => health!.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/api/v1/recommendation-service/health/ready`;
});
afterAll(() => health?.close());

/** Polls the pane until `predicate` holds (the UI is live: wait for content, never a fixed sleep). */
async function waitForScreen(session: string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() > deadline) {
      const panes = tmux('list-panes', '-a', '-F', '#{session_name} pid=#{pane_pid} dead=#{pane_dead} cmd=#{pane_current_command}');
      throw new Error(`timed out waiting; panes:\n${panes}screen was:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startPlay(session: string, lang: string, columns: number, playbook = join(fixtures, 'gate-rollback.yaml'), extra = '', envAssign = ''): void {
  const home = join(temp, session);
  // CI must be unset, or the reporter (and Ink) would rightly fall back to CI behaviour.
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION -u GITHUB_ACTIONS -u NO_COLOR -u FORCE_COLOR',
    `LANG=${lang} LC_ALL=${lang} RUNBOOK_HOME=${home} TERM=xterm-256color ${envAssign}`,
    `${process.execPath} ${bin} play ${playbook}${extra}`,
    // Keep the pane after the run so the final screen (and exit code) can be read.
    `; printf '\\nEXIT:%s\\n' $?; sleep 600`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', '40', command);
}

describe('runbook play in a real terminal (tmux)', { timeout: 60_000 }, () => {
  it('has tmux to drive a real terminal (CI installs it with apt; locally: apt-get install tmux)', () => {
    expect(hasTmux).toBe(true);
  });

  it('asks the gate in the view, takes the typed word, and ends on the rollback summary', async () => {
    const session = 'en100';
    startPlay(session, 'C.UTF-8', 100);
    await waitForScreen(session, (s) => s.includes('Type "proceed" to continue'));
    tmux('send-keys', '-t', session, '-l', 'proceed');
    await waitForScreen(session, (s) => s.includes('› proceed'));
    tmux('send-keys', '-t', session, 'Enter');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('EXIT:1');
    expect(final).toContain('Failed, 1 step rolled back');
    expect(final).toMatch(/↺ prepare\s+\d+\.\ds\s+rolled back/);
    expect(final).toMatch(/✗ 3\/3 always fails/);
    expect(final).toMatch(/runbook logs \S+ --step boom/);
    expect(final).toContain('gate: confirmed (by the operator)');
    // The child's "clear screen + home" did not repaint the terminal: the header is still there.
    expect(final).toContain('UI smoke test: gate and rollback');
    expect(final).toContain('│ no repaint');
    expect(final).not.toContain('hunter2');
    expect(final).not.toContain('Type "proceed"');
  });

  it('asks again after a wrong word and declines on Esc, in Chinese, in a 40-column terminal', async () => {
    const session = 'zh40';
    startPlay(session, 'zh_CN.UTF-8', 40);
    // At 40 columns the question wraps inside the prompt box.
    await waitForScreen(session, (s) => s.includes('输入 "proceed"') && s.includes('›'));
    tmux('send-keys', '-t', session, '-l', 'nope');
    await waitForScreen(session, (s) => s.includes('› nope'));
    tmux('send-keys', '-t', session, 'Enter');
    // A wrong word is not an answer: the prompt names the expected word and asks again.
    await waitForScreen(session, (s) => s.includes('输入的 "nope" 不是 "proceed"'));
    tmux('send-keys', '-t', session, 'Escape');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('EXIT:1');
    expect(final).toContain('界面冒烟测试（确认与回滚）');
    expect(final).toContain('停在确认关卡');
    // Rows stay on one line each, times aligned in one column by display width.
    expect(final).toMatch(/✓ 有 shell {2,}\d+\.\ds\n/);
    expect(final).toMatch(/✓ 1\/3 准备 {2,}\d+\.\ds\n/);
    expect(final).toMatch(/↺ 准备 {2,}\d+\.\ds {2}已回滚/);
    // The failing step never ran: the gate stopped the run.
    expect(final).not.toContain('✗ 3/3');
  });

  it('Ctrl-C at the gate prompt is an interrupt: rollback, exit 130 (not a decline)', async () => {
    const session = 'gateint';
    startPlay(session, 'C.UTF-8', 100);
    await waitForScreen(session, (s) => s.includes('Type "proceed" to continue'));
    tmux('send-keys', '-t', session, 'C-c');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('SIGINT received: stopping the running step, then rolling back completed steps');
    expect(final).toMatch(/↺ prepare\s+\d+\.\ds\s+rolled back/);
    expect(final).not.toContain('declined');
    expect(final).toContain('gate: interrupted (Ctrl-C)');
    expect(final).not.toContain('✗ 3/3');
    expect(final).toContain('EXIT:130');
  });

  it('Ctrl-C at the plain reporter\'s prompt is an interrupt too', async () => {
    const session = 'gateintplain';
    startPlay(session, 'C.UTF-8', 100, join(fixtures, 'gate-rollback.yaml'), ' --output plain');
    await waitForScreen(session, (s) => s.includes('Type "proceed" to continue'));
    tmux('send-keys', '-t', session, 'C-c');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('interrupted (Ctrl-C)');
    expect(final).not.toContain('declined');
    expect(final).toContain('EXIT:130');
  });

  it('shows Ctrl-C stopping the running step and the rollback, then exits 130', async () => {
    const session = 'int100';
    startPlay(session, 'C.UTF-8', 100, join(fixtures, 'interrupt.yaml'));
    await waitForScreen(session, (s) => s.includes('│ waiting for Ctrl-C'));
    tmux('send-keys', '-t', session, 'C-c');
    const final = await waitForScreen(session, (s) => s.includes('EXIT:'));
    expect(final).toContain('SIGINT received: stopping the running step, then rolling back completed steps');
    expect(final).toMatch(/↺ prepare\s+\d+\.\ds\s+rolled back/);
    expect(final).toContain('Interrupted');
    expect(final).toMatch(/runbook resume \S+/);
    expect(final).toContain('EXIT:130');
  });

  it('colours the view, and drops every colour when NO_COLOR is set', async () => {
    const colours = new RegExp(`${String.fromCharCode(27)}\\[(3\\d|9\\d|38;)`);
    startPlay('col', 'C.UTF-8', 100, join(fixtures, 'gate-rollback.yaml'), ' --yes');
    await waitForScreen('col', (s) => s.includes('EXIT:'));
    expect(tmux('capture-pane', '-e', '-p', '-t', 'col')).toMatch(colours);
    startPlay('nocol', 'C.UTF-8', 100, join(fixtures, 'gate-rollback.yaml'), ' --yes', 'NO_COLOR=1');
    await waitForScreen('nocol', (s) => s.includes('EXIT:'));
    expect(tmux('capture-pane', '-e', '-p', '-t', 'nocol')).not.toMatch(colours);
  });

  for (const [lang, columns] of [
    ['C.UTF-8', 100],
    ['C.UTF-8', 40],
    ['zh_CN.UTF-8', 40],
  ] as const) {
    it(`keeps a finished step's output and wraps a failure reason, never cuts it (${lang}, ${columns} columns)`, async () => {
      const session = `out-${lang.startsWith('zh') ? 'zh' : 'en'}-${columns}`;
      startPlay(session, lang, columns, join(fixtures, 'output-and-reason.yaml'), ` -p health_url=${healthUrl}`);
      await waitForScreen(session, (s) => s.includes('EXIT:'));
      const all = history(session);
      expect(all).toContain('EXIT:1');
      // The report's first 20 lines stay on screen under its row, then where the rest is. (Without the
      // zh_CN locale installed, bash's own warning may come first and take one of the 20.)
      expect(all).toContain('│ report line 1\n');
      expect(all).toContain('│ report line 19\n');
      expect(all).not.toContain('│ report line 21');
      const flat = all.replace(/\s+/g, '');
      expect(flat).toMatch(lang === 'C.UTF-8' ? /…\d+morelines:runbooklogs\S+--stepreport/ : /…另有\d+行：runbooklogs\S+--stepreport/);
      // The failure reason, whole: every character of it, wrapped over as many lines as it needs.
      const expected = lang === 'C.UTF-8' ? 'HTTP 503 (expected 200)' : 'HTTP 503（期望 200）';
      const row = all.slice(all.indexOf('✗'), all.indexOf('\n\n', all.indexOf('✗')));
      expect(row.replace(/\s+/g, '')).toContain(`GET ${healthUrl}: ${expected}`.replace(/\s+/g, ''));
      // (the label may be cut to fit the column; the reason after it never is)
      expect(row.replace(/^✗ 2\/2 .*?\d+\.\ds/, '')).not.toContain('…');
    });
  }
});
