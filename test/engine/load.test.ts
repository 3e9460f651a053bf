// Loading playbooks: exact positions (BOM, CRLF, tabs, CJK), locate/locateKey, frozen results, typed errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlaybookFile, loadPlaybookText, tryLoadPlaybookText } from '../../src/engine/load.js';
import { ExitCode, InvalidPlaybookError } from '../../src/engine/errors.js';

const minimal = 'name: demo\ntitle: Demo\nsteps:\n  - id: hello\n    run: echo hello\n';

function firstError(text: string, lang: 'en' | 'zh-CN' = 'en') {
  const result = tryLoadPlaybookText('p.yaml', text, { lang });
  const d = result.diagnostics[0];
  if (!d) throw new Error('expected a diagnostic');
  return d;
}

describe('loadPlaybookText', () => {
  it('returns the playbook, its source, hash and positions', () => {
    const loaded = loadPlaybookText('p.yaml', minimal, { lang: 'en' });
    expect(loaded.playbook.steps[0]?.run).toBe('echo hello');
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.locate(['steps', 0, 'run'])).toEqual({ line: 5, col: 10, endLine: 5, endCol: 20, scalar: 'PLAIN' });
    expect(loaded.locateKey(['steps', 0, 'run'])).toMatchObject({ line: 5, col: 5, endLine: 5, endCol: 8 });
  });

  it('locates the nearest existing parent of a missing path', () => {
    const loaded = loadPlaybookText('p.yaml', minimal, { lang: 'en' });
    expect(loaded.locate(['steps', 0, 'verify', 'run'])?.line).toBe(4);
    expect(loaded.locateKey(['steps', 0, 'nothing'])?.line).toBe(4);
  });

  it('tells how each string was written', () => {
    const text = "name: demo\ntitle: 'Demo'\ndescription: \"x\"\nsteps:\n  - id: a\n    run: |\n      echo 1\n";
    const loaded = loadPlaybookText('p.yaml', text, { lang: 'en' });
    expect(loaded.locate(['title'])?.scalar).toBe('QUOTE_SINGLE');
    expect(loaded.locate(['description'])?.scalar).toBe('QUOTE_DOUBLE');
    expect(loaded.locate(['steps', 0, 'run'])?.scalar).toBe('BLOCK_LITERAL');
  });

  it('deep-freezes the playbook', () => {
    const loaded = loadPlaybookText('p.yaml', minimal, { lang: 'en' });
    expect(Object.isFrozen(loaded.playbook)).toBe(true);
    expect(Object.isFrozen(loaded.playbook.steps[0])).toBe(true);
    expect(() => {
      (loaded.playbook.steps as unknown as unknown[]).push({});
    }).toThrow();
  });

  it('throws InvalidPlaybookError with exit code 2 and located diagnostics', () => {
    let caught: unknown;
    try {
      loadPlaybookText('p.yaml', minimal.replace('run:', 'rn:'), { lang: 'en' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidPlaybookError);
    const error = caught as InvalidPlaybookError;
    expect(error.exitCode).toBe(ExitCode.invalid);
    expect(error.diagnostics[0]).toMatchObject({
      code: 'schema.unknown-key',
      message: 'unknown key `rn` in step `hello`; did you mean `run`?',
      location: { file: 'p.yaml', line: 5, col: 5, endLine: 5, endCol: 7 },
    });
  });
});

describe('positions', () => {
  it('strips a BOM and keeps line 1 columns as an editor shows them', () => {
    const d = firstError('\uFEFFnme: demo\ntitle: Demo\nsteps:\n  - id: a\n    run: x\n');
    expect(d.location).toMatchObject({ line: 1, col: 1, endCol: 4 });
    const loaded = loadPlaybookText('p.yaml', '\uFEFF' + minimal, { lang: 'en' });
    expect(loaded.source.startsWith('name')).toBe(true);
    expect(loaded.locate(['name'])).toMatchObject({ line: 1, col: 7 });
  });

  it('counts CRLF line endings as one line break', () => {
    const d = firstError('name: demo\r\ntitle: Demo\r\nrisk: huge\r\nsteps:\r\n  - id: a\r\n    run: x\r\n');
    expect(d.location).toMatchObject({ line: 3, col: 7, endLine: 3, endCol: 11 });
  });

  it('counts a tab as one column', () => {
    const d = firstError('name: demo\ntitle: Demo\nsteps:\n  - id: a\n    http: {url:\t"http://x",\tmethod: FETCH}\n');
    expect(d.location).toMatchObject({ line: 5, col: 37, endCol: 42 });
  });

  it('counts CJK and astral characters as one column each', () => {
    const d = firstError('name: demo\ntitle: {zh-CN: 修复权限, en: ""}\nsteps:\n  - id: a\n    run: x\n');
    expect(d.location).toMatchObject({ line: 2, col: 26, endCol: 28 });
    const emoji = firstError('name: demo\ntitle: {zh-CN: 🚀🚀, en: ""}\nsteps:\n  - id: a\n    run: x\n');
    expect(emoji.location).toMatchObject({ line: 2, col: 24 });
  });
});

describe('YAML that is not a plain playbook', () => {
  it.each([
    ['empty file', '', 'yaml.empty'],
    ['comments only', '# nothing\n', 'yaml.empty'],
    ['a list', '- a\n- b\n', 'yaml.not-mapping'],
    ['a scalar', 'hello\n', 'yaml.not-mapping'],
    ['several documents', 'name: a\n---\nname: b\n', 'yaml.multiple-documents'],
    ['a custom tag', 'name: !include x.yaml\n', 'yaml.tag'],
    ['a js tag', 'name: !!js/function "f"\n', 'yaml.tag'],
    ['a core tag', 'name: !!str a\n', 'yaml.tag'],
    ['a syntax error', 'name: [a\ntitle: b\n', 'yaml.syntax'],
    ['a NUL byte', 'name: a\u0000b\n', 'file.binary'],
    ['an escape character', 'name: a\u001bb\n', 'yaml.control-char'],
    ['a collection as key', '[a, b]: c\n', 'yaml.complex-key'],
  ])('%s', (_label, text, code) => {
    expect(firstError(text).code).toBe(code);
  });

  it('names both lines of a duplicate key', () => {
    const d = firstError('name: a\ntitle: b\nname: c\n');
    expect(d).toMatchObject({ code: 'yaml.duplicate-key', message: 'duplicate key `name` (lines 1 and 3)', location: { line: 3, col: 1 } });
  });

  it('says to quote an unquoted template', () => {
    for (const run of ['{{ x }}', '{{ x }} --force', '{{x}}']) {
      const d = firstError(`name: a\ntitle: b\nsteps:\n  - id: a\n    run: ${run}\n`);
      expect(d.code).toBe('yaml.unquoted-template');
      expect(d.location).toMatchObject({ line: 5, col: 10 });
      expect(d.hint).toContain('quote the template');
    }
  });

  it('speaks Chinese when asked', () => {
    expect(firstError('name: a\ntitle: b\nname: c\n', 'zh-CN').message).toBe('重复的键 `name`（第 1 行和第 3 行）');
  });
});

describe('loadPlaybookFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file and keeps the path as given', async () => {
    writeFileSync(join(dir, 'ok.yaml'), minimal);
    const loaded = await loadPlaybookFile('ok.yaml', { cwd: dir, lang: 'en' });
    expect(loaded.file).toBe('ok.yaml');
    expect(loaded.absolutePath).toBe(join(dir, 'ok.yaml'));
  });

  it('rejects a missing file, a directory, bad UTF-8 and a file over the cap, with exit code 2', async () => {
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x6e, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'big.yaml'), 'name: a\n#' + 'x'.repeat(1024 * 1024) + '\n');
    const cases: [string, string][] = [
      ['nope.yaml', 'file.unreadable'],
      ['.', 'file.unreadable'],
      ['latin1.yaml', 'file.not-utf8'],
      ['big.yaml', 'file.too-large'],
    ];
    for (const [file, code] of cases) {
      const error = await loadPlaybookFile(file, { cwd: dir, lang: 'en' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, file).toBeInstanceOf(InvalidPlaybookError);
      expect((error as InvalidPlaybookError).exitCode).toBe(2);
      expect((error as InvalidPlaybookError).diagnostics[0]?.code).toBe(code);
    }
  });

  it('says the size cap', async () => {
    const error = (await loadPlaybookFile('big.yaml', { cwd: dir, lang: 'en' }).catch((e: unknown) => e)) as InvalidPlaybookError;
    expect(error.diagnostics[0]?.message).toContain('1 MiB (1048576 bytes)');
  });
});

describe('unquoted templates in lists', () => {
  it('says to quote a template that starts a list item', () => {
    for (const item of ['{{ check }}', '{{ check }} --quiet']) {
      const d = tryLoadPlaybookText('p.yaml', `name: a\ntitle: b\npreconditions:\n  - ${item}\nsteps:\n  - id: a\n    run: x\n`, { lang: 'en' }).diagnostics[0];
      expect(d?.code).toBe('yaml.unquoted-template');
      expect(d?.location).toMatchObject({ line: 4, col: 5 });
      expect(d?.hint).toBe('quote the template, e.g. - "{{ x }} ..."');
    }
  });
});
