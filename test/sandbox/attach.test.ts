// A sandbox kept up by one process, played in by another (`play --sandbox --sandbox-attach`, for runbook serve).
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sh } from './helpers.js';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const playbook = fileURLToPath(new URL('../../runbooks/service-restart.yaml', import.meta.url));
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** `runbook play` in a child process, without blocking this process (it hosts the sandbox's servers). */
function play(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('play --sandbox --sandbox-attach', () => {
  it('acts on the sandbox another process keeps up: the service it stopped is running again, and the sandbox stays', async () => {
    sandbox = await startSandbox();
    expect((await sh(sandbox, 'docker compose stop recommendation-api')).code).toBe(0);
    expect(sandbox.state().containers['recommendation-api']!.status).not.toBe('running');
    const run = await play(['play', playbook, '--sandbox', '--sandbox-attach', sandbox.dir, '--yes', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const started = JSON.parse(run.stdout.split('\n')[0]!) as { sandbox: boolean; params: { name: string; value: string }[] };
    expect(started.sandbox).toBe(true);
    expect(started.params.find((p) => p.name === 'api_url')!.value).toBe(sandbox.vars.api_url);
    expect(sandbox.state().containers['recommendation-api']!.status).toBe('running');
    expect((await fetch(`${sandbox.vars.api_url}/health`)).status).toBe(200);
  });

  it('refuses a folder that is not a sandbox, a descriptor that points its PATH elsewhere, and a fault', async () => {
    const dir = tempDir();
    const missing = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot attach to the sandbox in ${dir}: ${join(dir, 'sandbox.json')} does not exist`);
    writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ vars: {}, env: { RUNBOOK_SANDBOX_DIR: dir, PATH: '/usr/bin:/bin' }, faults: [] }));
    chmodSync(join(dir, 'sandbox.json'), 0o600);
    const elsewhere = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('does not describe the sandbox in');
    expect((await runbook(['play', playbook, '--sandbox-attach', dir, '--yes'])).stderr).toContain('--sandbox-attach needs --sandbox');
    expect((await runbook(['play', playbook, '--sandbox', '--sandbox-fault', 'api-unhealthy', '--sandbox-attach', dir])).stderr).toContain('cannot be used with --sandbox-attach');
  });

  it('says why a folder cannot be attached to in the chosen language: every reason, the English as before', async () => {
    const root = tempDir();
    const folder = (name: string) => {
      mkdirSync(join(root, name));
      return join(root, name);
    };
    const descriptor = (dir: string, text: string) => {
      writeFileSync(join(dir, 'sandbox.json'), text, { mode: 0o600 });
      return dir;
    };
    const missing = folder('missing');
    const notFile = folder('not-file');
    mkdirSync(join(notFile, 'sandbox.json'));
    const notJson = descriptor(folder('not-json'), '{"vars": ');
    const notDescriptor = descriptor(folder('not-descriptor'), JSON.stringify({ vars: {}, env: {} }));
    const elsewhere = descriptor(folder('elsewhere'), JSON.stringify({ vars: {}, env: { RUNBOOK_SANDBOX_DIR: join(root, 'elsewhere'), PATH: '/usr/bin:/bin' }, faults: [] }));
    const otherUser = descriptor(folder('other-user'), '{}');
    const owned = process.getuid?.() === 0;
    if (owned) chownSync(join(otherUser, 'sandbox.json'), 65534, 65534);
    // A file where the folder should be: reading sandbox.json below it fails with ENOTDIR.
    const file = join(root, 'file');
    writeFileSync(file, '');
    const cases: [string, { en: string; 'zh-CN': string }][] = [
      [missing, { en: `${join(missing, 'sandbox.json')} does not exist`, 'zh-CN': `${join(missing, 'sandbox.json')} 不存在` }],
      [notFile, { en: `${join(notFile, 'sandbox.json')} is not a file`, 'zh-CN': `${join(notFile, 'sandbox.json')} 不是普通文件` }],
      [notJson, { en: `${join(notJson, 'sandbox.json')} is not JSON`, 'zh-CN': `${join(notJson, 'sandbox.json')} 不是有效的 JSON` }],
      [notDescriptor, { en: `${join(notDescriptor, 'sandbox.json')} is not a sandbox descriptor`, 'zh-CN': `${join(notDescriptor, 'sandbox.json')} 不是沙箱描述文件` }],
      [elsewhere, { en: `${join(elsewhere, 'sandbox.json')} does not describe the sandbox in ${elsewhere}`, 'zh-CN': `${join(elsewhere, 'sandbox.json')} 描述的不是 ${elsewhere} 中的沙箱` }],
      [file, { en: `ENOTDIR: not a directory, lstat '${join(file, 'sandbox.json')}'`, 'zh-CN': `${join(file, 'sandbox.json')} 无法读取：ENOTDIR: 路径中有一部分不是目录` }],
    ];
    // Root can give the file away; another user cannot, and sees its own file as it is (not a descriptor).
    if (owned) cases.push([otherUser, { en: `${join(otherUser, 'sandbox.json')} belongs to another user`, 'zh-CN': `${join(otherUser, 'sandbox.json')} 属于其他用户` }]);
    for (const [dir, why] of cases) {
      const en = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes']);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain(`runbook: cannot attach to the sandbox in ${dir}: ${why.en}\n`);
      const zh = await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes', '--lang', 'zh-CN']);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain(`runbook: 无法连接到 ${dir} 中的沙箱：${why['zh-CN']}\n`);
      // No English words in the message (the hint names a command, which stays as it is typed).
      expect(zh.stderr.split('\n')[0]!.replaceAll(root, '…')).not.toMatch(/[a-z]{3,} [a-z]{2,}/);
      // The same under LANG=zh_CN.UTF-8, without --lang.
      expect((await runbook(['play', playbook, '--sandbox', '--sandbox-attach', dir, '--yes'], { env: { LANG: 'zh_CN.UTF-8' } })).stderr).toBe(zh.stderr);
    }
  });
});
