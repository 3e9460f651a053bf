// The module boundaries and size limits of docs/architecture.md are checked by `npm run lint` (part of `npm test`):
// an import across a boundary, a file over 400 lines or a function over 80 lines is a lint error.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  // The repository's own eslint.config.js, as `npm run lint` reads it.
  eslint = new ESLint({ cwd: repoRoot });
});

/** The messages ESLint gives `code` as if it were the file `file` of the repository (the file need not exist). */
async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result?.messages ?? [];
}

function importing(specifier: string): string {
  return `import { thing } from '${specifier}';\n\nexport const used = thing;\n`;
}

const restricted = (messages: Linter.LintMessage[]) => messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('imports that cross a boundary fail the lint', () => {
  it.each([
    ['src/engine/probe.ts', '../ui/plain.js', 'src/engine must not import'],
    ['src/engine/run/probe.ts', '../../cli/main.js', 'src/engine must not import'],
    ['src/engine/compile/probe.ts', '../../review/plan-markdown.js', 'src/engine must not import'],
    ['src/engine/probe.ts', '../authoring/build.js', 'src/engine must not import'],
    ['src/steps/probe-kind.ts', '../engine/run/runner.js', 'only the model'],
    ['src/steps/probe-kind.ts', '../engine/compile/pass.js', 'only the model'],
    ['src/steps/probe-kind.ts', '../engine/run/journal.js', 'only the model'],
    ['src/steps/probe-kind.ts', '../ui/plain.js', 'src/steps must not import'],
    ['src/i18n/probe.ts', '../engine/plan.js', 'src/i18n must not import'],
    ['src/i18n/probe.ts', '../engine/text.js', 'src/i18n must not import'],
    ['src/process/probe.ts', '../steps/index.js', 'src/process is neutral'],
    ['src/process/probe.ts', '../engine/events.js', 'src/process is neutral'],
    ['src/bytes/probe.ts', '../engine/events.js', 'src/bytes (byte routines in WebAssembly) is a leaf'],
    ['src/bytes/probe.ts', '../ui/bulk-out.js', 'src/bytes (byte routines in WebAssembly) is a leaf'],
  ])('%s importing %s', async (file, specifier, says) => {
    const errors = restricted(await lint(file, importing(specifier)));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.severity).toBe(2);
    expect(errors[0]!.message).toContain(says);
    expect(errors[0]!.message).toContain('docs/architecture.md');
  });

  it('type-only imports and re-exports count too', async () => {
    expect(restricted(await lint('src/engine/probe.ts', "import type { Reporter } from '../ui/reporter.js';\n\nexport type R = Reporter;\n"))).toHaveLength(1);
    expect(restricted(await lint('src/steps/probe-kind.ts', "export { runPlan } from '../engine/run/runner.js';\n"))).toHaveLength(1);
  });

  it('so do import() and typeof import()', async () => {
    const lazy = await lint('src/engine/run/probe.ts', "export async function load(): Promise<unknown> {\n  return import('../../ui/plain.js');\n}\n");
    expect(lazy.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message)).toEqual([expect.stringContaining('src/engine must not import')]);
    const typed = await lint('src/steps/probe-kind.ts', "export type Runner = typeof import('../engine/run/runner.js');\n");
    expect(typed.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message)).toEqual([expect.stringContaining('only the model')]);
    const allowed = await lint('src/engine/run/probe.ts', "export async function load(): Promise<unknown> {\n  return import('../../steps/index.js');\n}\n");
    expect(allowed.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });
});

describe('imports within the boundaries pass', () => {
  it.each([
    ['src/steps/probe-kind.ts', '../engine/plan.js'],
    ['src/steps/probe-kind.ts', '../engine/playbook.gen.js'],
    ['src/steps/probe-kind.ts', '../engine/events.js'],
    ['src/steps/probe-kind.ts', '../engine/loaded.js'],
    ['src/steps/probe-kind.ts', '../engine/text.js'],
    ['src/steps/probe-kind.ts', '../engine/duration.js'],
    ['src/steps/probe-kind.ts', '../process/sleep.js'],
    ['src/steps/probe-kind.ts', '../i18n/index.js'],
    ['src/steps/probe-kind.ts', '../notify/deliver.js'],
    ['src/steps/probe-kind.ts', '../remote/session.js'],
    ['src/engine/run/probe.ts', '../../steps/index.js'],
    ['src/engine/run/probe.ts', '../../process/group.js'],
    ['src/engine/probe.ts', '../i18n/index.js'],
    ['src/i18n/probe.ts', './lang.js'],
    ['src/ui/probe.ts', '../engine/run/runner.js'],
  ])('%s importing %s', async (file, specifier) => {
    expect(restricted(await lint(file, importing(specifier)))).toEqual([]);
  });
});

describe('size limits', () => {
  it('a source file of 401 lines fails max-lines', async () => {
    const code = Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    const messages = await lint('src/engine/probe.ts', code);
    expect(messages.map((m) => m.ruleId)).toContain('max-lines');
  });

  it('a function of 81 lines fails max-lines-per-function; 80 pass', async () => {
    const fn = (lines: number) => `export function long(): number {\n  let n = 0;\n${'  n++;\n'.repeat(lines - 4)}  return n;\n}\n`;
    expect((await lint('src/ui/probe.ts', fn(81))).map((m) => m.ruleId)).toContain('max-lines-per-function');
    expect((await lint('src/ui/probe.ts', fn(80))).map((m) => m.ruleId)).not.toContain('max-lines-per-function');
  });

  it('generated code is exempt', async () => {
    const code = Array.from({ length: 500 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    const messages = await lint('src/engine/probe.gen.ts', code);
    expect(messages.map((m) => m.ruleId)).not.toContain('max-lines');
  });
});
