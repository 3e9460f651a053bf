// A step printing megabytes of mixed output: `play` prints the same bytes with the WebAssembly routines
// (ui/bulk-out.ts, the secret search of bytes/search.ts) as without them (RUNBOOK_DISABLE_WASM).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJsonLine } from '../../src/ui/json.js';
import { sanitizeLine } from '../../src/ui/sanitize.js';
import { bin, workspace, writePlaybook } from './play-helpers.js';

const SECRET = 'tok-3f9a-Secret';

// Printable lines in bulk (with tabs, quotes, backslashes), the secret in the middle of them, an escape
// sequence, a carriage return, non-ASCII text, and a last line without a newline; then stderr in a step of its own.
const PRINT = [
  `seq 1 40000 | sed 's/$/ INFO\\t"quoted" \\\\ back/'`,
  `echo token is {{token}} here`,
  `printf 'é 修复\\n\\033[31mred\\033[0m\\nprogress 10%%\\rdone\\n'`,
  `{ yes 'x' || true; } | head -c 300000`,
  `printf 'tail without newline'`,
].join('; ');

function playbook(dir: string): void {
  writePlaybook(dir, 'mixed.yaml', `name: mixed\ntitle: Mixed output\nparams:\n  token: { type: string, secret: true }\nsteps:\n  - id: mixed\n    run: ${JSON.stringify(PRINT)}\n  - id: errors\n    run: seq 1 30000 >&2\n`);
}

async function play(dir: string, output: 'plain' | 'json', wasm: boolean) {
  const home = join(dir, `home-${output}-${wasm}`);
  const env = { ...process.env, LANG: 'en_US.UTF-8', RUNBOOK_HOME: home, RUNBOOK_PARAM_TOKEN: SECRET, CI: '1', RUNBOOK_DISABLE_WASM: wasm ? '' : '1' };
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, 'play', 'mixed.yaml', '--output', output], { cwd: dir, env, maxBuffer: 1 << 30 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
  expect(result.code, result.stderr).toBe(0);
  const run = readdirSync(join(home, 'runs'))[0]!;
  const log = (step: string) => readFileSync(join(home, 'runs', run, 'steps', `${step}.log`), 'utf8');
  return { stdout: result.stdout, log: `${log('mixed')}\n${log('errors')}` };
}

describe('play: large output with and without the WebAssembly routines', () => {
  it('plain: every line of the step, prefixed and sanitised, the secret masked — the same bytes either way', async () => {
    const dir = workspace();
    playbook(dir);
    const [bulk, strings] = [await play(dir, 'plain', true), await play(dir, 'plain', false)];
    const lines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('    │ '));
    expect(bulk.stdout).not.toContain(SECRET);
    expect(bulk.stdout).toContain('token is ••••••');
    const expected = bulk.log.trimEnd().split('\n').map((line) => `    │ ${sanitizeLine(line)}`);
    expect(lines(bulk.stdout)).toEqual(expected);
    expect(strings.stdout.replace(/\d{8}-\d{6}-[0-9a-f]{4}|home-plain-false|\d+\.\ds/g, '')).toBe(bulk.stdout.replace(/\d{8}-\d{6}-[0-9a-f]{4}|home-plain-true|\d+\.\ds/g, ''));
    expect(lines(bulk.stdout).length).toBeGreaterThan(70_000);
  });

  it('json: each line byte for byte what JSON.stringify makes of its event, and the same text either way', async () => {
    const dir = workspace();
    playbook(dir);
    for (const wasm of [true, false]) {
      const { stdout } = await play(dir, 'json', wasm);
      expect(stdout).not.toContain(SECRET);
      const text = { stdout: '', stderr: '' };
      for (const line of stdout.split('\n').slice(0, -1)) {
        const event = JSON.parse(line) as { type: string; stream: 'stdout' | 'stderr'; text: string };
        expect(`${line}\n`).toBe(formatJsonLine(event as never));
        if (event.type === 'step.output') text[event.stream] += event.text;
      }
      // seq's lines, the token's, three more, yes's, and the last without a newline.
      expect(text.stdout.split('\n')).toHaveLength(40000 + 1 + 3 + 300000 / 2 + 1);
      expect(text.stdout).toContain('token is •••••• here\né 修复\n\u001b[31mred\u001b[0m\nprogress 10%\rdone\n');
      expect(text.stdout.endsWith('x\ntail without newline')).toBe(true);
      expect(text.stderr.split('\n')).toHaveLength(30001);
    }
  });
});
