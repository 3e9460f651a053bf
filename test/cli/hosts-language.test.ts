// A host that cannot be reached is said in the language the command was given (--lang), whatever LANG says.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A port on 127.0.0.1 where nothing listens (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('an unreachable host, in the chosen language', () => {
  it('play --lang zh-CN under LANG=C says it in Chinese; --lang en under a Chinese LANG in English', async () => {
    const dir = tempDir();
    const port = await closedPort();
    writeFileSync(join(dir, 'inventory.yaml'), `defaults: { connect_timeout: 3 }\nhosts:\n  web-1: { address: 127.0.0.1, port: ${port} }\ngroups:\n  app: { hosts: [web-1] }\n`);
    writeFileSync(join(dir, 'play.yaml'), 'name: touch\ntargets: app\nsteps:\n  - id: a\n    run: "true"\n');
    const args = ['play', 'play.yaml', '--inventory', 'inventory.yaml', '--output', 'plain', '--home', join(dir, 'home')];
    const zh = await runbook([...args, '--lang', 'zh-CN'], { cwd: dir, env: { LANG: 'C' } });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(`主机 web-1 (127.0.0.1:${port}) 不可达：连接被拒绝`);
    expect(zh.stdout).not.toContain('is unreachable');
    const en = await runbook([...args, '--lang', 'en'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(en.code).toBe(1);
    expect(en.stdout).toContain(`host web-1 (127.0.0.1:${port}) is unreachable: connection refused`);
    expect(en.stdout).not.toContain('不可达');
  });
});
