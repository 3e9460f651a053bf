// Why a journal file cannot be used is said in the reader's language: the reasons of the journal's readers (shapes,
// files, groups.jsonl, serve.json), in English as they always read and in Chinese, the file's own names untranslated.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupLineProblem } from '../../../src/engine/run/groups.js';
import { JournalReadError, readEventsTolerant, tryReadMeta } from '../../../src/engine/run/journal-read.js';
import { describeJournalReason, type JournalReason } from '../../../src/engine/run/journal-reason.js';
import { eventProblem, metaProblem, outputsProblem } from '../../../src/engine/run/journal-shape.js';
import { engineText } from '../../../src/i18n/engine.js';
import { readServeNote } from '../../../src/serve/journal-note.js';
import { tempDir } from '../../helpers/temp-dir.js';

const meta = { runId: 'r', playbook: 'p', title: 't', file: 'f', lock: 'l', params: {}, secretParams: [], sandbox: false, user: 'u', host: 'h', pid: 1, startedAt: 's' };
const event = { runId: 'r', time: 't' };
const finished = { ...event, type: 'run.finished', status: 'failed', exitCode: 1, durationMs: 1, counts: { ok: 1 }, journalDir: 'j' };

/** [what, the reason, in English, in Chinese] */
const cases: [string, JournalReason | undefined, string, string][] = [
  ['meta.json is null', metaProblem(null), 'expected an object, got null', '应为对象，实际为空值（null）'],
  ['a field is absent', metaProblem({ ...meta, runId: undefined }), 'runId: expected a string, got nothing', '字段 runId：应为字符串，实际缺失'],
  ['a field of the wrong type', metaProblem({ ...meta, startedAt: 12 }), 'startedAt: expected a string, got number 12', '字段 startedAt：应为字符串，实际为数字 12'],
  ['a boolean where a list belongs', metaProblem({ ...meta, secretParams: true }), 'secretParams: expected a list, got boolean true', '字段 secretParams：应为列表，实际为布尔值 true'],
  ['a pid that is no process', metaProblem({ ...meta, pid: -1 }), 'pid: expected a process id', '字段 pid：应为进程的 pid'],
  ['a parameter that is not text', metaProblem({ ...meta, params: { a: 1 } }), 'params: expected text values', '字段 params：各值应为文本'],
  ['a secret parameter that is not a name', metaProblem({ ...meta, secretParams: [1] }), 'secretParams: expected names', '字段 secretParams：应为参数名列表'],
  ['a rollback step that is not an id', metaProblem({ ...meta, rollbackSteps: [1] }), 'rollbackSteps: expected step ids', '字段 rollbackSteps：应为步骤 ID 列表'],
  ['an address that is not text', metaProblem({ ...meta, targetAddresses: { a: 1 } }), 'targetAddresses: expected address:port texts', '字段 targetAddresses：各值应为 address:port 形式的文本'],
  ['a selection of the wrong shape', metaProblem({ ...meta, selection: { only: [1], skip: [] } }), 'selection: expected from, only and skip step names', '字段 selection：应为 from、only 和 skip 的步骤名'],
  ['an env check of the wrong shape', metaProblem({ ...meta, envCheck: { salt: 's', digests: { A: 1 } } }), 'envCheck: not a digest record', '字段 envCheck：不是摘要记录'],
  ['an event field', eventProblem({ ...event, type: 'step.finished', phase: 'steps', id: 7, status: 'ok', durationMs: 1 }), 'step.finished: id: expected a string, got number 7', '事件 step.finished 的字段 id：应为字符串，实际为数字 7'],
  ['a value not among those allowed', eventProblem({ ...event, type: 'phase.started', phase: [] }), 'phase.started: phase: expected one of preconditions, steps, postconditions, rollback, finally, hooks, got a list', '事件 phase.started 的字段 phase：应为 preconditions、steps、postconditions、rollback、finally、hooks 之一，实际为列表'],
  ['a value not among those allowed, without it', eventProblem({ ...event, type: 'step.skipped', phase: 'steps', id: 'a', status: 'skipped', reason: 'r', previous: 'x' }), 'step.skipped: previous: expected one of ok, already_done, skipped', '事件 step.skipped 的字段 previous：应为 ok、already_done、skipped 之一'],
  ['an item of a list in an event', eventProblem({ ...finished, unrolled: [{ id: 'a', name: 'a' }, { id: 'b', name: {} }] }), 'run.finished: unrolled: [1]: name: expected a string, got an object', '事件 run.finished 的字段 unrolled[1].name：应为字符串，实际为对象'],
  ['a field of the playbook in run.started', eventProblem({ ...event, type: 'run.started', playbook: { name: 'p', title: 't', risk: 'low' }, params: [], sandbox: false, journalDir: 'j', totalSteps: 1 }), 'run.started: playbook: file: expected a string, got nothing', '事件 run.started 的字段 playbook.file：应为字符串，实际缺失'],
  ['a parameter in run.started', eventProblem({ ...event, type: 'run.started', playbook: { name: 'p', title: 't', risk: 'low', file: 'f' }, params: [{ name: 'a', secret: false }], sandbox: false, journalDir: 'j', totalSteps: 1 }), 'run.started: params: [0]: value: expected a string, got nothing', '事件 run.started 的字段 params[0].value：应为字符串，实际缺失'],
  ['a count that is not a number', eventProblem({ ...finished, counts: { ok: 'x' } }), 'run.finished: counts.ok: expected a number', '事件 run.finished 的字段 counts.ok：应为数字'],
  ['a loop iteration of another step', eventProblem({ ...event, type: 'step.expanded', phase: 'steps', id: 'a', iterations: ['../b'] }), "step.expanded: iterations: expected ids of the loop's iterations (<id>[<label>])", '事件 step.expanded 的字段 iterations：应为该循环各次迭代的 ID（<id>[<label>]）'],
  ['a host that is not a name', eventProblem({ ...event, type: 'batch.started', batch: 1, of: 1, hosts: [null] }), 'batch.started: expected host names', '事件 batch.started：应为主机名'],
  ['an outputs file', outputsProblem({ stdout: null }), 'stdout: expected a string, got null', '字段 stdout：应为字符串，实际为空值（null）'],
  ['a process group id that is a string', groupLineProblem({ pgid: '7' }), 'pgid: expected a process group id above 1, got "7"', '字段 pgid：应为大于 1 的进程组号，实际为 "7"'],
  ['a process group without an id', groupLineProblem({}), 'pgid: expected a process group id above 1, got nothing', '字段 pgid：应为大于 1 的进程组号，实际缺失'],
  ['a group end that is not true', groupLineProblem({ pgid: 5, ended: 1 }), 'ended: expected true', '字段 ended：应为 true'],
  ['a start time that is no clock ticks', groupLineProblem({ pgid: 5, step: 's', host: 'h', since: 's', startTicks: -1 }), 'startTicks: expected clock ticks', '字段 startTicks：应为时钟节拍数'],
];

describe('a journal reason', () => {
  it.each(cases)('%s: in English as before, in Chinese', (_what, reason, en, zh) => {
    expect(reason).toBeDefined();
    expect(describeJournalReason(reason!, 'en')).toBe(en);
    expect(describeJournalReason(reason!, 'zh-CN')).toBe(zh);
  });

  it('a file that is missing, unreadable or not JSON (events.jsonl, meta.json)', () => {
    const dir = tempDir();
    const said = (reason: JournalReason) => [describeJournalReason(reason, 'en'), describeJournalReason(reason, 'zh-CN')];
    expect(said(readEventsTolerant(dir).problems[0]!.why)).toEqual(['missing', '缺失']);
    mkdirSync(join(dir, 'meta.json'));
    const meta = tryReadMeta(dir);
    expect('problem' in meta && said(meta.problem.why)).toEqual(['unreadable (EISDIR: is a directory)', '无法读取（EISDIR: 是一个目录）']);
    writeFileSync(join(dir, 'events.jsonl'), '{not json\n');
    expect(said(readEventsTolerant(dir).problems[0]!.why)).toEqual(['not valid JSON', '不是有效的 JSON']);
  });

  it('a serve.json that is not JSON, or not of its shape', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'serve.json'), '{');
    const { problem: notJson } = readServeNote(dir) as { problem: JournalReason };
    expect([describeJournalReason(notJson, 'en'), describeJournalReason(notJson, 'zh-CN')]).toEqual(['serve.json is not JSON', 'serve.json 不是有效的 JSON']);
    writeFileSync(join(dir, 'serve.json'), '{"request": 1}');
    const { problem: fields } = readServeNote(dir) as { problem: JournalReason };
    expect([describeJournalReason(fields, 'en'), describeJournalReason(fields, 'zh-CN')]).toEqual(['serve.json does not have the expected fields', 'serve.json 的字段不符合预期']);
  });

  it("JournalReadError says the reason in its translator's language", () => {
    const reason = metaProblem({ ...meta, pid: 0 })!;
    expect(new JournalReadError('/j/meta.json', reason).message).toBe('the run journal file /j/meta.json cannot be used: pid: expected a process id');
    expect(new JournalReadError('/j/meta.json', reason, engineText('zh-CN')).message).toBe('运行日志文件 /j/meta.json 无法使用：字段 pid：应为进程的 pid');
  });

  it('names from the file are shown as they are, never translated', () => {
    const reason = eventProblem({ ...finished, counts: { 成功: 'x', ok: 1 } })!;
    expect(describeJournalReason(reason, 'en')).toBe('run.finished: counts.成功: expected a number');
    expect(describeJournalReason(reason, 'zh-CN')).toBe('事件 run.finished 的字段 counts.成功：应为数字');
  });

  it('a value read from the file is one line and bounded in every language: a count name, a group id', () => {
    const long = 'x'.repeat(100_000);
    const reasons = [
      eventProblem({ ...finished, counts: { [`a\nwarning: nothing is damaged\u2028${long}`]: 'x' } })!,
      groupLineProblem({ pgid: `7\u2028${long}` })!,
    ];
    for (const reason of reasons) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const said = describeJournalReason(reason, lang);
        expect(said).not.toMatch(/[\n\u2028]/);
        expect(said.length).toBeLessThan(300);
        expect(said).toContain('…');
      }
    }
    expect(describeJournalReason(reasons[0]!, 'en')).toMatch(/^run\.finished: counts\.a␤warning: nothing is damaged\\u2028x+…: expected a number$/);
  });

  it('a host or a pattern is named whole, on the line', () => {
    const host = `db-${'1'.repeat(200)}\nrunbook: resumed`;
    for (const lang of ['en', 'zh-CN'] as const) {
      const said = describeJournalReason({ fault: { key: 'hostNotSelected', host, pattern: `web-*,${'x'.repeat(200)}`, inventory: 'prod.yaml' } }, lang);
      expect(said).toContain(`db-${'1'.repeat(200)}␤runbook: resumed`);
      expect(said).toContain(`web-*,${'x'.repeat(200)}`);
      expect(describeJournalReason({ fault: { key: 'hostNotInRun', host } }, lang)).toContain(`${'1'.repeat(200)}␤runbook: resumed`);
    }
  });
});
