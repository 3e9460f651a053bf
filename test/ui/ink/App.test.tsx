// Frames of the live view for each state of a run, in Chinese and English, at 40 and 100 columns.
import './no-color.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/ink/App.js';
import { applyEvent, createRunView, type RunView } from '../../../src/ui/run-view.js';
import { stringWidth } from '../../../src/ui/width.js';
import type { Lang } from '../../../src/engine/text.js';
import { syntheticOtherRuns, syntheticPlan, syntheticStages } from '../synthetic.js';
import { golden } from '../../helpers/golden.js';

function frame(view: RunView, lang: Lang, columns: number, now: number, rows?: number): string {
  const snapshot = { ...view, done: view.done.slice(), rows: view.rows.map((r) => ({ ...r })), tail: { ...view.tail } };
  const { lastFrame, unmount } = render(
    <App view={snapshot} lang={lang} now={now} columns={columns} rows={rows} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} />,
  );
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

/** Every state of the synthetic run, one frame each, as a readable text file per language and width. */
function allStates(lang: Lang, columns: number): string {
  const view = createRunView(syntheticPlan(), lang);
  const sections: string[] = [];
  for (const [name, events] of Object.entries(syntheticStages(lang))) {
    for (const event of events) applyEvent(view, event, lang);
    if (name === 'gate') {
      // What `reporter.confirm` puts on screen while the operator types.
      view.confirm = { stepId: 'approve', message: lang === 'zh-CN' ? '确认修改 /var/lib/mlflow 的属主？' : 'Change the owner of /var/lib/mlflow?', typeWord: 'chown', risk: 'high' };
    } else {
      view.confirm = undefined;
    }
    const last = events[events.length - 1]!;
    // A fixed clock half a second after the stage's last event: elapsed times and spinner are stable.
    sections.push(`===== ${name} (${lang}, ${columns} columns)\n${frame(view, lang, columns, Date.parse(last.time) + 500)}`);
  }
  return sections.join('\n\n') + '\n';
}

describe('Ink view frames', () => {
  for (const [lang, columns] of [
    ['zh-CN', 40],
    ['zh-CN', 100],
    ['en', 40],
    ['en', 100],
  ] as const) {
    it(`shows every state of a run (${lang}, ${columns} columns)`, async () => {
      const text = allStates(lang, columns);
      await expect(text).toMatchFileSnapshot(golden(`ui/ink/run-${lang}-${columns}.txt`));
      // Nothing wider than the terminal, whatever the script (CJK counts two columns).
      for (const line of text.split('\n')) {
        if (line.startsWith('=====')) continue;
        expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      }
    });
  }

  for (const [lang, columns] of [
    ['en', 100],
    ['zh-CN', 40],
  ] as const) {
    it(`shows already-done, skipped, rollback-failed and precondition-failed endings (${lang}, ${columns} columns)`, async () => {
      const sections: string[] = [];
      for (const [name, events] of Object.entries(syntheticOtherRuns(lang))) {
        const view = createRunView(syntheticPlan(), lang);
        for (const event of events) applyEvent(view, event, lang);
        sections.push(`===== ${name} (${lang}, ${columns} columns)\n${frame(view, lang, columns, Date.parse(events.at(-1)!.time))}`);
      }
      await expect(sections.join('\n\n') + '\n').toMatchFileSnapshot(golden(`ui/ink/endings-${lang}-${columns}.txt`));
    });
  }

  it('never shows a secret parameter value, only a mask', () => {
    const view = createRunView(syntheticPlan(), 'en');
    for (const event of syntheticStages('en').start) applyEvent(view, event, 'en');
    const out = frame(view, 'en', 100, 0);
    expect(out).toContain('token=••••••');
    expect(out).not.toContain('s3cr3t');
  });

  it('neutralises escape sequences in child output so they cannot repaint the view', () => {
    const view = createRunView(syntheticPlan(), 'en');
    const stages = syntheticStages('en');
    for (const event of [...stages.start, ...stages.running]) applyEvent(view, event, 'en');
    const out = frame(view, 'en', 100, 0);
    // The child wrote a colour, a carriage-return progress bar and "clear screen + home".
    expect(out).toContain('│ Stopping mlflow ... done');
    expect(out).toContain('│ progress 100%');
    expect(out).toContain('│ cleared?');
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\r');
  });

  it('keeps the live region small: a bounded tail and a few pending rows on a short terminal', () => {
    const view = createRunView(syntheticPlan(), 'en');
    const stages = syntheticStages('en');
    for (const event of [...stages.start, ...stages.running]) applyEvent(view, event, 'en');
    applyEvent(view, { runId: 'r', time: stages.running[0]!.time, type: 'step.output', id: 'stop', stream: 'stdout', text: Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n' }, 'en');
    const tall = frame(view, 'en', 100, 0, 40);
    expect(tall).toContain('│ line 499');
    expect(tall).not.toContain('│ line 490');
    const short = frame(view, 'en', 100, 0, 12);
    expect(short).not.toContain('│ line 499');
    expect(short).toContain('4 more pending');
  });

  it('shows the typed word prompt of a high-risk gate', () => {
    const view = createRunView(syntheticPlan(), 'zh-CN');
    view.confirm = { stepId: 'approve', message: '确认？', typeWord: 'chown', risk: 'high' };
    expect(frame(view, 'zh-CN', 40, 0)).toContain('输入 "chown" 继续');
  });
});
