// `runbook validate` keeps what it parsed in the user's cache folder (src/engine/parse-cache.ts): its answers must be
// the same with an empty, a warm, a broken, an unusable or no cache, and an edited file is never answered from it.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runbook, type RunbookResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const exec = promisify(execFile);

/** validate with its cache in `cacheHome` (undefined: the switch turns it off). */
function validate(args: string[], cacheHome: string | undefined, cwd = root): Promise<RunbookResult> {
  return runbook(['validate', ...args], { cwd, env: cacheHome === undefined ? { RUNBOOK_DISABLE_PARSE_CACHE: '1' } : { XDG_CACHE_HOME: cacheHome } });
}

/** The files of the build's cache folder (one folder per build under runbook/parse). */
function cacheFiles(cacheHome: string): string[] {
  const parse = join(cacheHome, 'runbook', 'parse');
  if (!existsSync(parse)) return [];
  return readdirSync(parse).flatMap((build) => readdirSync(join(parse, build)).map((name) => join(parse, build, name)));
}

const MINIMAL = `name: minimal
title: A small playbook
params:
  who: { type: string, default: world }
steps:
  - id: hello
    run: echo "hello" {{who}}
    timeout: 5s
`;

describe('the parse cache never changes an answer', () => {
  const inputs = ['runbooks/', 'test/fixtures/'];
  for (const format of ['text', 'json', 'github']) {
    for (const lang of ['en', 'zh-CN']) {
      it(`${format}, ${lang}: an empty, a warm and no cache give the same output and exit code on every fixture`, async () => {
        const cacheHome = tempDir();
        const args = [...inputs, '--format', format, '--lang', lang];
        const [cold, none] = await Promise.all([validate(args, cacheHome), validate(args, undefined)]);
        expect(cacheFiles(cacheHome).length).toBeGreaterThan(40);
        const warm = await validate(args, cacheHome);
        expect(cold.code).toBe(2); // the fixtures include invalid playbooks, whose diagnostics need positions
        expect(cold).toEqual(none);
        expect(warm).toEqual(none);
      });
    }
  }

  it('is shared by the full CLI (dist/cli.js), which answers the same from it', async () => {
    const cacheHome = tempDir();
    const args = [...inputs, '--format', 'json'];
    const cold = await validate(args, cacheHome);
    const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', XDG_CACHE_HOME: cacheHome };
    const full = await exec(process.execPath, [join(root, 'dist/cli.js'), 'validate', ...args], { cwd: root, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: RunbookResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(full).toEqual(cold);
  });

  it('keeps the playbooks a playbook includes, read for the include graph', async () => {
    const cacheHome = tempDir();
    const args = ['runbooks/fix-missing-features.yaml'];
    const cold = await validate(args, cacheHome);
    expect(cacheFiles(cacheHome).filter((f) => f.includes('yaml-'))).toHaveLength(2);
    expect(cold).toEqual({ code: 0, stdout: '1 playbook valid\n', stderr: '' });
    expect(await validate(args, cacheHome)).toEqual(cold);
  });

  it('is used: a kept entry is what a warm run reads (entries are trusted as the user\'s own files)', async () => {
    const cacheHome = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yaml'), MINIMAL);
    expect((await validate(['p.yaml'], cacheHome, dir)).stdout).toBe('1 playbook valid\n');
    const [entry] = cacheFiles(cacheHome).filter((f) => f.includes('yaml-'));
    const kept = JSON.parse(readFileSync(entry!, 'utf8')) as { value: Record<string, unknown> };
    kept.value.stray = true;
    writeFileSync(entry!, JSON.stringify(kept));
    const warm = await validate(['p.yaml'], cacheHome, dir);
    expect(warm.code).toBe(2);
    // The position comes from parsing the file again, which has no such key: the message is still located.
    expect(warm.stdout).toContain('stray');
  });

  it('sees every edit, even one that keeps the size and the modification time', async () => {
    const cacheHome = tempDir();
    const dir = tempDir();
    const file = join(dir, 'p.yaml');
    writeFileSync(file, MINIMAL);
    expect((await validate(['p.yaml'], cacheHome, dir)).stdout).toBe('1 playbook valid\n');
    const { mtime } = statSync(file);
    writeFileSync(file, MINIMAL.replace('timeout: 5s', 'timeout: 5x'));
    utimesSync(file, mtime, mtime);
    const edited = await validate(['p.yaml'], cacheHome, dir);
    expect(edited).toEqual(await validate(['p.yaml'], undefined, dir));
    expect(edited.code).toBe(2);
    expect(edited.stdout).toContain('p.yaml:8:');
    writeFileSync(file, MINIMAL.replace('{{who}}', '{{whom}}'));
    const template = await validate(['p.yaml'], cacheHome, dir);
    expect(template).toEqual(await validate(['p.yaml'], undefined, dir));
    expect(template.stdout).toContain('whom');
  });

  it('treats a broken, truncated or foreign entry as a miss, and writes it again', async () => {
    const cacheHome = tempDir();
    const args = ['runbooks/', 'test/fixtures/', '--format', 'json'];
    const expected = await validate(args, undefined);
    await validate(args, cacheHome);
    const files = cacheFiles(cacheHome);
    files.forEach((file, i) => {
      const text = readFileSync(file, 'utf8');
      const data = JSON.parse(text) as Record<string, unknown>;
      const broken = [
        () => text.slice(0, text.length >> 1),
        () => JSON.stringify({ ...data, key: 'runbook-parse-cache-1 another-build' }),
        () => JSON.stringify({ ...data, value: ['not', 'a', 'mapping'] }),
        () => JSON.stringify({ ...data, source: `${String(data.source)} ` }),
        () => '\u0000\u0001 not json',
      ];
      if (file.endsWith('templates.json')) {
        const templates = (data.templates as [string, unknown][]).map(([key], j) => [key, [{ references: 'x' }, { references: [{ parts: [1] }], issues: [], raw: [] }, null][j % 3]]);
        writeFileSync(file, JSON.stringify({ ...data, templates }));
      } else {
        writeFileSync(file, broken[i % broken.length]!());
      }
    });
    expect(await validate(args, cacheHome)).toEqual(expected);
    for (const file of cacheFiles(cacheHome)) expect(() => JSON.parse(readFileSync(file, 'utf8')) as unknown, file).not.toThrow();
    expect(await validate(args, cacheHome)).toEqual(expected);
  });

  it('is no error when the cache folder cannot be made or written', async () => {
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const result = await validate(['runbooks/'], blocked);
    expect(result).toEqual({ code: 0, stdout: '16 playbooks and 1 rules file valid\n', stderr: '' });
  });

  it('does not believe entries in a folder others can write to (a planted entry could pass a bad file)', async () => {
    const cacheHome = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yaml'), MINIMAL);
    await validate(['p.yaml'], cacheHome, dir);
    const [entry] = cacheFiles(cacheHome).filter((f) => f.includes('yaml-'));
    const kept = JSON.parse(readFileSync(entry!, 'utf8')) as { value: Record<string, unknown> };
    kept.value.stray = true;
    writeFileSync(entry!, JSON.stringify(kept));
    chmodSync(dirname(entry!), 0o777);
    // The planted key is not read from a loose folder: the file is parsed again, and it is valid.
    expect(await validate(['p.yaml'], cacheHome, dir)).toEqual({ code: 0, stdout: '1 playbook valid\n', stderr: '' });
    chmodSync(dirname(entry!), 0o700);
    writeFileSync(entry!, JSON.stringify(kept));
    // The same entry in a private folder is the user's own, and read (as the test above shows).
    expect((await validate(['p.yaml'], cacheHome, dir)).code).toBe(2);
  });

  it('never hangs where the folder cannot be made (mkdir answers ENOENT under /proc)', async () => {
    const result = await validate(['runbooks/'], '/proc/self');
    expect(result).toEqual({ code: 0, stdout: '16 playbooks and 1 rules file valid\n', stderr: '' });
  });

  it('is off with RUNBOOK_DISABLE_PARSE_CACHE: nothing is written', async () => {
    const cacheHome = tempDir();
    const result = await runbook(['validate', 'runbooks/'], { cwd: root, env: { XDG_CACHE_HOME: cacheHome, RUNBOOK_DISABLE_PARSE_CACHE: '' } });
    expect(result.stdout).toBe('16 playbooks and 1 rules file valid\n');
    expect(cacheFiles(cacheHome)).toEqual([]);
  });

  it('lives in ~/.cache/runbook when XDG_CACHE_HOME is unset or not absolute, private to the user', async () => {
    const home = tempDir();
    const result = await runbook(['validate', 'runbooks/'], { cwd: root, env: { HOME: home, XDG_CACHE_HOME: 'relative/cache' } });
    expect(result.code).toBe(0);
    const files = cacheFiles(join(home, '.cache'));
    expect(files.length).toBe(18); // 16 playbooks, the rules file, the templates
    expect(statSync(join(home, '.cache', 'runbook', 'parse')).isDirectory()).toBe(true);
    for (const file of files) expect(statSync(file).mode & 0o077, file).toBe(0);
    expect(existsSync(join(root, 'relative'))).toBe(false);
  });

  it('keeps the folders of the last few builds only', async () => {
    const cacheHome = tempDir();
    const parse = join(cacheHome, 'runbook', 'parse');
    for (let i = 0; i < 6; i++) {
      mkdirSync(join(parse, `old-build-${i}`), { recursive: true });
      utimesSync(join(parse, `old-build-${i}`), 1000 + i, 1000 + i);
    }
    await validate(['runbooks/'], cacheHome);
    expect(readdirSync(parse).filter((name) => name.startsWith('old-build-')).sort()).toEqual(['old-build-3', 'old-build-4', 'old-build-5']);
  });
});
