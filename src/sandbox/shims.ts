// Writes the command-line shims (docker, redis-cli, sudo, and chown/stat when owners are simulated) into <sandbox>/bin.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A node script that forwards its argv to the sandbox's control server and replays the answer. */
function nodeShim(tool: string, port: number, token: string): string {
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
req.on('error', (e) => { process.stderr.write('runbook sandbox: the sandbox is not running (' + e.message + ')\\n'); process.exitCode = 125; });
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

export function writeShims(bin: string, tools: readonly string[], port: number, token: string): void {
  for (const tool of tools) {
    const file = join(bin, tool);
    writeFileSync(file, nodeShim(tool, port, token));
    chmodSync(file, 0o755);
  }
  writeFileSync(join(bin, 'sudo'), SUDO);
  chmodSync(join(bin, 'sudo'), 0o755);
}
