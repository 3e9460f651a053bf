// esbuild plugin: yaml's parser and composer read two debugging switches (LOG_TOKENS, LOG_STREAM) from process.env
// for every token and every document, and process.env is a call into C++ each time: about 2% of a cold
// `runbook validate runbooks/` (docs/performance.md). The bundles read them as off. Each replacement is checked
// against the source it replaces, so the build fails when a new version of yaml changes it.
import { readFile } from 'node:fs/promises';

const switches = {
  'parser.js': 'node_process.env.LOG_TOKENS',
  'composer.js': 'node_process.env.LOG_STREAM',
};

export const yamlPatches = {
  name: 'yaml-patches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const expect = switches[args.path.split(/[\\/]/).pop()];
      const original = await readFile(args.path, 'utf8');
      if (!original.includes(expect)) throw new Error(`${args.path} changed (no "${expect}"): check whether scripts/yaml-patches.mjs is still needed`);
      return { contents: original.replaceAll(expect, 'false'), loader: 'js' };
    });
  },
};
