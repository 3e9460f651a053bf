// The live view draws on a thread of its own (src/ui/ink/view-thread.ts): what it shows is what the view on the run's
// thread shows; the terminal's size reaches it; a view that fails leaves the run going, said in the user's language;
// and starting the thread leaves the run's young generation as bin/runbook.js set it.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftOnScreen } from '../helpers/screen.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-view-thread-'));
const socket = join(temp, 'tmux.sock');
afterAll(() => {
  spawnSync('tmux', ['-S', socket, 'kill-server']);
  rmSync(temp, { recursive: true, force: true });
});

beforeAll(() => {
  // Output of more lines than a row keeps, a line longer than it keeps, a failure with the lines it ends on, a rollback, Chinese text.
  writeFileSync(
    join(temp, 'mixed.yaml'),
    [
      'name: mixed',
      'title: { en: Mixed run, zh-CN: 混合运行 }',
      'risk: low',
      'steps:',
      '  - id: count',
      '    name: 数到三十',
      '    run: seq 1 30',
      '    rollback: echo undo count',
      // A progress bar redrawn with \r over several frames: one line longer than the view keeps, ended on its last state.
      '  - id: progress',
      `    run: "for i in $(seq 1 40); do printf '\\\\rprogress %3d%% ${'.'.repeat(30)}' $i; sleep 0.01; done; echo"`,
      '  - id: partial',
      "    run: printf 'no newline at the end'",
      '  - id: fails',
      "    run: 'seq 100 140; echo the error is here >&2; exit 3'",
      '  - id: never',
      '    run: echo never',
      '',
    ].join('\n'),
  );
});

/** `runbook play` of a playbook with the live view, stdout a pipe; `env` added to a clean environment. */
async function play(bin: string, playbook: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', RUNBOOK_HOME: join(temp, 'home') };
  delete base.CI;
  delete base.RUNBOOK_VIEW_THREAD;
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, 'play', join(temp, playbook), '--yes', '--output', 'ink'], { cwd: temp, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A private copy of the CLI (bin/, dist/: all `play` loads) whose view thread's first module is `source`. */
function cliWithThread(name: string, source: string): string {
  const copy = join(temp, name);
  mkdirSync(copy);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
  writeFileSync(join(copy, 'dist', 'ink-worker.js'), source);
  return copy;
}

/** What the view left on the screen (test/helpers/screen.ts), without what changes from run to run. */
function drawn(stdout: string): string {
  return leftOnScreen(stdout)
    .replace(/\d+(\.\d+)?(ms|s)\b/g, 'T')
    .replace(/journal: \S+/g, 'journal: J')
    .replace(/run \d{8}-\d{6}-\w+/g, 'run R')
    .replace(/\d{8}-\d{6}-\w{4}/g, 'R')
    .trim();
}

describe('the live view on its own thread', () => {
  const bin = join(root, 'bin/runbook.js');

  it('shows what the view on the run\'s thread shows: output kept, a failure\'s last lines, the rollback, the summary', async () => {
    for (const LANG of ['en_US.UTF-8', 'zh_CN.UTF-8']) {
      // On a machine of one core the view would stay on the run's thread unless asked (RUNBOOK_VIEW_THREAD=1).
      const thread = await play(bin, 'mixed.yaml', { LANG, RUNBOOK_VIEW_THREAD: '1' });
      const inline = await play(bin, 'mixed.yaml', { LANG, RUNBOOK_VIEW_THREAD: '0' });
      expect(thread.code).toBe(1);
      expect(inline.code).toBe(1);
      expect(drawn(thread.stdout)).toBe(drawn(inline.stdout));
      expect(thread.stderr).toBe(inline.stderr);
    }
    const en = drawn((await play(bin, 'mixed.yaml')).stdout);
    // Checked here too, so that two views both wrong cannot pass: the first lines of a long output, the last of a failure.
    expect(en).toContain('│ 1');
    expect(en).toContain('10 more lines');
    expect(en).toContain('the error is here');
    expect(en).toContain('│ no newline at the end');
    expect(en).toContain('│ progress  40%');
    expect(en).toContain('undo count');
  }, 60_000);

  it('when it fails, says so once in the user\'s language, and the run goes on to the same end', async () => {
    // A private copy of the CLI whose view thread throws as it starts.
    const copy = cliWithThread('broken', "throw new Error('the view broke');\n");
    for (const [LANG, said] of [
      ['en_US.UTF-8', 'runbook: the live view stopped (the view broke); the run goes on without it'],
      ['zh_CN.UTF-8', 'runbook：实时视图已停止（the view broke）；运行继续'],
    ] as const) {
      const home = join(temp, `broken-${LANG}`);
      const run = await play(join(copy, 'bin/runbook.js'), 'mixed.yaml', { LANG, RUNBOOK_HOME: home, RUNBOOK_VIEW_THREAD: '1' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(said);
      expect(run.stderr.split(said).length).toBe(2);
      // The journal has the whole run: every step that ran, the rollback.
      const [runId] = readdirSync(join(home, 'runs'));
      const events = readFileSync(join(home, 'runs', runId!, 'events.jsonl'), 'utf8');
      expect(events).toContain('"type":"rollback.finished"');
      expect(events).toContain('"type":"run.finished"');
    }
    // On one core the view stays on the run's thread (its thread would take the run's time all the same), unless asked.
    const oneCore = (env: Record<string, string>) => {
      const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', RUNBOOK_HOME: join(temp, 'one-core'), ...env };
      delete base.CI;
      return spawnSync('taskset', ['-c', '0', process.execPath, join(copy, 'bin/runbook.js'), 'play', join(temp, 'mixed.yaml'), '--yes', '--output', 'ink'], { cwd: temp, env: base, encoding: 'utf8' });
    };
    const inline = oneCore({});
    expect(inline.status).toBe(1);
    expect(inline.stdout).toContain('the error is here');
    expect(inline.stderr).not.toContain('the live view stopped');
    expect(oneCore({ RUNBOOK_VIEW_THREAD: '1' }).stderr).toContain('the live view stopped (the view broke)');
  }, 60_000);

  it('when its thread ends by itself before the run, says so too, and the run still ends with its own exit code', async () => {
    // A copy whose view thread ends at once, without an error (a library calling process.exit(0) there, say).
    const copy = cliWithThread('ends', 'process.exit(0);\n');
    const run = await play(join(copy, 'bin/runbook.js'), 'mixed.yaml', { RUNBOOK_HOME: join(temp, 'ends-home'), RUNBOOK_VIEW_THREAD: '1' });
    // The run failed (the step `fails`): not exit 0 with nothing said.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('runbook: the live view stopped (exit 0); the run goes on without it');
  }, 60_000);

  it('leaves the young generation held at its first size when its thread starts (V8 resets the flag for a new heap)', () => {
    // A new thread's heap configuration sets --semi-space-growth-factor to at least 2 for the whole process: the
    // cached-data tag, which hashes every flag, shows whether the run's value is back.
    const script = [
      "const { setV8Flags, startKeepingYoungGeneration } = require('./bin/code-cache.js');",
      "const v8 = require('node:v8');",
      "const { Worker } = require('node:worker_threads');",
      "setV8Flags('--semi-space-growth-factor=1');",
      'const before = v8.cachedDataVersionTag();',
      "const start = () => new Worker('setTimeout(() => {}, 200)', { eval: true });",
      'const kept = process.argv[1] === "kept";',
      'const worker = kept ? startKeepingYoungGeneration(start) : start();',
      'const deadline = Date.now() + 100;',
      'while (Date.now() < deadline) {}',
      'console.log(v8.cachedDataVersionTag() === before ? "same" : "changed");',
      'worker.terminate();',
    ].join('\n');
    const run = (how: string) => execFileSync(process.execPath, ['-e', script, how], { cwd: root, encoding: 'utf8' }).trim();
    // Without it the flag is undone (so the check would see the bug); with it, it is as the run set it.
    expect(run('plain')).toBe('changed');
    expect(run('kept')).toBe('same');
  });

  it('never keeps the process alive by itself: a run that ends without closing it still exits, with what it wrote', async () => {
    // The run's side of the built view (dist/chunks/view-thread-*.js), started on this process's streams, sent an
    // event and a step's output, and left without close() (a path that misses it): the process must end when the rest
    // of it has, not wait for ever on a thread that waits for messages.
    const chunk = readdirSync(join(root, 'dist', 'chunks')).find((name) => /^view-thread-[\w-]+\.js$/.test(name));
    expect(chunk).toBeDefined();
    const script = [
      // Held until the view has drawn the output (then nothing of the script's own holds it).
      'const hold = setInterval(() => {}, 1000);',
      'const write = process.stdout.write.bind(process.stdout);',
      "process.stdout.write = (chunk, ...rest) => (String(chunk).includes('hello') && clearInterval(hold), write(chunk, ...rest));",
      `const { startViewThread, viewWorkerFile } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'chunks', chunk!)).href)});`,
      "const reporter = startViewThread({ lang: 'en', stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, file: viewWorkerFile({ RUNBOOK_VIEW_THREAD: '1' }) });",
      "const at = { runId: 'r', time: new Date().toISOString() };",
      "reporter.onEvent({ ...at, type: 'step.started', phase: 'steps', id: 'one', name: 'one', index: 1, total: 1, kind: 'run' });",
      "reporter.onEvent({ ...at, type: 'step.output', id: 'one', stream: 'stdout', text: 'hello\\n' });",
      "process.stderr.write('left without closing\\n');",
    ].join('\n');
    const file = join(temp, 'left-open.mjs');
    writeFileSync(file, script);
    const ran = spawnSync(process.execPath, [file], { cwd: temp, encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
    // Not killed by the timeout: it ended by itself, the view having drawn (not failed to start).
    expect(ran.signal, ran.stderr).toBeNull();
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stderr).not.toContain('live view stopped');
    expect(ran.stdout).toContain('│ hello');
    expect(ran.stderr).toContain('left without closing');
  }, 30_000);

  const hasTmux = spawnSync('tmux', ['-V']).status === 0;
  it('follows the terminal when it is resized (tmux)', async () => {
    expect(hasTmux).toBe(true);
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    const long = 'x'.repeat(150);
    writeFileSync(join(temp, 'slow.yaml'), `name: slow\ntitle: Slow\nrisk: low\nsteps:\n  - id: wait\n    run: "echo started; sleep 30 # ${long}"\n`);
    const command = `env -u CI -u NO_COLOR RUNBOOK_VIEW_THREAD=1 LANG=C.UTF-8 LC_ALL=C.UTF-8 RUNBOOK_HOME=${join(temp, 'tmux-home')} TERM=xterm-256color ${process.execPath} ${bin} play ${join(temp, 'slow.yaml')} --yes; sleep 600`;
    tmux('new-session', '-d', '-s', 'resize', '-x', '120', '-y', '30', command);
    const until = async (predicate: (screen: string) => boolean): Promise<string> => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const screen = tmux('capture-pane', '-p', '-t', 'resize');
        if (predicate(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out; screen was:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const commandLine = (screen: string) => screen.split('\n').find((line) => line.includes('$ echo started')) ?? '';
    // The running step's command, cut to the terminal's width.
    const wide = await until((s) => s.includes('│ started') && commandLine(s).includes('…'));
    expect(commandLine(wide).trimEnd().length).toBeGreaterThan(100);
    tmux('resize-window', '-t', 'resize', '-x', '60');
    const narrow = await until((s) => {
      const line = commandLine(s).trimEnd();
      return line.length > 0 && line.length <= 60 && line.endsWith('…');
    });
    expect(narrow).toContain('$ echo started');
    tmux('kill-session', '-t', 'resize');
  }, 60_000);
});
