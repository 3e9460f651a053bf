// Regenerates every golden file (test/golden/, README "Golden files"): runs each test that compares output with
// one (`toMatchFileSnapshot`) with `vitest --update`, after the global test setup has built dist/.
// Usage: npm run golden [-- <vitest options, e.g. -t bad-defaults>]. Review the diff like code.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tests = readdirSync(`${root}test`, { recursive: true })
  .filter((file) => /\.test\.tsx?$/.test(file))
  .map((file) => `test/${file}`)
  .filter((file) => readFileSync(`${root}${file}`, 'utf8').includes('toMatchFileSnapshot('))
  .sort();
const vitest = `${root}node_modules/vitest/vitest.mjs`;
const result = spawnSync(process.execPath, [vitest, 'run', '--update=true', ...tests, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
