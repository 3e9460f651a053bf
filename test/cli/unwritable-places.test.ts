// A home or a draft's place that cannot be made: a clear refusal (exit 2) in the user's language, never a hang or an
// internal error, and a draft made of what a person typed is shown rather than lost.
// Under /proc, mkdir says ENOENT although the parent is there: Node's recursive mkdir retried that for ever, at full
// CPU (`play --home /proc/x` never ended), and `new -o /proc/x/p.yaml` then died with exit 70. Each command here runs
// under a timeout, so that the old behaviour fails the test instead of hanging it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/authoring/', import.meta.url));
/** A place under /proc that cannot be made (this test's own name, so that nothing else is touched). */
const impossible = `/proc/runbook-test-${process.pid}`;

interface Result {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, lang: 'en' | 'zh-CN'): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args, '--lang', lang],
      { cwd, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number; signal?: string }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
      },
    );
  });
}

describe('a place that cannot be made', () => {
  it('play --home under /proc: refused with the folder named (exit 2), in English and Chinese', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yaml'), 'name: p\ntitle: P\nsteps:\n  - id: a\n    run: "true"\n');
    const en = await run(['play', 'p.yaml', '--home', impossible, '--output', 'plain'], dir, 'en');
    expect(en.signal).toBeNull();
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`cannot create the lock directory ${impossible}/locks`);
    const zh = await run(['play', 'p.yaml', '--home', impossible, '--output', 'plain'], dir, 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`无法创建锁目录 ${impossible}/locks`);
    expect(zh.stderr).toContain('文件或目录不存在');
  });

  it('new --from-alert -o under /proc: refused (exit 2), and the draft is on stdout instead of lost', async () => {
    const dir = tempDir();
    const alert = join(fixtures, 'alertmanager-webhook.json');
    const en = await run(['new', 'disk-full', '--from-alert', alert, '-o', `${impossible}/p.yaml`], dir, 'en');
    expect(en.signal).toBeNull();
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`Cannot write ${impossible}/p.yaml: ENOENT`);
    expect(en.stderr).toContain('the draft is on standard output above: nothing of it is lost');
    expect(en.stdout).toMatch(/^name: disk-full$/m);
    expect(en.stdout).toMatch(/^steps:$/m);
    const zh = await run(['new', 'disk-full', '--from-alert', alert, '-o', `${impossible}/p.yaml`], dir, 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`无法写入 ${impossible}/p.yaml：ENOENT: 文件或目录不存在`);
    expect(zh.stderr).toContain('草稿已输出到上方的标准输出，没有丢失任何内容');
    expect(zh.stdout).toMatch(/^name: disk-full$/m);
  });

  it('import -o under /proc: refused (exit 2) with the draft named, not an internal error', async () => {
    const dir = tempDir();
    const source = join(fixtures, 'english-runbook.md');
    const en = await run(['import', source, '-o', impossible], dir, 'en');
    expect(en.signal).toBeNull();
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(new RegExp(`Cannot write ${impossible}/[a-z0-9-]+\\.yaml: ENOENT`));
    expect(en.stderr).toContain('this draft was not written anywhere');
    expect(en.stderr).not.toContain('internal error');
    const zh = await run(['import', source, '-o', impossible], dir, 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(new RegExp(`无法写入 ${impossible}/[a-z0-9-]+\\.yaml：`));
    expect(zh.stderr).toContain('这份草稿没有写入任何地方');
  });
});
