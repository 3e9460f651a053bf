// What the SSH benchmarks share: whether a tool is installed, and the transport and test hosts bundled from TypeScript.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Whether `command` is found on PATH (or is an executable path). */
export function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Bundles the named modules (name → path under the repository) into `dir` and imports them, merged into one object. */
export async function loadModules(dir, entries) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, join(root, path)])),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  const modules = await Promise.all(Object.keys(entries).map((name) => import(pathToFileURL(join(dir, `${name}.mjs`)).href)));
  return Object.assign({}, ...modules);
}
