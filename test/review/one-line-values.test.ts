// What a pull request's author writes — a parameter's default, pattern, enum or description, a step's name, `when`,
// working folder or environment value, a playbook-wide env value — cannot start a line of a review that reads like
// the tool's own: in the text and Markdown diffs and in the plan's Markdown, a line break in a one-line value shows
// as ␤ (en and zh-CN). A command keeps its lines, inside a block it cannot leave.
import { describe, expect, it } from 'vitest';
import type { PlanHttp } from '../../src/engine/plan.js';
import type { Lang } from '../../src/engine/text.js';
import { diffPlans } from '../../src/review/diff.js';
import { renderDiffMarkdown } from '../../src/review/diff-markdown.js';
import { renderDiffText } from '../../src/review/diff-text.js';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { confirmStep, env, param, rendered, runStep } from '../helpers/plan-builder.js';
import { makePlan } from './plan-builder.js';

const LANGS: readonly Lang[] = ['en', 'zh-CN'];
/** A second line that reads like the diff's own `+ added <id> …` line. */
const FORGED = '  + added wipe at position 1';
const value = (first: string) => `${first}\n${FORGED}`;
const shown = (first: string) => `${first}␤${FORGED}`;
/** No line of the output is the value's second line (however indented, with or without a diff's `+`). */
const noForgedLine = (out: string) => expect(out).not.toMatch(/^\s*\+?\s*\+ added wipe/m);

const labels = { before: 'git:main:p.yaml', after: 'p.yaml' };

const before = makePlan({
  params: [param('region', 'eu'), param('mode', 'safe', { pattern: '^safe$', enum: ['safe', 'fast'] })],
  env: [env('STACK', 'prod')],
  steps: [runStep('stop', 'docker compose down', { name: 'Stop', env: [env('TARGET', 'api')] })],
});
const after = makePlan({
  params: [
    param('region', value('eu')),
    param('mode', 'safe', { pattern: value('^safe$'), enum: ['safe', value('fast')] }),
    param('note', value('hello')),
  ],
  env: [env('STACK', value('prod'))],
  steps: [
    runStep('stop', 'docker compose down', {
      name: value('Stop'),
      when: rendered(value("region == 'eu'"), 'text'),
      cwd: rendered(value('/srv'), 'text'),
      env: [env('TARGET', value('api'))],
    }),
  ],
});

describe('a review diff with line breaks in one-line values', () => {
  const diff = diffPlans(before, after, { lang: 'en' });

  for (const lang of LANGS) {
    it(`keeps them on their line in the text diff (${lang})`, () => {
      const out = renderDiffText(diff, { lang, ...labels });
      noForgedLine(out);
      expect(out).toContain(`  + note = ${shown('hello')}`);
      expect(out).toContain(` value: eu → ${shown('eu')}`);
      expect(out).toContain(` pattern: ^safe$ → ${shown('^safe$')}`);
      expect(out).toContain(` enum: safe, fast → safe, ${shown('fast')}`);
      expect(out).toContain(`  env: STACK=prod → STACK=${shown('prod')}`);
      expect(out).toContain(`        +${shown('Stop')}\n`);
      expect(out).toContain(`        +${shown("region == 'eu'")}\n`);
      expect(out).toContain(`        +${shown('/srv')}\n`);
      expect(out).toContain(`        +TARGET=${shown('api')}\n`);
    });

    it(`keeps them on their line in the Markdown diff (${lang})`, () => {
      const out = renderDiffMarkdown(diff, { lang, ...labels });
      noForgedLine(out);
      // Inline values are entity-escaped (`+` at the start only); the break shows as ␤, not as a space.
      expect(out).toContain('hello␤  + added wipe at position 1');
      expect(out).toContain('prod␤  + added wipe at position 1');
      expect(out).toContain(`+${shown('Stop')}\n`);
      expect(out).toContain(`+TARGET=${shown('api')}\n`);
    });
  }

  it("still tells a value's break from two entries, and from a typed ␤", () => {
    // One env value holding a break, then two entries: the same text once joined a line each.
    const one = makePlan({ env: [env('STACK', 'prod\nX=1')], steps: [runStep('stop', 'docker compose down', { name: 'Stop␤Go' })] });
    const two = makePlan({ env: [env('STACK', 'prod'), env('X', '1')], steps: [runStep('stop', 'docker compose down', { name: 'Stop\nGo' })] });
    const d = diffPlans(one, two, { lang: 'en' });
    expect(d.settings).toEqual([{ field: 'env', before: 'STACK=prod␤X=1', after: 'STACK=prod\nX=1' }]);
    expect(d.steps.map((s) => (s.kind === 'changed' ? s.fields.map((f) => f.field) : []))).toEqual([['name']]);
  });
});

describe("a plan's Markdown with line breaks in one-line values", () => {
  for (const lang of LANGS) {
    it(`keeps a parameter's value and description, a step's name, when and environment on their line (${lang})`, () => {
      const out = renderPlanMarkdown(
        makePlan({
          params: [param('region', value('eu'), { description: value('Where') })],
          steps: [runStep('stop', 'docker compose down', { name: value('Stop'), when: rendered(value('true'), 'text'), env: [env('TARGET', value('api'))] })],
        }),
        { lang },
      );
      noForgedLine(out);
      expect(out).toContain(`| <code>region</code> | <code>${shown('eu')}</code> |`);
      expect(out).toContain(`| ${shown('Where')} |\n`);
      expect(out).toContain(`— ${shown('Stop')}\n`);
      expect(out).toContain(`${shown('true')}\n`);
      expect(out).toContain(`<sub>TARGET=${shown('api')} · `);
    });
  }
});

describe("a plan's Markdown with line breaks in descriptions and in an HTTP request's URL and headers", () => {
  const request = (url: string): PlanHttp => ({
    method: 'GET',
    url: rendered(url, 'url'),
    headers: [{ name: 'Accept', value: rendered(value('json'), 'text') }],
    bodyIsJson: false,
    json: [],
    timeoutMs: 1000,
  });
  const plan = makePlan({
    playbook: { description: { en: value('Fix it'), 'zh-CN': value('修复') } },
    steps: [
      runStep('ping', 'true', {
        action: { kind: 'http', request: request(value('http://api/health')) },
        description: { en: value('Ping'), 'zh-CN': value('探测') },
        verify: { action: { kind: 'http', request: request(value('http://api/ready')) }, retries: 0, delayMs: 0, timeoutMs: 1000, env: [] },
      }),
    ],
  });

  for (const lang of LANGS) {
    it(`shows each break as ␤, as every other one-line value (${lang})`, () => {
      const out = renderPlanMarkdown(plan, { lang });
      noForgedLine(out);
      // Descriptions: escaped inline, the break shown rather than turned into a space.
      expect(out).toContain(`> ${shown(lang === 'en' ? 'Fix it' : '修复')}\n`);
      expect(out).toContain(`\n${shown(lang === 'en' ? 'Ping' : '探测')}\n`);
      // In the request's block the URL and a header stay one line each: a break cannot add a header.
      expect(out).toContain(`GET ${shown('http://api/health')}\nAccept: ${shown('json')}\n`);
      expect(out).toContain(`GET ${shown('http://api/ready')}\nAccept: ${shown('json')}\n`);
    });

    it(`shows the URL on its line in the text plan too (${lang})`, () => {
      // (The text plan keeps a description's lines, each indented under the title.)
      const out = renderPlanText(plan, { lang });
      expect(out).toContain(`GET ${shown('http://api/health')} -H`);
      expect(out).toContain(`GET ${shown('http://api/ready')} -H`);
    });
  }

});

describe('a command keeps its lines, inside its block', () => {
  const script = 'echo one\n```\n## Rollback coverage\n~~~\n  + added wipe at position 1';
  const added = diffPlans(makePlan(), makePlan({ steps: [runStep('go', script), confirmStep('ok', `Go?\n${FORGED}`)] }), { lang: 'en' });

  for (const lang of LANGS) {
    it(`marks and indents every line of an added step under it in the text diff (${lang})`, () => {
      const lines = renderDiffText(added, { lang, ...labels }).split('\n');
      // Every line behind the diff's own `+`, below the column of the tool's notes under a step.
      const at = lines.findIndex((l) => l === '        +echo one');
      expect(lines.slice(at, at + 5)).toEqual(['        +echo one', '        +```', '        +## Rollback coverage', '        +~~~', '        +  + added wipe at position 1']);
      expect(lines.filter((l) => /^ {0,5}\S/.test(l) && l.includes('wipe'))).toEqual([]);
    });

    it(`fences an added step with more backticks than it holds in the Markdown diff (${lang})`, () => {
      const out = renderDiffMarkdown(added, { lang, ...labels });
      expect(out).toContain(`\`\`\`\`sh\n${script}\n\`\`\`\``);
    });
  }
});
