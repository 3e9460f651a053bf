// A playbook's own `env:` cannot step out of the sandbox: its PATH and the sandbox's marker are applied last.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { SANDBOX_MARKER } from '../../src/sandbox/reap.js';
import { timings } from '../../src/sandbox/world.js';
import { playText } from './run-playbook.js';

timings.startupMs = 0;

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const running = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describe('a playbook env under --sandbox', () => {
  it('cannot put the real docker back in front with PATH, nor hide from stop() by overriding the marker', async () => {
    sb = await startSandbox();
    const yaml = `name: env-escape
title: Tries to escape the sandbox with env
env:
  PATH: /usr/bin
  ${SANDBOX_MARKER}: not-the-sandbox
cwd: ${JSON.stringify(sb.vars.project_dir)}
steps:
  - id: docker
    env:
      PATH: /bin
    run: |-
      echo "docker=$(command -v docker)"
      docker version
      docker compose ps --services
      echo "marker=$${SANDBOX_MARKER}"
      sleep 300 > /dev/null 2>&1 &
      echo "pid=$!"
`;
    const played = await playText(sb, yaml);
    expect(played.result.status).toBe('ok');
    expect(played.stdout).toContain(`docker=${join(sb.dir, 'bin', 'docker')}`);
    expect(played.stdout).toMatch(/runbook sandbox, simulated/);
    expect(played.stdout).toContain('recommendation-api');
    expect(played.stdout).toContain(`marker=${sb.env[SANDBOX_MARKER]}`);
    expect(sb.state().commands).toContain('docker compose ps --services');
    const pid = Number(/pid=(\d+)/.exec(played.stdout)?.[1]);
    expect(running(pid)).toBe(true);
    await sb.stop();
    sb = undefined;
    expect(running(pid)).toBe(false);
  });
});
