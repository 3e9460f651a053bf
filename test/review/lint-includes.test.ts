// Lint follows `playbook:` includes: findings in the included file with its own line:col and a note, each file once, gates across the include.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { loadPlaybookFile } from '../../src/engine/load.js';
import type { LoadedPlaybook } from '../../src/engine/loaded.js';
import { lintFiles } from '../../src/review/lint/lint.js';
import { formatLintText } from '../../src/review/lint/format/text.js';
import { formatLintGithub } from '../../src/review/lint/format/github.js';
import { formatLintJson } from '../../src/review/lint/format/json.js';
import { formatLintSarif } from '../../src/review/lint/format/sarif.js';
import { translator } from '../../src/i18n/index.js';
import { reviewCatalog } from '../../src/i18n/review.js';

const head = (name: string): string => `name: ${name}
title: Playbook ${name} for the include tests
description: Exercises lint across playbook includes.
`;

/** A playbook that only includes others, optionally behind a confirm step. */
const including = (name: string, includes: string[], gate = false): string =>
  head(name) +
  'steps:\n' +
  (gate ? '  - id: ask\n    confirm: Go on?\n' : '') +
  includes.map((p, i) => `  - id: inc${i}\n    playbook:\n      path: ${p}\n`).join('');

const WIPE = `${head('wipe')}steps:
  - id: wipe
    run: rm -rf /srv/cache
    verify: test ! -e /srv/cache
`;

let dir: string;
const write = (file: string, text: string): void => {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
};
const lint = (files: string[], options: { follow?: boolean; load?: (f: string) => Promise<LoadedPlaybook> } = {}) =>
  lintFiles(files, { lang: 'en', cwd: dir, ...options });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-lint-includes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lint follows includes', () => {
  it('reports a finding in the included file at its own line:col, noting the include step', async () => {
    write('main.yaml', including('main', ['lib/wipe.yaml']));
    write('lib/wipe.yaml', WIPE);
    const results = await lint(['main.yaml']);
    expect(results.map((r) => r.file)).toEqual(['main.yaml', join('lib', 'wipe.yaml')]);
    expect(results[0]!.findings).toEqual([]);
    const [finding, ...rest] = results[1]!.findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'destructive-without-gate', file: join('lib', 'wipe.yaml'), line: 6, col: 10 });
    // `path: lib/wipe.yaml` of step inc0 is at line 7, col 13 of main.yaml.
    expect(finding!.includedFrom).toEqual({ file: 'main.yaml', line: 7, col: 13 });
    expect(results[1]!.includedFrom).toEqual({ file: 'main.yaml', line: 7, col: 13 });

    const text = formatLintText(results, translator(reviewCatalog, 'en'));
    expect(text).toContain(`${join('lib', 'wipe.yaml')}:6:10  error  \`rm -rf\` in step \`wipe\``);
    expect(text).toContain('    included from main.yaml:7\n');
    expect(text.trimEnd().split('\n').pop()).toBe('1 error(s), 0 warning(s) in 2 file(s)');
    expect(formatLintText(results, translator(reviewCatalog, 'zh-CN'))).toContain('    由 main.yaml:7 包含\n');
    expect(formatLintGithub(results)).toMatch(/^::error file=lib\/wipe\.yaml,line=6,col=10,.*%0Aincluded from main\.yaml:7$/m);
    const json = JSON.parse(formatLintJson(results)) as { files: unknown[]; findings: { includedFrom?: unknown }[] };
    expect(json.files).toEqual([
      { file: 'main.yaml', invalid: false },
      { file: join('lib', 'wipe.yaml'), invalid: false, includedFrom: { file: 'main.yaml', line: 7, col: 13 } },
    ]);
    expect(json.findings[0]!.includedFrom).toEqual({ file: 'main.yaml', line: 7, col: 13 });
  });

  it('resolves an include relative to the including file, recursively', async () => {
    write('main.yaml', including('main', ['a/mid.yaml']));
    write('a/mid.yaml', including('mid', ['../b/wipe.yaml']));
    write('b/wipe.yaml', WIPE);
    const results = await lint(['main.yaml']);
    expect(results.map((r) => [r.file, r.includedFrom?.file])).toEqual([
      ['main.yaml', undefined],
      [join('a', 'mid.yaml'), 'main.yaml'],
      [join('b', 'wipe.yaml'), join('a', 'mid.yaml')],
    ]);
    expect(results[2]!.findings.map((f) => f.rule)).toEqual(['destructive-without-gate']);
  });

  it('lints each file of a cycle once (a includes b includes a)', async () => {
    write('a.yaml', including('a', ['b.yaml']));
    write('b.yaml', including('b', ['a.yaml', 'b.yaml']));
    const loads: string[] = [];
    const results = await lint(['a.yaml'], {
      load: (file) => {
        loads.push(file);
        return loadPlaybookFile(file, { lang: 'en', cwd: dir });
      },
    });
    expect(loads).toEqual(['a.yaml', 'b.yaml']);
    expect(results.map((r) => r.file)).toEqual(['a.yaml', 'b.yaml']);
    // What `plan` refuses, lint reports: the cycle, at each file's include step.
    expect(results.every((r) => r.invalid)).toBe(true);
    expect(results.map((r) => r.findings.map((f) => f.message.replace(/^.*\[/, '[')))).toEqual([['[include.cycle]'], ['[include.cycle]']]);
  });

  it('lints a file given by the user in its own right, once, with no note, even when another given file includes it', async () => {
    write('main.yaml', including('main', ['wipe.yaml']));
    write('wipe.yaml', WIPE);
    const results = await lint(['main.yaml', 'wipe.yaml']);
    expect(results.map((r) => r.file)).toEqual(['main.yaml', 'wipe.yaml']);
    expect(results[1]!.includedFrom).toBeUndefined();
    expect(results[1]!.findings[0]?.includedFrom).toBeUndefined();
  });

  it('follow: false lints only the files given', async () => {
    write('main.yaml', including('main', ['wipe.yaml']));
    write('wipe.yaml', WIPE);
    const results = await lint(['main.yaml'], { follow: false });
    expect(results.map((r) => r.file)).toEqual(['main.yaml']);
    expect(results[0]!.findings).toEqual([]);
  });

  it('a missing include makes the including playbook invalid, at the include path', async () => {
    write('main.yaml', including('main', ['nope.yaml']));
    for (const follow of [true, false]) {
      const results = await lint(['main.yaml'], { follow });
      expect(results).toHaveLength(1);
      expect(results[0]!.invalid).toBe(true);
      expect(results[0]!.findings).toEqual([
        expect.objectContaining({ rule: 'invalid-playbook', file: 'main.yaml', line: 7, col: 13, message: expect.stringContaining('[step.include-missing]') }),
      ]);
    }
  });

  it('an included file that is not a valid playbook is invalid, with the note', async () => {
    write('main.yaml', including('main', ['broken.yaml']));
    write('broken.yaml', `${head('broken')}steps:\n  - id: x\n    rn: echo\n`);
    const results = await lint(['main.yaml']);
    expect(results.map((r) => [r.file, r.invalid])).toEqual([
      ['main.yaml', false],
      ['broken.yaml', true],
    ]);
    expect(results[1]!.findings[0]).toMatchObject({ rule: 'invalid-playbook', file: 'broken.yaml', line: 6, includedFrom: { file: 'main.yaml', line: 7 } });
  });

  it('skips an include whose path is a template (known only with parameters)', async () => {
    write('main.yaml', `${head('main')}params:\n  which: { default: wipe }\nsteps:\n  - id: inc\n    playbook:\n      path: '{{which}}.yaml'\n`);
    write('wipe.yaml', WIPE);
    expect((await lint(['main.yaml'])).map((r) => r.file)).toEqual(['main.yaml']);
  });
});

describe('destructive-without-gate across an include', () => {
  it('a confirm before the include step gates the included playbook', async () => {
    write('main.yaml', including('main', ['wipe.yaml'], true));
    write('wipe.yaml', WIPE);
    const results = await lint(['main.yaml']);
    expect(results.map((r) => r.file)).toEqual(['main.yaml', 'wipe.yaml']);
    expect(results.flatMap((r) => r.findings)).toEqual([]);
  });

  it('the gate must be before the include step, in the same list', async () => {
    write('main.yaml', `${head('main')}steps:\n  - id: inc\n    playbook: { path: wipe.yaml }\n  - id: ask\n    confirm: Go on?\nfinally:\n  - id: inc2\n    playbook: { path: wipe.yaml }\n`);
    write('wipe.yaml', WIPE);
    const results = await lint(['main.yaml']);
    expect(results[1]!.findings.map((f) => f.rule)).toEqual(['destructive-without-gate']);
  });

  it('every include must be gated: the note names the one that is not', async () => {
    write('gated.yaml', including('gated', ['wipe.yaml'], true));
    write('open.yaml', including('open', ['wipe.yaml']));
    write('wipe.yaml', WIPE);
    const results = await lint(['gated.yaml', 'open.yaml']);
    expect(results.map((r) => r.file)).toEqual(['gated.yaml', 'wipe.yaml', 'open.yaml']);
    expect(results[1]!.findings).toEqual([expect.objectContaining({ rule: 'destructive-without-gate', includedFrom: { file: 'open.yaml', line: 7, col: 13 } })]);
  });

  it('a gate is inherited through nested includes and cycles behind it', async () => {
    write('main.yaml', including('main', ['mid.yaml'], true));
    write('mid.yaml', including('mid', ['wipe.yaml']));
    write('wipe.yaml', including('wipe', ['mid.yaml']).replace('steps:\n', 'steps:\n  - id: wipe\n    run: rm -rf /srv/cache\n'));
    const results = await lint(['main.yaml']);
    expect(results.map((r) => r.file)).toEqual(['main.yaml', 'mid.yaml', 'wipe.yaml']);
    expect(results.flatMap((r) => r.findings).filter((f) => f.rule === 'destructive-without-gate')).toEqual([]);
  });

  it('a playbook given in its own right is not gated by those including it (it can be run alone)', async () => {
    write('main.yaml', including('main', ['wipe.yaml'], true));
    write('wipe.yaml', WIPE);
    const results = await lint(['main.yaml', 'wipe.yaml']);
    expect(results[1]!.findings.map((f) => f.rule)).toEqual(['destructive-without-gate']);
  });
});

describe('compose-down-without-up across an include', () => {
  const DOWN = `${head('down')}steps:\n  - id: stop\n    run: docker compose down\n    verify: test -z "$(docker compose ps -q)"\n`;
  const composeFindings = async (files: string[]) =>
    (await lint(files)).flatMap((r) => r.findings).filter((f) => f.rule === 'compose-down-without-up').map((f) => `${f.file}:${f.line}`);

  it('a `docker compose up` in the finally of the including playbook brings the stack back', async () => {
    write('main.yaml', `${including('main', ['down.yaml'])}finally:\n  - id: up\n    run: docker compose up -d\n`);
    write('down.yaml', DOWN);
    expect(await composeFindings(['main.yaml'])).toEqual([]);
  });

  it('every including playbook must have it; one without is enough for the finding', async () => {
    write('main.yaml', `${including('main', ['down.yaml'])}finally:\n  - id: up\n    run: docker compose up -d\n`);
    write('other.yaml', including('other', ['down.yaml']));
    write('down.yaml', DOWN);
    expect(await composeFindings(['main.yaml'])).toEqual([]);
    expect(await composeFindings(['main.yaml', 'other.yaml'])).toEqual(['down.yaml:6']);
    expect(await composeFindings(['main.yaml', 'down.yaml'])).toEqual(['down.yaml:6']);
  });
});

describe('SARIF with included files', () => {
  it('stays valid against SARIF 2.1.0, pointing back at the include step with a related location', async () => {
    write('[x]main.yaml', including('main', ['lib/wipe.yaml']));
    write('lib/wipe.yaml', WIPE);
    const results = await lint(['[x]main.yaml']);
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const Ajv = (AjvDraft04 as unknown as { default: typeof AjvDraft04.default }).default;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    const log = JSON.parse(formatLintSarif(results, '0.1.0')) as {
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [result] = log.runs[0]!.results;
    expect(result!.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'lib/wipe.yaml' }, region: { startLine: 6 } });
    expect(result!.relatedLocations).toEqual([
      { id: 1, message: { text: 'included from [x]main.yaml:7' }, physicalLocation: { artifactLocation: { uri: '[x]main.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 13 } } },
    ]);
    // The message links to it (SARIF embedded link; brackets escaped).
    expect(result!.message.text.endsWith(' (included from [\\[x\\]main.yaml:7](1))')).toBe(true);
  });
});
