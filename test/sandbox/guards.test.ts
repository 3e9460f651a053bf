// The sandbox refuses tools it does not simulate (they would reach real systems) and simulates docker-compose (v1).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { timings } from '../../src/sandbox/world.js';
import { sh } from './helpers.js';
import { playText } from './run-playbook.js';

timings.startupMs = 0;

const REFUSED: [tool: string, command: string][] = [
  ['kubectl', 'kubectl -n recommend rollout restart deployment/api'],
  ['helm', 'helm upgrade recommend ./chart'],
  ['systemctl', 'systemctl restart docker'],
  ['service', 'service docker restart'],
  ['ssh', 'ssh ops@prod-1 uptime'],
  ['scp', 'scp backup.tgz ops@prod-1:/tmp/'],
  ['rsync', 'rsync -a ./ ops@prod-1:/opt/recommend/'],
  ['podman', 'podman restart recommend-api-1'],
  ['nerdctl', 'nerdctl ps'],
  ['psql', "psql -h db.internal -c 'select 1'"],
  ['mysql', "mysql -h db.internal -e 'select 1'"],
  ['mongo', "mongo db.internal --eval 'db.stats()'"],
  ['curl', 'curl -fsS https://example.com/'],
  ['curl', 'curl -s -X POST http://127.0.0.1:1/reload/primary'],
  ['curl', 'curl -s -x http://proxy.internal:3128 API/health'],
  ['curl', 'curl -sL API/health'],
  ['wget', 'wget -qO- http://10.0.0.7/metrics'],
];

const TOOLS = [...new Set([...REFUSED.map(([t]) => t), 'docker-compose', 'wget', 'curl'])];

let stubs: string;
let log: string;
let sb: Sandbox;
const savedPath = process.env.PATH;

beforeAll(async () => {
  // Logging stand-ins for the real tools, on the host PATH (after the sandbox's shims): a call that reached
  // "the real tool" leaves a line in the log.
  stubs = mkdtempSync(join(tmpdir(), 'runbook-real-tools-'));
  log = join(stubs, 'calls.log');
  writeFileSync(log, '');
  for (const tool of TOOLS) {
    writeFileSync(join(stubs, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\n`);
    chmodSync(join(stubs, tool), 0o755);
  }
  process.env.PATH = `${stubs}${delimiter}${savedPath ?? ''}`;
  try {
    sb = await startSandbox({ lang: 'en' });
  } finally {
    process.env.PATH = savedPath;
  }
});

afterAll(async () => {
  await sb?.stop();
  rmSync(stubs, { recursive: true, force: true });
});

/** A one-step playbook; `API` in the command is the sandbox's API URL. */
const playbook = (command: string) => `name: refused
title: Refused
cwd: ${JSON.stringify(sb.vars.project_dir)}
steps:
  - id: reach_out
    run: ${JSON.stringify(command.replaceAll('API', sb.vars.api_url!))}
`;

describe('tools the sandbox does not simulate', () => {
  it('has the real-tool stand-ins on the host PATH, after the shims', () => {
    const path = sb.env.PATH!.split(delimiter);
    expect(path[0]).toBe(sb.vars.bin_dir);
    expect(path.indexOf(stubs)).toBeGreaterThan(0);
  });

  it.each(REFUSED)('%s: refused (exit 125) with a clear message, the real one never runs: %s', async (tool, command) => {
    writeFileSync(log, '');
    const played = await playText(sb, playbook(command));
    expect(played.result.status).toBe('failed');
    expect(played.result.failedStep).toBe('reach_out');
    expect(played.stderr).toContain(`runbook sandbox: ${tool} is not simulated; a sandbox run never reaches real systems`);
    const finished = played.events.find((e) => e.type === 'step.finished' && e.id === 'reach_out');
    expect(finished).toMatchObject({ status: 'failed', exitCode: 125 });
    expect(readFileSync(log, 'utf8')).toBe('');
  });

  it('lets curl and wget reach the sandbox\'s own services (through the real tool)', async () => {
    writeFileSync(log, '');
    const played = await playText(sb, playbook(`curl -fsS -o /dev/null -w '%{http_code}' ${sb.vars.api_url}/health && wget -qO- --header 'Accept: application/json' ${sb.vars.mlflow_url}/health`));
    expect(played.result.status).toBe('ok');
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toEqual([
      `curl -q -fsS -o /dev/null -w %{http_code} ${sb.vars.api_url}/health`,
      `wget --max-redirect=0 -qO- --header Accept: application/json ${sb.vars.mlflow_url}/health`,
    ]);
  });

  it('refuses in Chinese when the sandbox speaks Chinese', async () => {
    const zh = await startSandbox({ lang: 'zh-CN' });
    try {
      const r = await sh(zh, 'kubectl get pods');
      expect(r.code).toBe(125);
      expect(r.stderr).toContain('runbook 沙箱：kubectl 未被模拟');
    } finally {
      await zh.stop();
    }
  });
});

describe('docker-compose (compose v1)', () => {
  it('is the simulated compose, like `docker compose`; the real one never runs', async () => {
    writeFileSync(log, '');
    expect((await sh(sb, 'docker-compose ps --services')).stdout).toBe((await sh(sb, 'docker compose ps --services')).stdout);
    const stop = await sh(sb, 'docker-compose -p recommend stop recommendation-api');
    expect(stop.code).toBe(0);
    expect((await sh(sb, 'docker compose ps --services --status running')).stdout.split('\n')).not.toContain('recommendation-api');
    const played = await playText(sb, playbook('docker-compose -p recommend restart recommendation-api'));
    expect(played.result.status).toBe('ok');
    expect((await sh(sb, 'docker compose ps --services --status running')).stdout.split('\n')).toContain('recommendation-api');
    expect(sb.state().commands).toContain('docker-compose -p recommend restart recommendation-api');
    expect(readFileSync(log, 'utf8')).toBe('');
  });

  it('obeys the fail-once faults written for `docker compose`', async () => {
    const faulty = await startSandbox({ fault: 'fail-once:docker compose restart' });
    try {
      expect((await sh(faulty, 'docker-compose restart redis')).code).not.toBe(0);
      expect((await sh(faulty, 'docker-compose restart redis')).code).toBe(0);
    } finally {
      await faulty.stop();
    }
  });
});
