// A step kind is one module: the registry (src/steps/index.ts, probe.ts) is the only list of the kinds, it
// matches the schema, and no file outside src/steps decides anything by naming a kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionKinds } from '../../src/steps/index.js';
import { probeKinds } from '../../src/steps/probe.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const schema = JSON.parse(readFileSync(join(root, 'runbooks/schemas/playbook.schema.json'), 'utf8')) as {
  definitions: Record<string, { allOf?: { oneOf?: { required: string[] }[] }[] }>;
};

/** The keys of a schema definition's "exactly one of" (`allOf: [{ oneOf: [{ required: [key] }, …] }]`). */
function oneOfKeys(definition: string): string[] {
  return (schema.definitions[definition]?.allOf ?? []).flatMap((a) => a.oneOf ?? []).flatMap((o) => o.required);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.gen.') ? [path] : [];
  });
}

/**
 * Lines that decide something by a kind's name: `case 'http':`, `kind === 'run'`, `kind: 'wait'` (building or
 * typing an action), or a list of kind names (`['run', 'http', 'playbook']`).
 */
function kindSwitches(text: string, kinds: readonly string[]): string[] {
  const name = `'(?:${kinds.join('|')})'`;
  const patterns = [
    new RegExp(`\\bcase\\s+${name}\\s*:`),
    new RegExp(`\\bkind\\s*[!=]==?\\s*${name}`),
    new RegExp(`${name}\\s*[!=]==?\\s*[\\w.]*kind\\b`),
    new RegExp(`\\bkind\\s*:\\s*${name}`),
    new RegExp(`${name}\\s*,\\s*${name}`),
  ];
  return text.split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && patterns.some((p) => p.test(line)));
}

describe('the step kinds registry', () => {
  it('lists exactly the actions the schema lets a step have, and the probe kinds exactly those a probe may have', () => {
    expect([...actionKinds].sort()).toEqual(oneOfKeys('step').sort());
    expect(Object.keys(probeKinds).sort()).toEqual(oneOfKeys('probeSpec').sort());
    expect(Object.keys(probeKinds).sort()).toEqual(oneOfKeys('rollbackSpec').sort());
  });

  it('finds a switch on the kind when there is one (the check below can fail)', () => {
    const sample = ["switch (step.action.kind) {", "  case 'http':", "if (a.kind === 'run') return;", "if ('wait' !== probe.kind) x();", "const action = { kind: 'notify', url };", "['run', 'http', 'playbook'].includes(k)", "// case 'run': in a comment"].join('\n');
    expect(kindSwitches(sample, actionKinds)).toEqual(sample.split('\n').slice(1, 6));
  });

  it('is the only place that decides by a kind: no file outside src/steps names one in a switch, comparison or list', () => {
    const found = sourceFiles(join(root, 'src'))
      .filter((file) => !relative(join(root, 'src'), file).startsWith('steps/'))
      .flatMap((file) => kindSwitches(readFileSync(file, 'utf8'), actionKinds).map((line) => `${relative(root, file)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });
});
