// A playbook's title is one line (the schema says so): where it is drawn as one — the plain and live headers, the
// plan's first line in text and Markdown, a review's diff — a line break in it shows as ␤, in English and Chinese.
import './ink/no-color.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { RunEvent } from '../../src/engine/events.js';
import type { Lang } from '../../src/engine/text.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { renderPlanText } from '../../src/ui/plan-text.js';
import { renderPlanMarkdown } from '../../src/review/plan-markdown.js';
import { diffPlans } from '../../src/review/diff.js';
import { renderDiffText } from '../../src/review/diff-text.js';
import { renderDiffMarkdown } from '../../src/review/diff-markdown.js';
import { App } from '../../src/ui/ink/App.js';
import { applyEvent, createRunView } from '../../src/ui/run-view.js';
import { plan } from '../helpers/plan-builder.js';

/** `title: |` over two lines whose second reads like the header's facts line; the block scalar's own final break too. */
const TITLE = 'Restart the API\n  run 20261128-010000-ab12 · risk low\n';
const SHOWN = 'Restart the API␤  run 20261128-010000-ab12 · risk low␤';
const LANGS: readonly Lang[] = ['en', 'zh-CN'];
const titled = () => plan({ playbook: { name: 'restart-api', title: TITLE } });
/** No line of the output starts with the title's second line. */
const noForgedLine = (out: string) => expect(out).not.toMatch(/^\s*run 20261128-010000-ab12 · risk low/m);

const started: RunEvent = { runId: 'r1', time: '2026-11-28T01:00:00.000Z', type: 'run.started', playbook: { name: 'restart-api', title: TITLE, risk: 'low', file: 'p.yaml' }, params: [], sandbox: false, journalDir: '/j', totalSteps: 1 };

function plainHeader(lang: Lang): string {
  const chunks: string[] = [];
  const stream = { write: (s: string) => chunks.push(String(s)), on: () => undefined } as unknown as NodeJS.WritableStream;
  const reporter = createPlainReporter({ lang, stdout: stream, stderr: stream });
  reporter.onEvent(started);
  return chunks.join('');
}

describe("a playbook's title over two lines", () => {
  for (const lang of LANGS) {
    it(`stays on the plain header's first line (${lang})`, () => {
      const out = plainHeader(lang);
      expect(out.split('\n')[0]).toBe(`runbook · ${SHOWN}${lang === 'en' ? ' (restart-api)' : '（restart-api）'}`);
      noForgedLine(out);
    });

    it(`stays on the live view's title line (${lang})`, () => {
      const view = createRunView(titled(), lang);
      applyEvent(view, started, lang);
      const { lastFrame, unmount } = render(<App view={view} lang={lang} now={0} columns={100} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} />);
      const out = lastFrame() ?? '';
      unmount();
      expect(out.split('\n')[0]).toBe(SHOWN);
      noForgedLine(out);
    });

    it(`stays on the plan's first line, in text and Markdown (${lang})`, () => {
      const text = renderPlanText(titled(), { lang });
      expect(text.split('\n')[0]).toContain(`restart-api — ${SHOWN}`);
      noForgedLine(text);
      const markdown = renderPlanMarkdown(titled(), { lang });
      expect(markdown).toContain('Restart the API␤ ');
      noForgedLine(markdown);
    });

    it(`stays on its line in a review's diff, in text and Markdown (${lang})`, () => {
      const diff = diffPlans(plan({ playbook: { name: 'restart-api', title: 'Restart' } }), titled(), { lang });
      const text = renderDiffText(diff, { lang, before: 'main', after: 'HEAD' });
      expect(text).toContain(`Restart → ${SHOWN}`);
      noForgedLine(text);
      const markdown = renderDiffMarkdown(diff, { lang, before: 'main', after: 'HEAD' });
      expect(markdown).toContain('Restart the API␤');
      noForgedLine(markdown);
    });
  }
});

describe("the plan's facts line", () => {
  for (const lang of LANGS) {
    it(`keeps the file, the lock and the working folder on their lines (${lang})`, () => {
      const forged = (what: string) => `${what}\n  run 20261128-010000-ab12 · risk low`;
      const text = renderPlanText(plan({ playbook: { name: 'restart-api', file: forged('/srv/books'), lock: forged('api'), cwd: forged('/srv') } }), { lang });
      expect(text).toContain('/srv/books␤  run 20261128-010000-ab12 · risk low');
      expect(text).toContain('api␤  run 20261128-010000-ab12 · risk low');
      expect(text).toContain('/srv␤  run 20261128-010000-ab12 · risk low');
      noForgedLine(text);
    });
  }
});
