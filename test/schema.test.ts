// The schema is the one definition of the format: generated types and validator must match it.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';

it('generated files are up to date with their sources (schemas: types and validators; src/bytes/bytes.wat: its WebAssembly)', () => {
  const out = execFileSync(process.execPath, ['scripts/generate.mjs', '--check'], { encoding: 'utf8' });
  expect(out).toContain('up to date');
});

it('every shipped playbook starts with the schema modeline', () => {
  const files = readdirSync('runbooks').filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    expect(readFileSync(`runbooks/${f}`, 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=./schemas/playbook.schema.json');
  }
});
