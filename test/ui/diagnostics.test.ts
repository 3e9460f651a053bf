// Diagnostic output: go-task style text with exact markers (tabs, CJK, long lines), stable JSON, safe GitHub annotations.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/errors.js';
import {
  escapeData,
  escapeProperty,
  formatDiagnosticsGithub,
  formatDiagnosticsJson,
  formatDiagnosticsText,
  MAX_SHOWN_PER_FILE,
  sanitize,
  useColor,
  type FileDiagnostics,
} from '../../src/ui/diagnostics.js';
import { formatUserError } from '../../src/ui/errors.js';
import { InvalidPlaybookError } from '../../src/engine/errors.js';

function at(line: number, col: number, endCol: number, message = 'boom', hint?: string): Diagnostic {
  const d: Diagnostic = { code: 'test.code', severity: 'error', message, location: { file: 'p.yaml', line, col, endLine: line, endCol } };
  if (hint) d.hint = hint;
  return d;
}

const text = (files: FileDiagnostics[], lang: 'en' | 'zh-CN' = 'en') => formatDiagnosticsText(files, { lang, color: false });

describe('text', () => {
  it('prints file:line:col, the line before, the line with a marker under the span, and the hint', () => {
    const source = 'steps:\n  - id: stop\n    rn: docker compose down\n';
    expect(text([{ file: 'p.yaml', source, diagnostics: [at(3, 5, 7, 'unknown key `rn`', 'did you mean `run`?')] }])).toBe(
      [
        'p.yaml:3:5: error: unknown key `rn`',
        '  2 |   - id: stop',
        '  3 |     rn: docker compose down',
        '    |     ^~',
        '  hint: did you mean `run`?',
        '',
      ].join('\n'),
    );
  });

  it('puts the marker under CJK text by display width', () => {
    const source = 'title: { zh-CN: 修复权限, en: "" }\n';
    const out = text([{ file: 'p.yaml', source, diagnostics: [at(1, 27, 29)] }]);
    const lines = out.split('\n');
    // `修复权限` takes 8 columns, so the marker sits 4 columns further right than the character count says.
    expect(lines[1]).toBe('  1 | title: { zh-CN: 修复权限, en: "" }');
    expect(lines[2]).toBe('    | ' + ' '.repeat(30) + '^~');
  });

  it('expands tabs and keeps the marker aligned', () => {
    const source = 'a:\t{b:\tFETCH}\n';
    const lines = text([{ file: 'p.yaml', source, diagnostics: [at(1, 8, 13)] }]).split('\n');
    // Tab stops every 4 columns: the first tab fills 2 columns, the second 1.
    expect(lines[1]).toBe('  1 | a:  {b: FETCH}');
    expect(lines[2]).toBe('    | ' + ' '.repeat(8) + '^~~~~');
  });

  it('ignores CR of CRLF lines and shows a window of very long lines', () => {
    const crlf = text([{ file: 'p.yaml', source: 'a: 1\r\nb: x\r\n', diagnostics: [at(2, 4, 5)] }]).split('\n');
    expect(crlf[2]).toBe('  2 | b: x');
    const long = 'k: ' + 'x'.repeat(500) + 'HERE' + 'y'.repeat(500);
    const lines = text([{ file: 'p.yaml', source: long, diagnostics: [at(1, 504, 508)] }]).split('\n');
    expect(lines[1]!.length).toBeLessThan(140);
    const markerColumn = lines[2]!.indexOf('^');
    expect(lines[1]!.slice(markerColumn, markerColumn + 4)).toBe('HERE');
  });

  it('shows control characters from the file as visible symbols, never raw', () => {
    const out = text([{ file: 'p.yaml', source: 'a: "\u001b[31mred"\n', diagnostics: [at(1, 4, 5, 'key \u001b]0;pwned\u0007')] }]);
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('␛[31mred');
    expect(sanitize('a\u0000b')).toBe('a␀b');
  });

  it('prints a diagnostic without location as file: error', () => {
    expect(text([{ file: 'e.yaml', diagnostics: [{ code: 'yaml.empty', severity: 'error', message: 'the file is empty' }] }])).toBe('e.yaml: error: the file is empty\n');
  });

  it('caps the errors shown per file and says how many more there are', () => {
    const many = Array.from({ length: MAX_SHOWN_PER_FILE + 3 }, (_, i) => at(1, 1, 2, `e${i}`));
    const out = text([{ file: 'p.yaml', source: 'x\n', diagnostics: many }]);
    expect(out.match(/: error: /g)).toHaveLength(MAX_SHOWN_PER_FILE);
    expect(out).toContain('p.yaml: … and 3 more error(s) in this file not shown');
  });

  it('colours only when asked, and the choice follows TTY and NO_COLOR', () => {
    const files = [{ file: 'p.yaml', source: 'x\n', diagnostics: [at(1, 1, 2)] }];
    expect(formatDiagnosticsText(files, { lang: 'en', color: true })).toContain('\u001b[');
    expect(text(files)).not.toContain('\u001b[');
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });

  it('labels in Chinese', () => {
    expect(text([{ file: 'p.yaml', source: 'x\n', diagnostics: [at(1, 1, 2, 'm', 'h')] }], 'zh-CN')).toContain('p.yaml:1:1: 错误：m');
    expect(text([{ file: 'p.yaml', source: 'x\n', diagnostics: [at(1, 1, 2, 'm', 'h')] }], 'zh-CN')).toContain('  提示：h');
  });
});

describe('json', () => {
  it('is a stable array with the same keys for every diagnostic', () => {
    const rows = JSON.parse(
      formatDiagnosticsJson([
        { file: 'a.yaml', diagnostics: [at(1, 2, 3, 'x', 'y')] },
        { file: 'b.yaml', diagnostics: [{ code: 'yaml.empty', severity: 'error', message: 'empty' }] },
      ]),
    ) as Record<string, unknown>[];
    expect(rows).toEqual([
      { file: 'p.yaml', line: 1, col: 2, endLine: 1, endCol: 3, severity: 'error', code: 'test.code', message: 'x', hint: 'y' },
      { file: 'b.yaml', line: null, col: null, endLine: null, endCol: null, severity: 'error', code: 'yaml.empty', message: 'empty', hint: null },
    ]);
  });
});

describe('github', () => {
  it('writes one ::error per diagnostic with file, line and column', () => {
    expect(formatDiagnosticsGithub([{ file: 'p.yaml', diagnostics: [at(3, 5, 7, 'unknown key `rn`')] }], { lang: 'en' })).toBe(
      '::error file=p.yaml,line=3,col=5,endLine=3,endColumn=7,title=runbook validate::unknown key `rn`\n',
    );
  });

  it("keeps the break between message and hint, and shows a quoted value's as ␤", () => {
    const out = formatDiagnosticsGithub([{ file: 'p.yaml', diagnostics: [at(3, 5, 7, 'unknown key `bad\nkey`', 'allowed\u2028here')] }], { lang: 'en' });
    expect(out).toBe('::error file=p.yaml,line=3,col=5,endLine=3,endColumn=7,title=runbook validate::unknown key `bad␤key`%0Ahint: allowed\\u2028here\n');
  });

  it('escapes text so a playbook cannot inject workflow commands', () => {
    const evil = 'x\n::set-env name=PATH::/evil\r\n%0A::add-mask::';
    const out = formatDiagnosticsGithub(
      [{ file: 'a,b:c.yaml', diagnostics: [{ ...at(1, 1, 2, evil), location: { file: 'a,b:c.yaml', line: 1, col: 1 } }] }],
      { lang: 'en' },
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // A line break of the message is a value's (no catalog message spans lines): shown as ␤, the CR as ␍.
    expect(lines[0]).toMatch(/^::error file=a%2Cb%3Ac\.yaml,line=1,col=1,title=runbook validate::x␤::set-env name=PATH::\/evil␍␤%250A/);
    expect(lines[0]).toContain('%250A');
    expect(escapeData('100%\r\n')).toBe('100%25%0D%0A');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
});

describe('formatUserError', () => {
  it('prints the error, each diagnostic with its lines, and the hint', () => {
    const error = new InvalidPlaybookError('p.yaml', [at(1, 1, 4, 'bad key')]);
    const out = formatUserError(error, 'en');
    expect(out.split('\n')[0]).toBe('runbook: p.yaml: 1 error');
    expect(out).toContain('p.yaml:1:1: error: bad key');
  });
});
