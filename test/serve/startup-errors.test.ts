// `runbook serve` refuses to start (exit 2) with a bad operators file or a port it cannot listen on, and its clients
// cannot reach it, saying why in the chosen language: the English as it always was, Chinese under --lang zh-CN or
// LANG=zh_CN.UTF-8.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/serve/operators.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { repo } from './harness.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const HASH = hashToken('a-token-0123456789abcdefghijklmnopqrstuvwxyz');
type Lang = 'en' | 'zh-CN';

/** `runbook serve` with the shipped rules and `operators` as the operators file, in `lang`. */
async function serve(dir: string, operators: string, lang: Lang, listen = '127.0.0.1:0', env: Record<string, string> = {}) {
  const file = join(dir, 'operators.yaml');
  writeFileSync(file, operators);
  const args = ['serve', '--rules', join(repo, 'runbooks', 'rules', 'team.yaml'), '--alertmanager', 'http://127.0.0.1:9', '--operators', file, '--listen', listen, '--home', join(dir, 'home')];
  return runbook(lang === 'en' ? args : [...args, '--lang', lang], { cwd: dir, env });
}

describe('runbook serve, refused at start', () => {
  it('says what is wrong in the operators file in Chinese under zh-CN, and as before in English', async () => {
    const dir = tempDir();
    const file = join(dir, 'operators.yaml');
    const cases: [string, Record<Lang, string>][] = [
      ['operators: [\n', { en: `${file}: not YAML: `, 'zh-CN': `${file}：不是有效的 YAML：` }],
      ['operators: []\n', { en: `${file}: expected \`operators:\` with a list of operators`, 'zh-CN': `${file}：应在 \`operators:\` 下列出操作员` }],
      [`operators:\n  - { name: "a b", token_sha256: ${HASH} }\n`, { en: `${file}: operators[0]: \`name\` must be a name (letters, digits, _ . @ -)`, 'zh-CN': `${file}：operators[0]：\`name\` 必须是名称（字母、数字、_ . @ -）` }],
      [`operators:\n  - { name: alice, token_sha256: ${HASH} }\n  - { name: alice, token_sha256: ${HASH} }\n`, { en: `${file}: operators[1]: \`alice\` is listed twice`, 'zh-CN': `${file}：operators[1]：\`alice\` 出现了两次` }],
      ['operators:\n  - { name: alice, token_sha256: abc }\n', { en: `${file}: operators[0]: \`token_sha256\` must be the 64 hex digits of a SHA-256 (runbook serve token)`, 'zh-CN': `${file}：operators[0]：\`token_sha256\` 必须是 SHA-256 的 64 位十六进制数字（runbook serve token 可生成）` }],
      [`operators:\n  - { name: alice, groups: sre, token_sha256: ${HASH} }\n`, { en: `${file}: operators[0]: \`groups\` must be a list of names`, 'zh-CN': `${file}：operators[0]：\`groups\` 必须是名称列表` }],
      [`operators:\n  - { name: alice, roles: [admin], token_sha256: ${HASH} }\n`, { en: `${file}: operators[0]: unknown role \`admin\` (webhook, approve)`, 'zh-CN': `${file}：operators[0]：未知角色 \`admin\`（可用：webhook、approve）` }],
    ];
    for (const [text, said] of cases) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const result = await serve(dir, text, lang);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`runbook: ${said[lang]}`);
        // Nothing else in English under zh-CN (the YAML parser's own detail aside, as validate shows it).
        if (lang === 'zh-CN' && !said[lang].includes('YAML')) expect(result.stderr.replaceAll(dir, '…')).not.toMatch(/must be|expected|listed|unknown role|not YAML/);
      }
    }
    const byLang = await serve(dir, 'operators: []\n', 'en', '127.0.0.1:0', { LANG: 'zh_CN.UTF-8' });
    expect(byLang.stderr).toContain(`${file}：应在 \`operators:\` 下列出操作员`);
  });

  it('an operators file or a token file it cannot read: the code with its words, in English and in Chinese', async () => {
    const dir = tempDir();
    const rules = join(repo, 'runbooks', 'rules', 'team.yaml');
    const missing = join(dir, 'missing.yaml');
    const serveArgs = ['serve', '--rules', rules, '--alertmanager', 'http://127.0.0.1:9', '--operators', missing, '--listen', '127.0.0.1:0', '--home', join(dir, 'home')];
    const pendingArgs = ['pending', '--server', 'http://127.0.0.1:9', '--token-file', missing];
    const said = {
      en: [`runbook: cannot read the operators file ${missing}: ENOENT: no such file or directory\n`, `runbook: cannot read the token file ${missing}: ENOENT: no such file or directory\n`],
      'zh-CN': [`runbook: 无法读取操作员文件 ${missing}：ENOENT: 文件或目录不存在\n`, `runbook: 无法读取令牌文件 ${missing}：ENOENT: 文件或目录不存在\n`],
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [i, args] of [serveArgs, pendingArgs].entries()) {
        const result = await runbook([...args, '--lang', lang], { cwd: dir });
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(said[lang][i]);
      }
    }
  });

  it('says why it cannot listen in Chinese under zh-CN (the system code kept), and as before in English', async () => {
    const dir = tempDir();
    const busy = createServer();
    servers.push(busy);
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const operators = `operators:\n  - { name: alice, token_sha256: ${HASH} }\n`;
    const en = await serve(dir, operators, 'en', `127.0.0.1:${port}`);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(`runbook: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    const zh = await serve(dir, operators, 'zh-CN', `127.0.0.1:${port}`);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(`runbook: 无法在 127.0.0.1:${port} 上监听：EADDRINUSE（该地址和端口已被占用）\n`);
  });

  it('approve and pending say why the server cannot be reached in Chinese under zh-CN, the code as before in English', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const server = `http://127.0.0.1:${port}`;
    for (const args of [['pending'], ['approve', 'r-1']]) {
      const en = await runbook([...args, '--server', server], { env: { RUNBOOK_TOKEN: 'x' } });
      expect(en.code).toBe(2);
      expect(en.stderr.split('\n')[0]).toBe(`runbook: cannot reach runbook serve at ${server}: ECONNREFUSED`);
      for (const zh of [await runbook([...args, '--server', server, '--lang', 'zh-CN'], { env: { RUNBOOK_TOKEN: 'x' } }), await runbook([...args, '--server', server], { env: { RUNBOOK_TOKEN: 'x', LANG: 'zh_CN.UTF-8' } })]) {
        expect(zh.code).toBe(2);
        expect(zh.stderr.split('\n')[0]).toBe(`runbook: 无法连接 ${server} 上的 runbook serve：连接被拒绝：该地址和端口上没有服务应答`);
      }
    }
  });
});
