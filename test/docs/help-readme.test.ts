// Every command's --help and the README agree: the same commands, and for each the same options (in English and Chinese help).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { usageOptions as helpOptions } from '../../src/cli/usage-options.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
/** Options every command takes, documented once for all. */
const GLOBAL = new Set(['--help', '--lang', '--version']);

function flags(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
}

function sorted(all: string[]): string[] {
  return [...new Set(all)].filter((o) => !GLOBAL.has(o)).sort();
}

/** The options README gives a command: in its synopsis (the first code span) and the first column of its option table. */
function readmeOptions(section: string): string[] {
  const synopsis = /`(runbook [^`]+)`/.exec(section)?.[1] ?? '';
  const table = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|')[1] ?? '');
  return sorted([...flags(synopsis), ...table.flatMap(flags)]);
}

/**
 * What README says about one command: each heading or list item that starts with `runbook <name>`, up to the
 * next heading or item (tables after a heading belong to it: `play`'s options).
 */
function readmeSection(name: string): string {
  const blocks = readme.split(/\n(?=#{1,6} |- `runbook )/);
  return blocks.filter((b) => new RegExp(`^(#{1,6} |- )\`runbook ${name}[\\s\`]`).test(b)).join('\n');
}

const visible = Object.entries(commands).filter(([, entry]) => !entry.hidden);

describe('--help and README', () => {
  it('README documents every command of `runbook --help`, and no other', () => {
    const documented = [...readme.matchAll(/^(?:#{1,6} |- )`runbook ([a-z]+)/gm)].map((m) => m[1]!);
    expect([...new Set(documented)].sort()).toEqual(visible.map(([name]) => name).sort());
  });

  for (const [name, entry] of visible) {
    it(`${name}: the options of --help (en and zh-CN) are the ones README names`, async () => {
      const { command } = await entry.load();
      const en = helpOptions(command.usage.en);
      expect(en.length + readmeSection(name).length, 'found nothing to compare').toBeGreaterThan(0);
      expect(helpOptions(command.usage['zh-CN']), 'zh-CN --help').toEqual(en);
      expect(readmeOptions(readmeSection(name)), 'README').toEqual(en);
    });
  }
});
