// The arguments layer that `runbook validate` loads (its bundle starts cold on every save) stays light: no Ink, React
// or execa, and none of the arguments of the commands that run playbooks.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every source file a module loads, statically, as esbuild bundles it. */
async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [`${root}${entry}`], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: root });
  return Object.keys(result.metafile.inputs);
}

describe('what validate loads of the arguments layer', () => {
  it('the validate command and the CLI runner bring only the parser of validate', async () => {
    const inputs = [...(await inputsOf('src/cli/commands/validate.ts')), ...(await inputsOf('src/cli/run.ts'))];
    expect(inputs).toContain('src/cli/arguments/validate.ts');
    expect(inputs).toContain('src/cli/arguments/global.ts');
    expect(inputs.filter((f) => /node_modules\/(ink|react|react-reconciler|yoga-layout|execa)\//.test(f))).toEqual([]);
    expect(inputs.filter((f) => /^src\/cli\/arguments\/(?!validate|parser|diagnostics|global|options)/.test(f))).toEqual([]);
    expect(inputs.filter((f) => /^src\/(ui\/reporter|engine\/run\/)/.test(f))).toEqual([]);
  });
});
