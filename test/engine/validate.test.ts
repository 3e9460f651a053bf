// Schema errors worded per keyword, semantic checks, and validatePlaybookFile (with the compiler's template checks).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryLoadPlaybookText } from '../../src/engine/load.js';
import { validatePlaybookFile, countBySeverity } from '../../src/engine/validate.js';
import { didYouMean as suggestName } from '../../src/engine/suggest.js';

const head = 'name: demo\ntitle: Demo\n';

function messages(text: string, lang: 'en' | 'zh-CN' = 'en'): string[] {
  return tryLoadPlaybookText('p.yaml', text, { lang }).diagnostics.map((d) => d.message);
}

describe('schema errors', () => {
  it('suggests the key meant for a misspelt one, and does not also complain that the action is missing', () => {
    expect(messages(head + 'steps:\n  - id: stop\n    rn: docker compose down\n')).toEqual([
      'unknown key `rn` in step `stop`; did you mean `run`?',
    ]);
    expect(messages('name: demo\ntitel: Demo\nsteps:\n  - id: a\n    run: x\n')).toEqual([
      'unknown key `titel` in the playbook; did you mean `title`?',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    const d = tryLoadPlaybookText('p.yaml', head + 'steps:\n  - id: a\n    run: x\n    zzzzzz: 1\n', { lang: 'en' }).diagnostics[0];
    expect(d?.message).toBe('unknown key `zzzzzz` in step `a`');
    expect(d?.hint).toMatch(/^allowed here: id, name, description, run, /);
  });

  it('says a step needs exactly one action, or which two it has', () => {
    expect(messages(head + 'steps:\n  - id: idle\n    name: nothing\n')).toEqual([
      'step `idle` needs exactly one action: `run`, `http`, `wait`, `confirm`, `playbook`, `notify`',
    ]);
    expect(messages(head + 'steps:\n  - id: both\n    run: x\n    http: {url: y}\n')).toEqual([
      'step `both` has 2 actions (`run`, `http`); keep exactly one',
    ]);
    expect(messages(head + 'steps:\n  - id: a\n    run: x\n    rollback: {name: undo}\n')).toEqual([
      '`rollback` in step `a` needs exactly one action: `run`, `http`',
    ]);
  });

  it('names the expected and actual types, without anyOf noise', () => {
    expect(messages('name: demo\ntitle: 5\nsteps:\n  - id: a\n    run: x\n    retries: "3"\n    check: 7\n')).toEqual([
      '`title` must be a string or a mapping, not 5',
      '`retries` in step `a` must be an integer, not a string "3"',
      '`check` in step `a` must be a string or a mapping, not 7',
    ]);
    expect(messages(head + 'steps: {id: a}\n')).toEqual(['`steps` must be a list, not a mapping']);
  });

  it('lists the allowed values of an enum', () => {
    expect(messages(head + 'risk: extreme\nsteps:\n  - id: a\n    run: x\n')).toEqual([
      '`risk` must be one of `low`, `medium`, `high`, not "extreme"',
    ]);
  });

  it('reports patterns, empty lists, empty text, limits and duplicates', () => {
    expect(messages('name: Bad Name\ntitle: ""\nsteps: []\ntags: [a, a]\n')).toEqual([
      '`name` ("Bad Name") does not match the pattern ^[a-z0-9][a-z0-9-]{0,63}$',
      '`title` must not be empty',
      '`steps` needs at least 1 item(s)',
      '`tags` lists the same value twice (items 1 and 2)',
    ]);
    expect(messages(head + 'steps:\n  - id: a\n    run: x\n    retries: -1\n    backoff: 11\n')).toEqual([
      '`retries` in step `a` must be at least 0, not -1',
      '`backoff` in step `a` must be at most 10, not 11',
    ]);
  });

  it('merges missing keys of one mapping into one message', () => {
    // `title` is optional (the name stands in for it): only `steps` is missing here.
    expect(messages('name: demo\n')).toEqual(['the playbook is missing the required key `steps`']);
    expect(messages('risk: low\n')).toEqual(['the playbook is missing the required keys `name`, `steps`']);
    expect(messages(head + 'steps:\n  - id: a\n    http: {method: GET}\n')).toEqual(['`http` in step `a` is missing the required key `url`']);
  });

  it('reports an invalid param name at its key', () => {
    const d = tryLoadPlaybookText('p.yaml', head + 'params:\n  Bad-Name: {}\nsteps:\n  - id: a\n    run: x\n', { lang: 'en' }).diagnostics[0];
    expect(d?.code).toBe('schema.property-name');
    expect(d?.location).toMatchObject({ line: 4, col: 3, endCol: 11 });
  });

  it('lists every error of a file, in file order', () => {
    let text = head + 'steps:\n';
    for (let i = 0; i < 30; i++) text += `  - id: s${i}\n    rn: x\n`;
    const lines = tryLoadPlaybookText('p.yaml', text, { lang: 'en' }).diagnostics.map((d) => d.location?.line ?? 0);
    expect(lines).toHaveLength(30);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('speaks Chinese', () => {
    expect(messages(head + 'steps:\n  - id: stop\n    rn: x\n', 'zh-CN')).toEqual(['步骤 `stop` 中有未知的键 `rn`；你是不是想写 `run`？']);
  });
});

describe('suggestName', () => {
  it('finds close names and swapped letters', () => {
    expect(suggestName('rn', ['run', 'http'])).toBe('run');
    expect(suggestName('rnu', ['run', 'http'])).toBe('run');
    expect(suggestName('titel', ['title', 'tags'])).toBe('title');
    expect(suggestName('zzz', ['run', 'http'])).toBeUndefined();
  });
});

describe('semantic checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-semantic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function semantic(text: string) {
    writeFileSync(join(dir, 'p.yaml'), text);
    return tryLoadPlaybookText('p.yaml', text, { lang: 'en', cwd: dir }).diagnostics;
  }

  it('finds duplicate step ids across steps and finally, naming both lines', () => {
    const ds = semantic(head + 'steps:\n  - id: a\n    run: x\nfinally:\n  - id: a\n    run: y\n');
    expect(ds.map((d) => [d.code, d.message, d.location?.line])).toEqual([['step.duplicate-id', 'duplicate step id `a` (lines 4 and 7)', 7]]);
  });

  it('finds params that contradict themselves', () => {
    const ds = semantic(
      head +
        'params:\n' +
        '  p: { pattern: "([a-" }\n' +
        '  c: { type: integer, default: "three" }\n' +
        '  e: { enum: [dev, prod], default: qa }\n' +
        '  o: { pattern: "\\\\d+", default: root }\n' +
        '  r: { type: integer, min: 1, max: 5, default: 9 }\n' +
        '  m: { type: number, min: 2, max: 1 }\n' +
        '  t: { enum: [a, 2] }\n' +
        '  s: { min: 1 }\n' +
        'steps:\n  - id: a\n    run: x\n',
    );
    expect(ds.map((d) => d.code)).toEqual([
      'param.bad-pattern',
      'param.default-type',
      'param.default-enum',
      'param.default-pattern',
      'param.default-max',
      'param.min-max',
      'param.enum-type',
      'param.min-max-type',
    ]);
    expect(ds[0]?.message).toBe('the pattern of param `p` is not a valid regular expression: Range out of order in character class');
  });

  it('accepts defaults that satisfy their own rules', () => {
    expect(semantic(head + 'params:\n  o: { pattern: "\\\\d+:\\\\d+", default: "1:2", enum: ["1:2"] }\n  n: { type: number, min: 0, max: 1, default: 0.5 }\nsteps:\n  - id: a\n    run: x\n')).toEqual([]);
  });

  it('finds sandbox params that are not declared', () => {
    const ds = semantic(head + 'params:\n  volume_dir: {}\nsandbox:\n  params:\n    volume_dirs: /tmp\nsteps:\n  - id: a\n    run: x\n');
    expect(ds.map((d) => d.message)).toEqual(['`sandbox.params` sets `volume_dirs`, which is not a declared param; did you mean `volume_dir`?']);
  });

  it('finds includes that do not exist, relative to the playbook', () => {
    writeFileSync(join(dir, 'child.yaml'), head + 'steps:\n  - id: a\n    run: x\n');
    const ds = semantic(head + 'steps:\n  - id: ok\n    playbook: {path: child.yaml}\n  - id: bad\n    playbook: {path: nope.yaml}\n');
    expect(ds.map((d) => [d.code, d.location?.line])).toEqual([['step.include-missing', 7]]);
  });
});

describe('validatePlaybookFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the template checks of the compiler to a schema-valid playbook', async () => {
    writeFileSync(join(dir, 't.yaml'), head + 'params:\n  owner: {default: x}\nsteps:\n  - id: a\n    run: echo {{ownr}}\n');
    const result = await validatePlaybookFile('t.yaml', { cwd: dir, lang: 'en' });
    expect(result.diagnostics.map((d) => d.code)).toContain('template.unknown-name');
    expect(result.diagnostics[0]?.location).toMatchObject({ file: 't.yaml', line: 7, col: 17 });
    expect(countBySeverity(result.diagnostics).errors).toBeGreaterThan(0);
  });

  it('returns no diagnostics for a valid playbook, and never throws for bad input', async () => {
    writeFileSync(join(dir, 'ok.yaml'), head + 'steps:\n  - id: a\n    run: echo hi\n');
    expect((await validatePlaybookFile('ok.yaml', { cwd: dir, lang: 'en' })).diagnostics).toEqual([]);
    const missing = await validatePlaybookFile('missing.yaml', { cwd: dir, lang: 'en' });
    expect(missing.diagnostics[0]?.code).toBe('file.unreadable');
  });
});
