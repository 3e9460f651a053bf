// Writes the command-line shims (docker, redis-cli, sudo, chown/stat when owners are simulated, pass-throughs for fail-once faults) into <sandbox>/bin.
import { accessSync, chmodSync, constants, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What a shim says when the sandbox's process is gone (`runbook serve --sandbox` stopped): in the language of
 * whoever started the sandbox, `{error}` replaced by the connection's error when it is said.
 */
export interface ShimWords {
  notRunning: string;
}

/** A node script that forwards its argv to the sandbox's control server and replays the answer. */
function nodeShim(tool: string, port: number, token: string, { notRunning }: ShimWords): string {
  return `#!/usr/bin/env node
// runbook SANDBOX shim for \`${tool}\`: simulated, never the real tool. Forwards to the sandbox process.
'use strict';
const http = require('node:http');
const body = JSON.stringify({ tool: ${JSON.stringify(tool)}, argv: process.argv.slice(2), cwd: process.cwd(),
  env: { COMPOSE_FILE: process.env.COMPOSE_FILE } });
const req = http.request({ host: '127.0.0.1', port: ${port}, path: '/tool', method: 'POST',
  headers: { 'content-type': 'application/json', 'x-sandbox-token': ${JSON.stringify(token)} } }, (res) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c) => { data += c; });
  res.on('end', () => {
    let r;
    try { r = JSON.parse(data); } catch { r = { stdout: '', stderr: 'runbook sandbox: bad answer: ' + data + '\\n', code: 125 }; }
    process.stdout.write(r.stdout, () => process.stderr.write(r.stderr, () => { process.exitCode = r.code; }));
  });
});
req.on('error', (e) => { process.stderr.write(${JSON.stringify(notRunning)}.replace('{error}', () => e.message) + '\\n'); process.exitCode = 125; });
req.end(body);
`;
}

const SUDO = `#!/usr/bin/env bash
# runbook SANDBOX shim for sudo: runs the command as it is (the sandbox needs no privileges).
while [ $# -gt 0 ]; do
  case "$1" in
    -u|-g|-C|-D|-h|-p|-U) shift 2 ;;
    --) shift; break ;;
    -*) shift ;;
    *) break ;;
  esac
done
exec "$@"
`;

export function writeShims(bin: string, tools: readonly string[], port: number, token: string, words: ShimWords): void {
  for (const tool of tools) {
    const file = join(bin, tool);
    writeFileSync(file, nodeShim(tool, port, token, words));
    chmodSync(file, 0o755);
  }
  writeFileSync(join(bin, 'sudo'), SUDO);
  chmodSync(join(bin, 'sudo'), 0o755);
}

/**
 * A shim for a real tool named by a fail-once fault (`fail-once:chown 0:0`): it asks the sandbox whether
 * this call is the one to fail, and otherwise runs the real tool with the same arguments, input and output.
 */
function passThroughShim(tool: string, real: string | undefined, port: number, token: string, { notRunning }: ShimWords): string {
  return `#!/usr/bin/env node
// runbook SANDBOX pass-through for \`${tool}\`: fails the call a fail-once fault names, runs the real tool otherwise.
'use strict';
const http = require('node:http');
const { spawnSync } = require('node:child_process');
const { constants } = require('node:os');
const real = ${JSON.stringify(real ?? null)};
const argv = process.argv.slice(2);
const body = JSON.stringify({ tool: ${JSON.stringify(tool)}, argv, cwd: process.cwd(), env: {}, passthrough: true });
const req = http.request({ host: '127.0.0.1', port: ${port}, path: '/tool', method: 'POST',
  headers: { 'content-type': 'application/json', 'x-sandbox-token': ${JSON.stringify(token)} } }, (res) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c) => { data += c; });
  res.on('end', () => {
    let r;
    try { r = JSON.parse(data); } catch { r = { stdout: '', stderr: 'runbook sandbox: bad answer: ' + data + '\\n', code: 125 }; }
    if (r.code !== -1) { process.stderr.write(r.stderr, () => { process.exitCode = r.code; }); return; }
    if (!real) { process.stderr.write(${JSON.stringify(tool)} + ': command not found\\n'); process.exitCode = 127; return; }
    const p = spawnSync(real, argv, { stdio: 'inherit' });
    process.exitCode = p.status ?? 128 + (constants.signals[p.signal] || 1);
  });
});
req.on('error', (e) => { process.stderr.write(${JSON.stringify(notRunning)}.replace('{error}', () => e.message) + '\\n'); process.exitCode = 125; });
req.end(body);
`;
}

/** The real tool on PATH, the sandbox's own directory left out. */
function findReal(tool: string, bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!dir || dir === bin) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // not here
    }
  }
  return undefined;
}

export function writePassThroughs(bin: string, tools: readonly string[], port: number, token: string, words: ShimWords): void {
  for (const tool of tools) {
    const file = join(bin, tool);
    writeFileSync(file, passThroughShim(tool, findReal(tool, bin), port, token, words));
    chmodSync(file, 0o755);
  }
}
