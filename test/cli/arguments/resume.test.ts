// `runbook resume` arguments: one run, --from or --rollback, --kill-orphans, and the hint that names the home.
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/cli/arguments/resume.js';

const en = { lang: 'en', env: {}, cwd: '/work' } as const;

describe('parseResume', () => {
  it('a run with where to go on', () => {
    expect(parseResume(['last', '--from', 'chown', '--kill-orphans', '-p', 'token=s'], en)).toEqual({
      args: { run: 'last', from: 'chown', rollback: false, killOrphans: true, params: { token: 's' }, yes: false, home: undefined, output: 'auto', quiet: false },
    });
    expect(parseResume(['20250101-abc', '--rollback'], en).args).toMatchObject({ run: '20250101-abc', rollback: true, from: undefined, killOrphans: false });
  });

  it('needs exactly one run; the hint lists runs in the home given', () => {
    expect(parseResume([], en).diagnostics).toEqual([{ message: 'resume: give exactly one run id', hint: 'list runs with `runbook history`' }]);
    const [problem] = parseResume(['a', 'b', '--home', 'state'], en).diagnostics ?? [];
    expect(problem?.hint).toMatch(/^list runs with `runbook history --home '?\/work\/state'?`$/);
    expect(parseResume([], { ...en, lang: 'zh-CN', env: { RUNBOOK_HOME: '/srv/runbook' } }).diagnostics?.[0]).toMatchObject({
      message: 'resume：请指定一个运行 ID',
      hint: expect.stringMatching(/^用 `runbook history --home '?\/srv\/runbook'?` 查看运行记录$/) as unknown,
    });
  });

  it('--rollback and --from do not go together', () => {
    expect(parseResume(['last', '--rollback', '--from', 'x'], en).diagnostics).toEqual([{ message: 'resume: --rollback and --from cannot be combined' }]);
  });
});
