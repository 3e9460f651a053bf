// Hostile text in every place of a plan or diff: the rendered HTML has only the elements we make, and no link or image.
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { diffPlans } from '../../src/review/diff.js';
import { renderDiffMarkdown } from '../../src/review/diff-markdown.js';
import { codeBlock, escapeInline, inlineWithCode } from '../../src/review/markdown.js';
import { confirmStep, param, probe, rendered, rollback, runStep } from '../helpers/plan-builder.js';
import { makePlan } from './plan-builder.js';

const HOSTILE = [
  '</details>',
  '<details open><summary>x</summary>',
  '```',
  '~~~',
  '<script>alert(1)</script>',
  '<!-- hidden',
  '-->',
  '| a | b |',
  '\n# heading\n',
  '\n---\n',
  '[link](javascript:alert(1))',
  '![img](http://example.invalid/x.png)',
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;',
  '\\`',
  '@octocat',
  '\u001b[31mred\u001b[0m',
  '*bold* _it_ ~~s~~',
  '<https://example.invalid>',
  '`` ` ``',
];

const ALLOWED = new Set(['details', 'summary', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'strong', 'sub', 'blockquote', 'hr', 'br']);

function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
}

function hostilePlan(text: string) {
  return makePlan({
    playbook: { name: 'x', title: `T ${text}`, description: `D ${text}` },
    params: [param('p', `v ${text}`, { description: `d ${text}`, pattern: text })],
    preconditions: [probe(`test ${text}`, { name: `pre ${text}` })],
    steps: [
      confirmStep('gate', `Go ${text}?`),
      runStep('s', `echo ${text}`, { name: `N ${text}`, description: `desc ${text}`, rollback: rollback(`undo ${text}`), verify: probe(`check ${text}`), when: rendered(text) }),
    ],
    warnings: [{ code: 'w', message: `warn ${text}` }],
  });
}

describe.each(HOSTILE)('hostile text %j', (text) => {
  it('cannot add elements, links or images to a Markdown plan', async () => {
    const html = await marked.parse(renderPlanMarkdown(hostilePlan(text), { lang: 'en' }));
    expect(tags(html).filter((t) => !ALLOWED.has(t))).toEqual([]);
    expect(html.match(/<details>/g)?.length).toBe(1); // the one we make: step s's verify and rollback
    expect(html.match(/<\/details>/g)?.length).toBe(1);
  });

  it('cannot add elements to a Markdown diff', async () => {
    const before = makePlan({ steps: [runStep('s', 'echo a')] });
    const diff = diffPlans(before, hostilePlan(text), { lang: 'en' });
    const html = await marked.parse(renderDiffMarkdown(diff, { lang: 'en', before: `a ${text}`, after: `b ${text}` }));
    expect(tags(html).filter((t) => !ALLOWED.has(t))).toEqual([]);
    expect(html).not.toContain('<details');
  });

  it('stays inside inline text, code spans and code blocks', async () => {
    for (const md of [escapeInline(text), inlineWithCode(`a \`${text}\` b`), codeBlock(text)]) {
      const html = await marked.parse(md);
      expect(tags(html).filter((t) => !['p', 'code', 'pre'].includes(t))).toEqual([]);
    }
  });
});
