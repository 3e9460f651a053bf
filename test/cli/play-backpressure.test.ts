// A step printing fast through a slow reader of stdout (a pipe, as in CI) keeps the engine's memory bounded, and the journal whole.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fixtures, workspace, writePlaybook } from './play-helpers.js';

const MIB = 1024 * 1024;
const BYTES = 256 * MIB;
const LINE = 'x'.repeat(99);

/**
 * Runs the playbook with stdout read slowly: what is buffered (at most a pipe's worth) every 2 ms, slower than a
 * step can print. Resolves with the exit code, the bytes read and the engine's peak RSS (measured by
 * a module preloaded into it, from outside the engine's code).
 */
function playThroughSlowReader(dir: string, output: 'plain' | 'json'): Promise<{ code: number | null; read: number; printed: number; peakRssMib: number; stderr: string }> {
  const rssFile = join(dir, `rss-${output}`);
  const child = spawn(process.execPath, ['--import', join(fixtures, 'report-max-rss.mjs'), bin, 'play', 'flood.yaml', '--output', output], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, RUNBOOK_HOME: join(dir, '.runbook'), LANG: 'C', CI: '1', RUNBOOK_TEST_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let read = 0;
  // Bytes of the child's output the reader saw: output lines (plain), or the text of step.output events (json).
  let printed = 0;
  let partial = '';
  const count = (chunk: Buffer): void => {
    if (output === 'plain') {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) printed += LINE.length + 1;
      return;
    }
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as { type: string; text?: string };
      if (event.type === 'step.output') printed += event.text!.length;
    }
  };
  let ended = false;
  child.stdout.on('end', () => (ended = true));
  // Read with read() only, a stream is resumed by Node when its process exits (child_process flushStdio), and what
  // this slow reader has not read yet flows away unread: the last lines would be lost whenever the reader lags.
  // A 'readable' listener keeps it paused.
  child.stdout.on('readable', () => {});
  const reader = (async () => {
    while (!ended) {
      const chunk = child.stdout.read() as Buffer | null;
      if (chunk) {
        read += chunk.length;
        count(chunk);
      }
      // The throttle that makes this reader slow (not a wait for something to happen).
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (!chunk && child.stdout.readableEnded) break;
    }
  })();
  return new Promise((resolve) => {
    child.on('close', async (code) => {
      await reader;
      resolve({ code, read, printed, peakRssMib: Number(readFileSync(rssFile, 'utf8')) / 1024, stderr });
    });
  });
}

describe('a step printing 256 MiB through a slow reader of stdout', () => {
  for (const output of ['plain', 'json'] as const) {
    it(`keeps the engine's memory bounded and every line, and the journal as always (--output ${output})`, async () => {
      const dir = workspace();
      writePlaybook(dir, 'flood.yaml', `name: flood\ntitle: Flood\nsteps:\n  - id: flood\n    run: "{ yes ${LINE} || true; } | head -c ${BYTES}"\n`);
      const result = await playThroughSlowReader(dir, output);
      expect(result.code, result.stderr).toBe(0);
      console.log(`slow reader, --output ${output}: peak RSS ${result.peakRssMib.toFixed(0)} MiB for 256 MiB of output`);
      expect(result.peakRssMib).toBeLessThan(200);
      // Nothing was dropped: every line of the child reached the reader.
      expect(result.read).toBeGreaterThan(BYTES);
      // (plain counts the run's own lines too; the child's are all there.)
      expect(result.printed).toBeGreaterThanOrEqual(BYTES);
      // The journal keeps what it always kept: the head of the log up to its cap, then the tail.
      const runs = join(dir, '.runbook', 'runs');
      const log = join(runs, readdirSync(runs)[0]!, 'steps', 'flood.log');
      expect(statSync(log).size).toBeGreaterThan(8 * MIB);
      expect(statSync(log).size).toBeLessThan(9 * MIB);
      expect(readFileSync(log, 'utf8').slice(-20_000)).toContain('[runbook: output truncated: ');
    }, 120_000);
  }
});

describe.runIf(process.platform === 'linux')('a step printing fast into a pipe (`| reader`) read more slowly', () => {
  it('gets a 1 MiB pipe once the reader falls behind, and every line still arrives', () => {
    const dir = workspace();
    writePlaybook(dir, 'flood.yaml', `name: flood\ntitle: Flood\nsteps:\n  - id: flood\n    run: "{ yes ${LINE} || true; } | head -c ${32 * MIB}"\n`);
    // The reader starts late (it is behind from the first MiB on), says the pipe's size (F_GETPIPE_SZ), then reads it all.
    const reader = `sleep 1; /usr/bin/perl -e 'print STDERR "pipe ", fcntl(STDIN, 1032, 0), "\\n"'; wc -l`;
    const result = spawnSync('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', `'${process.execPath}' '${bin}' play flood.yaml --output plain | { ${reader}; }`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, RUNBOOK_HOME: join(dir, '.runbook'), LANG: 'C', CI: '1' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`pipe ${1024 * 1024}\n`);
    // Every line of the child, and the run's own lines around them.
    expect(Number(result.stdout.trim())).toBeGreaterThan((32 * MIB) / (LINE.length + 1));
  }, 60_000);
});
