// A file system's refusal is said with words after its code, in English and Chinese: never a bare `EISDIR`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeFsError, sayFsCode, sayFsError } from '../../../src/engine/run/fs-errors.js';
import { engineText } from '../../../src/i18n/engine.js';

const CODES = ['EISDIR', 'EEXIST', 'ENOTEMPTY', 'EBUSY', 'EMFILE', 'ENFILE', 'ELOOP', 'ENAMETOOLONG', 'EXDEV', 'EIO', 'ETXTBSY', 'EFBIG', 'ENXIO', 'EINVAL', 'ESOMETHINGNEW'];
const errorOf = (code: string) => Object.assign(new Error(`${code}: what Node says`), { code });
/** `CODE: words`, the words not empty and not the code again. */
const withWords = (text: string, code: string) => expect(text).toMatch(new RegExp(`^${code}: (?!${code})\\S.*$`));

describe('a file system error', () => {
  for (const code of CODES) {
    it(`has words after its code: ${code}`, () => {
      for (const lang of ['en', 'zh-CN'] as const) {
        withWords(sayFsCode(errorOf(code), lang), code);
        withWords(describeFsError(errorOf(code), engineText(lang)), code);
      }
      withWords(sayFsError(errorOf(code), 'zh-CN'), code);
    });
  }

  it('says a real one in Chinese words (reading a folder as a file)', () => {
    const dir = mkdtempSync(`${tmpdir()}/runbook-fs-errors-`);
    try {
      readFileSync(dir);
    } catch (error) {
      expect(sayFsError(error, 'zh-CN')).toBe('EISDIR: 是一个目录');
      expect(sayFsCode(error, 'en')).toBe('EISDIR: is a directory');
      expect(sayFsError(error, 'en')).toBe('EISDIR: illegal operation on a directory, read');
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect.assertions(3);
  });

  it("keeps Node's English message on one line: it quotes the path", () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open 'a\nb'"), { code: 'ENOENT' });
    expect(sayFsError(error, 'en')).toBe("ENOENT: no such file or directory, open 'a␤b'");
  });
});
