// Bundles the CLI with esbuild into dist/ (code-split, so commands load only what they use).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Ink optionally loads the React devtools; we never enable them.
  external: ['react-devtools-core'],
  banner: {
    // Bundled CommonJS dependencies (handlebars, react) may call require().
    js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
