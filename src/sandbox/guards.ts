// Guard shims: tools the sandbox does not simulate but that act on real systems are refused (exit 125); curl/wget reach only the sandbox's services.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tools that would reach real systems and that the sandbox does not simulate: always refused. */
export const REFUSED_TOOLS = [
  'kubectl', 'helm', 'systemctl', 'service', 'ssh', 'scp', 'rsync', 'podman', 'nerdctl', 'psql', 'mysql', 'mongo', 'mongosh',
] as const;

/** HTTP clients: allowed only for URLs of the sandbox's own services (127.0.0.1/localhost and their ports). */
export const HTTP_TOOLS = ['curl', 'wget'] as const;

/** Exit code of every refusal, as of a shim whose sandbox is gone. */
export const REFUSED_EXIT = 125;

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function refusingShim(tool: string, message: string): string {
  return `#!/bin/sh
# runbook SANDBOX guard for \`${tool}\`: not simulated, and the real one would reach real systems. Always refused.
printf '%s\\n' ${shQuote(message)} >&2
exit ${REFUSED_EXIT}
`;
}

/**
 * Options taking a value (the next argument), so that the value is not read as a URL. An option not listed here
 * that is followed by a word makes that word a URL to check: unknown means refused, never let through.
 */
const VALUE_OPTIONS: Record<(typeof HTTP_TOOLS)[number], { short: string; long: string[] }> = {
  curl: {
    short: 'oHdXwmuAFTbcrYyzCE',
    long: ['--output', '--header', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json',
      '--request', '--write-out', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '--user',
      '--user-agent', '--form', '--form-string', '--upload-file', '--cookie', '--cookie-jar', '--range', '--speed-limit',
      '--speed-time', '--continue-at', '--cert', '--cacert', '--key', '--stderr', '--trace', '--trace-ascii', '--expect100-timeout',
      '--max-filesize', '--limit-rate', '--dump-header', '--url-query', '--variable', '--referer'],
  },
  wget: {
    short: 'OoatTUP',
    long: ['--output-document', '--output-file', '--append-output', '--tries', '--timeout', '--user-agent', '--directory-prefix',
      '--header', '--post-data', '--post-file', '--method', '--body-data', '--body-file', '--wait', '--user', '--password',
      '--read-timeout', '--connect-timeout', '--dns-timeout', '--save-headers', '--load-cookies', '--save-cookies', '--referer'],
  },
};

/** Options that could send a request elsewhere (proxies, configs, redirects, input lists): refused. */
const BLOCKED_OPTIONS: Record<(typeof HTTP_TOOLS)[number], { short: string; long: string[] }> = {
  curl: {
    short: 'xKLU:',
    long: ['--proxy', '--preproxy', '--socks4', '--socks4a', '--socks5', '--socks5-hostname', '--config', '--location',
      '--location-trusted', '--resolve', '--connect-to', '--next', '--proxy-user', '--doh-url', '--unix-socket', '--abstract-unix-socket'],
  },
  wget: {
    short: 'eiBHrpF',
    long: ['--execute', '--input-file', '--base', '--span-hosts', '--recursive', '--page-requisites', '--mirror', '--config',
      '--force-html', '--proxy', '--proxy-user', '--proxy-password', '--follow-ftp'],
  },
};

/** A node script: checks every URL argument against the sandbox's services, then runs the real tool found after the shims on PATH. */
function httpShim(tool: (typeof HTTP_TOOLS)[number], bin: string, ports: number[], message: string): string {
  return `#!/usr/bin/env node
// runbook SANDBOX guard for \`${tool}\`: allowed only for the sandbox's own services (127.0.0.1:${ports.join('|')}).
'use strict';
const { accessSync, constants } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join, delimiter } = require('node:path');
const tool = ${JSON.stringify(tool)};
const bin = ${JSON.stringify(bin)};
const ports = new Set(${JSON.stringify(ports.map(String))});
const valueShort = ${JSON.stringify(VALUE_OPTIONS[tool].short)};
const valueLong = new Set(${JSON.stringify(VALUE_OPTIONS[tool].long)});
const blockedShort = ${JSON.stringify(BLOCKED_OPTIONS[tool].short)};
const blockedLong = new Set(${JSON.stringify(BLOCKED_OPTIONS[tool].long)});
const refuse = () => { process.stderr.write(${JSON.stringify(message + '\n')}); process.exit(${REFUSED_EXIT}); };
const isSandboxUrl = (word) => {
  try {
    const u = new URL(word.includes('://') ? word : 'http://' + word);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return false;
    return ports.has(u.port);
  } catch { return false; }
};
const args = process.argv.slice(2);
let urls = 0;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--') { for (const w of args.slice(i + 1)) { if (!isSandboxUrl(w)) refuse(); urls++; } break; }
  if (a.startsWith('--')) {
    const name = a.split('=')[0];
    if (blockedLong.has(name)) refuse();
    if (name === '--url') { const w = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]; if (w === undefined || !isSandboxUrl(w)) refuse(); urls++; }
    else if (valueLong.has(name) && !a.includes('=')) i++;
    continue;
  }
  if (a.startsWith('-') && a.length > 1) {
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (blockedShort.includes(c)) refuse();
      if (valueShort.includes(c)) { if (j === a.length - 1) i++; break; }
    }
    continue;
  }
  if (!isSandboxUrl(a)) refuse();
  urls++;
}
if (urls === 0) refuse();
let real;
for (const dir of (process.env.PATH || '').split(delimiter)) {
  if (!dir || dir === bin) continue;
  try { accessSync(join(dir, tool), constants.X_OK); real = join(dir, tool); break; } catch {}
}
if (!real) { process.stderr.write(tool + ': command not found\\n'); process.exit(127); }
const env = { ...process.env, NO_PROXY: '*', no_proxy: '*', WGETRC: '/dev/null', CURL_HOME: '/nonexistent' };
for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy']) delete env[k];
const fixed = tool === 'curl' ? ['-q', ...args] : ['--max-redirect=0', ...args];
const r = spawnSync(real, fixed, { stdio: 'inherit', env });
process.exit(r.status === null ? 128 + 15 : r.status);
`;
}

export interface GuardOptions {
  /** The sandbox's shim directory (skipped when looking for the real curl/wget). */
  bin: string;
  /** Ports of the sandbox's HTTP services on 127.0.0.1: the only places curl/wget may reach. */
  ports: number[];
  /** The refusal message for a tool, in the sandbox's language. */
  message: (tool: string) => string;
}

export function writeGuards({ bin, ports, message }: GuardOptions): void {
  for (const tool of REFUSED_TOOLS) {
    const file = join(bin, tool);
    writeFileSync(file, refusingShim(tool, message(tool)));
    chmodSync(file, 0o755);
  }
  for (const tool of HTTP_TOOLS) {
    const file = join(bin, tool);
    writeFileSync(file, httpShim(tool, bin, ports, message(tool)));
    chmodSync(file, 0o755);
  }
}
