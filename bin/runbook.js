#!/usr/bin/env node
// Entry point of the `runbook` command: loads the bundled CLI built by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('runbook: dist/cli.js is missing. Run `npm run build` (or `npm ci`, which builds) first.\n');
  process.exit(70);
}
await import(cli.href);
