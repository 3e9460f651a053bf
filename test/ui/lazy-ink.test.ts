// `validate` and `plan` never load Ink or React: checked on the built CLI by recording every module it loads.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The built CLI (the global test setup builds dist/); RUNBOOK_TEST_BIN points at another build.
const bin = process.env.RUNBOOK_TEST_BIN ? resolve(process.env.RUNBOOK_TEST_BIN) : join(root, 'bin/runbook.js');
const hooks = join(root, 'test/fixtures/ui/record-modules.mjs');
const playbook = join(root, 'test/fixtures/ui/gate-rollback.yaml');
const temp = mkdtempSync(join(tmpdir(), 'runbook-lazy-ink-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const UI_LIBRARIES = /\/node_modules\/(ink|react|react-reconciler|yoga-layout)\//;

/** Source files bundled into a built chunk, from its linked source map. */
function sourcesOf(chunk: string): string[] {
  const map = `${chunk}.map`;
  if (!existsSync(map)) return [];
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  return sources.map((s) => resolve(dirname(chunk), s));
}

/** Runs the CLI (`entry`: bin/runbook.js, or dist/cli.js for the full CLI) and returns every source file of every module it loaded. */
function loadedSources(args: string[], name: string, entry = bin): string[] {
  const log = join(temp, `${name}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_MODULE_LOG: log, RUNBOOK_HOME: join(temp, 'home') };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['--import', hooks, entry, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  expect(result.error).toBeUndefined();
  const urls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  const files = urls.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  expect(files.length, `${name}: ${result.stderr}`).toBeGreaterThan(1);
  return files.flatMap((f) => [f, ...sourcesOf(f)]);
}

describe('Ink and React are loaded only by the live view', () => {
  it('validate does not load them: neither its own bundle nor the full CLI', () => {
    // `runbook validate` runs dist/fast/validate.cjs (one CommonJS file, required by bin/runbook.js, so the ES
    // module hooks do not see it): what it can load is what its source map lists.
    const sources = sourcesOf(join(dirname(bin), '../dist/fast/validate.cjs'));
    expect(sources.some((s) => s.endsWith('src/engine/validate.ts'))).toBe(true);
    expect(sources.filter((s) => UI_LIBRARIES.test(s) || /\/node_modules\/execa\//.test(s))).toEqual([]);
    expect(loadedSources(['validate', playbook], 'validate-full', join(dirname(bin), '../dist/cli.js')).filter((s) => UI_LIBRARIES.test(s))).toEqual([]);
  });

  it('plan does not load them', () => {
    expect(loadedSources(['plan', playbook], 'plan').filter((s) => UI_LIBRARIES.test(s))).toEqual([]);
  });

  it('play with plain or NDJSON output does not load them either', () => {
    expect(loadedSources(['play', playbook, '--yes', '--output', 'json'], 'play-json').filter((s) => UI_LIBRARIES.test(s))).toEqual([]);
  });

  it('play with the live view does load them (so the check above can see them)', () => {
    const sources = loadedSources(['play', playbook, '--yes', '--output', 'ink'], 'play-ink');
    expect(sources.some((s) => /\/node_modules\/ink\//.test(s))).toBe(true);
    expect(sources.some((s) => /\/node_modules\/react\//.test(s))).toBe(true);
  });
});
