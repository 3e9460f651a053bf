// The live view shows what happened (issue 12): a finished step's output, reasons wrapped not cut, headlines that
// say what was and was not rolled back (the plain summary says the same), a wait's polls, a wrong typed word.
import './no-color.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/ink/App.js';
import { createPlainReporter } from '../../../src/ui/plain.js';
import { applyEvent, createRunView, type RunView } from '../../../src/ui/run-view.js';
import { stringWidth } from '../../../src/ui/width.js';
import type { RunEvent } from '../../../src/engine/events.js';
import type { Lang } from '../../../src/engine/text.js';
import { happenedPlan, happenedRuns, HEALTH_URL, RUN, timeAt } from '../synthetic-happened.js';
import { golden } from '../../helpers/golden.js';

function frame(view: RunView, lang: Lang, columns: number, now: number): string {
  const { lastFrame, unmount } = render(<App view={view} lang={lang} now={now} columns={columns} rows={30} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} />);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

function viewOf(events: RunEvent[], lang: Lang): RunView {
  const view = createRunView(happenedPlan(), lang);
  for (const event of events) applyEvent(view, event, lang);
  return view;
}

const finalFrame = (name: string, lang: Lang, columns: number): string => {
  const events = happenedRuns(lang)[name]!;
  return frame(viewOf(events, lang), lang, columns, Date.parse(events.at(-1)!.time));
};

/** The live frame of a wait step two seconds after its third poll started. */
function waitFrame(lang: Lang, columns: number): string {
  const events = happenedRuns(lang).interruptedWait!;
  const upTo = events.findIndex((e) => e.type === 'step.polled' && e.poll === 3);
  return frame(viewOf(events.slice(0, upTo + 1), lang), lang, columns, timeAt(4610 + 2000));
}

function promptFrame(lang: Lang, columns: number): string {
  const view = viewOf(happenedRuns(lang).keptOutput!.slice(0, 8), lang);
  view.confirm = { stepId: 'flush', message: lang === 'zh-CN' ? '清空 Redis？' : 'Flush Redis?', typeWord: 'FLUSHALL', risk: 'high', wrong: 'FLUSHAL' };
  return frame(view, lang, columns, timeAt(1000));
}

/** Time columns of finished rows, by display width: one column, whatever the script. */
function timeColumns(text: string): Set<number> {
  const columns = new Set<number>();
  for (const line of text.split('\n')) {
    const match = /^(\s+[✓✗↺!≡↷] .*?\s)(\d+\.\ds)/u.exec(line);
    if (match) columns.add(stringWidth(match[1]!));
  }
  return columns;
}

const withoutSpace = (text: string): string => text.replace(/\s+/g, '');

const combos = [
  ['en', 100],
  ['en', 40],
  ['zh-CN', 100],
  ['zh-CN', 40],
] as const;

describe('the live view shows what happened', () => {
  for (const [lang, columns] of combos) {
    it(`frames of every ending, a wait and a wrong word (${lang}, ${columns} columns), nothing wider than the terminal, CJK aligned`, async () => {
      const sections = Object.keys(happenedRuns(lang)).map((name) => `===== ${name} (${lang}, ${columns} columns)\n${finalFrame(name, lang, columns)}`);
      sections.push(`===== waiting (${lang}, ${columns} columns)\n${waitFrame(lang, columns)}`);
      sections.push(`===== wrongWord (${lang}, ${columns} columns)\n${promptFrame(lang, columns)}`);
      const text = sections.join('\n\n') + '\n';
      await expect(text).toMatchFileSnapshot(golden(`ui/ink/happened-${lang}-${columns}.txt`));
      for (const line of text.split('\n')) if (!line.startsWith('=====')) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      for (const section of sections) expect(timeColumns(section).size, section).toBeLessThanOrEqual(1);
    });

    it(`keeps what a finished step printed: 20 lines, then where the rest is (${lang}, ${columns} columns)`, () => {
      const out = finalFrame('keptOutput', lang, columns);
      const check = lang === 'zh-CN' ? '检查项' : 'check';
      expect(out).toContain(`│ ${check} 1\n`);
      expect(out).toContain(`│ ${check} 20\n`);
      expect(out).not.toContain(`│ ${check} 21`);
      // A failure keeps its last lines (the error is there); the earlier ones are left to `runbook logs`.
      expect(out).toContain('│ airflow: /dags: No space');
      expect(out).toContain('│ airflow: connecting 6\n');
      expect(out).not.toContain('│ airflow: connecting 5\n');
      expect(withoutSpace(out)).toContain(withoutSpace(`runbook logs ${RUN} --step report`));
      expect(withoutSpace(out)).toContain(withoutSpace(`runbook logs ${RUN} --step trigger_dag`));
      expect(withoutSpace(out)).toContain(lang === 'zh-CN' ? '另有3行' : '3morelines');
      expect(withoutSpace(out)).toContain(lang === 'zh-CN' ? '之前还有5行' : '5earlierlines');
    });

    it(`never cuts a failure reason: it wraps (${lang}, ${columns} columns)`, () => {
      const out = finalFrame('longReason', lang, columns);
      const expected = lang === 'zh-CN' ? 'HTTP 503（期望 200）' : 'HTTP 503 (expected 200)';
      const row = out.slice(out.indexOf('✗'), out.indexOf('\n\n', out.indexOf('✗')));
      expect(withoutSpace(row)).toContain(withoutSpace(`POST ${HEALTH_URL}: ${expected}`));
      expect(row).not.toContain('…');
    });
  }

  it('tells in the headline what was rolled back, what has no rollback and what may still be going on', () => {
    const headline = (name: string, lang: Lang) => finalFrame(name, lang, 100).split('\n').find((l) => l.startsWith('✗'));
    expect(headline('nothingToRollBack', 'en')).toBe('✗ Failed, nothing to roll back');
    expect(headline('keptOutput', 'en')).toBe('✗ Failed, 3 steps rolled back');
    expect(headline('noRollback', 'en')).toBe('✗ Failed, 2 steps rolled back, 2 steps have no rollback: trigger_dag, notify_team');
    expect(headline('interruptedWait', 'en')).toBe('✗ Interrupted, nothing to roll back; may still be going on outside (no rollback): trigger_dag');
    expect(headline('noRollback', 'zh-CN')).toBe('✗ 失败，已回滚 2 个步骤，2 个步骤没有回滚：trigger_dag、notify_team');
    expect(headline('interruptedWait', 'zh-CN')).toBe('✗ 已中断，没有需要回滚的步骤；外部可能仍在进行（没有回滚）：trigger_dag');
  });

  it('says the same headline in the plain summary', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const name of ['nothingToRollBack', 'keptOutput', 'noRollback', 'interruptedWait']) {
        const written: string[] = [];
        const stdout = { write: (s: string) => written.push(s), on: () => {} } as unknown as NodeJS.WritableStream;
        const reporter = createPlainReporter({ lang, stdout, stderr: stdout, plan: happenedPlan(), heartbeatMs: 0 });
        for (const event of happenedRuns(lang)[name]!) reporter.onEvent(event);
        const ink = finalFrame(name, lang, 200).split('\n').find((l) => l.startsWith('✗'))!;
        expect(written.join(''), `${lang} ${name}`).toContain(`${ink} · `);
      }
    }
  });

  it('lists the steps left un-rolled-back after a failed rollback, with their rollback commands', () => {
    const out = finalFrame('unrolled', 'en', 100);
    expect(out).toContain('✗ Failed, and ROLLBACK FAILED — a human must look');
    expect(out).toContain('not rolled back (2)');
    expect(out).toMatch(/! Back up the data \(backup\)\n\s+\$ rm -rf \/data\.bak\n/);
    expect(out).toMatch(/! Stop the API \(stop_api\)\n\s+\$ docker compose start recommendation-api\n/);
    // Their rollback rows say they did not run, not that they failed.
    expect(out).toMatch(/↷ Back up the data\s+skipped · not run/);
  });

  it('shows the polls of a wait step and the time left', () => {
    expect(waitFrame('en', 100)).toMatch(/Wait for the DAG run\s+6\.0s\s+poll 3 · 9m54s left · exit code 1/);
    expect(waitFrame('zh-CN', 100)).toMatch(/等待 DAG 运行结束\s+6\.0s\s+第 3 次检查 · 剩余 9m54s · exit code 1/);
  });

  it('shows the expected word after a wrong one, and keeps asking', () => {
    expect(promptFrame('en', 100)).toContain('"FLUSHAL" is not "FLUSHALL".');
    expect(promptFrame('en', 100)).toContain('Type "FLUSHALL" to continue (Esc or an empty line stops):');
    expect(promptFrame('zh-CN', 40)).toContain('输入的 "FLUSHAL" 不是');
  });
});
