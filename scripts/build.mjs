// Bundles the CLI with esbuild into dist/ (code-split, so commands load only what they use).
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const outdir = `${root}dist`;
// Build beside dist/ and swap it in, so a CLI started meanwhile never finds dist/ half-written.
const staging = `${root}.dist-build-${process.pid}`;

try {
  await build({
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: staging,
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
  const old = `${root}.dist-old-${process.pid}`;
  try {
    renameSync(outdir, old);
  } catch {
    // no previous build
  }
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
