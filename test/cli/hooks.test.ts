// Hooks through the CLI: on_failure notifies a local receiver with {{run.*}} (secrets masked), plan shows the
// hooks, and a failing hook is reported without changing the exit code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { serve } from '../steps/server.js';

const SECRET = 'pa55-w0rd-xyz';

function playbook(url: string, failing: boolean): string {
  return `name: hooked
params:
  password: { type: string, secret: true, default: ${SECRET} }
steps:
  - id: change
    run: ${failing ? 'echo cannot log in with {{password}} >&2; exit 2' : "'true'"}
on_success:
  - id: tell_ok
    notify: { via: gateway, url: '${url}/ok', message: '{{run.playbook}} {{run.status}} in {{run.duration}}' }
on_failure:
  - id: tell_failure
    notify:
      via: webhook
      url: '${url}/failure'
      title: '{{run.playbook}}: {{run.status}}'
      message: 'step {{run.failed_step}} failed ({{run.error}}) run {{run.id}} by {{run.operator}} on {{run.host}}; journal {{run.journal}}'
`;
}

describe('hooks through the CLI', () => {
  it('on_failure tells the receiver what failed, secrets masked; the exit code is the run\'s', async () => {
    const { url, requests } = await serve((_req, res) => res.end('ok'));
    const dir = tempDir();
    writeFileSync(join(dir, 'hooked.yaml'), playbook(url, true));
    const result = await runbook(['play', 'hooked.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(requests.map((r) => r.url)).toEqual(['/failure']);
    const body = JSON.parse(requests[0]!.body) as { title: string; message: string };
    expect(body.title).toBe('hooked: failed');
    expect(body.message).toMatch(/^step change failed \(change: .*exit code 2.*\) run \d{8}-\d{6}-[0-9a-f]{4} by \S+ on \S+; journal \/.*\/runs\//);
    expect(body.message).toContain('cannot log in with ••••••');
    expect(requests[0]!.body).not.toContain(SECRET);
  });

  it('a hook that fails is reported in both languages and the run still exits 0', async () => {
    const { url } = await serve((_req, res) => {
      res.statusCode = 400;
      res.end();
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'hooked.yaml'), playbook(url, false));
    const en = await runbook(['play', 'hooked.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('on_success failed: tell_ok (reported only: the exit code is that of the run)');
    const zh = await runbook(['play', 'hooked.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('on_success 失败：tell_ok（仅报告：退出码仍为本次运行的退出码）');
  });

  it('plan shows the hooks after finally, {{run.*}} as placeholders', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hooked.yaml'), playbook('http://127.0.0.1:9', true));
    const result = await runbook(['plan', 'hooked.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('on_success (after finally, when the run succeeded)');
    expect(result.stdout).toContain('on_failure (after finally, when the run failed or was interrupted)');
    expect(result.stdout).toContain('⟨run.failed_step⟩');
    expect(result.stdout).not.toContain(SECRET);
  });

  it('diff shows a hook and a become that were added', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), "name: d\nsteps:\n  - id: a\n    run: 'true'\n");
    writeFileSync(join(dir, 'b.yaml'), "name: d\nbecome: root\nsteps:\n  - id: a\n    run: 'true'\non_failure:\n  - id: tell\n    notify: { via: gateway, url: 'http://127.0.0.1:9/notify', message: '{{run.status}}' }\n");
    const result = await runbook(['diff', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(result.stdout).toContain('become: ∅ → root');
    expect(result.stdout).toContain('on_failure: ∅ → tell: notify gateway http://127.0.0.1:9/notify: ⟨run.status⟩');
  });
});
