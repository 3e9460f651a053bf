// Notifications end to end against a local server that records what arrives: each kind (wecom, webhook,
// gateway), in English and Chinese, a secret masked, WeChat Work's 4096-byte cut and errcode, retries on 5xx/429.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../src/engine/compile.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import { runPlan } from '../../src/engine/run/runner.js';
import type { Lang } from '../../src/engine/text.js';
import { WECOM_MARKDOWN_BYTES } from '../../src/notify/cut.js';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { serve } from './server.js';

const SECRET = 'hunter2-s3cret';

/** A receiver that answers 503, then 429, then what `answer` says: each message arrives on the third try. */
async function flakyReceiver(answer = '{"errcode":0,"errmsg":"ok"}') {
  let n = 0;
  return serve((_req, res) => {
    n++;
    res.statusCode = n === 1 ? 503 : n === 2 ? 429 : 200;
    if (n === 2) res.setHeader('retry-after', '0');
    res.end(answer);
  });
}

function playbook(via: string, url: string, message: string): string {
  return `name: tell
params:
  token: { type: string, secret: true, default: ${SECRET} }
steps:
  - id: say
    timeout: 20s
    notify:
      via: ${via}
      url: ${url}
      title: 发布 / release
      message: ${JSON.stringify(message)}
`;
}

async function play(yaml: string, lang: Lang) {
  const plan = await compilePlaybook(loadPlaybookText('tell.yaml', yaml), { env: {}, lang });
  return runPlan(plan, { home: tempDir(), lang });
}

describe('notify delivery, each kind, each language', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const text = lang === 'en' ? 'rotated the token {{token}} on mlflow' : '已轮换 mlflow 的令牌 {{token}}';
    it(`wecom (${lang}): markdown, retried through 503 and 429, the secret masked`, async () => {
      const { url, requests } = await flakyReceiver();
      const result = await play(playbook('wecom', url, text), lang);
      expect(result.status).toBe('ok');
      expect(requests).toHaveLength(3);
      const body = JSON.parse(requests[2]!.body) as { msgtype: string; markdown: { content: string } };
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.content).toContain(lang === 'en' ? 'rotated the token ••••••' : '已轮换 mlflow 的令牌');
      expect(requests.map((r) => r.body).join('')).not.toContain(SECRET);
    });

    it(`webhook and gateway (${lang}): JSON bodies, the secret masked`, async () => {
      for (const via of ['webhook', 'gateway']) {
        const { url, requests } = await flakyReceiver('ok');
        const result = await play(playbook(via, url, text), lang);
        expect(result.status).toBe('ok');
        expect(requests).toHaveLength(3);
        const body = JSON.parse(requests[2]!.body) as { title: string; message: string };
        expect(body.title).toBe('发布 / release');
        expect(body.message).not.toContain(SECRET);
        expect(body.message).toContain('••••••');
      }
    });

    it(`wecom (${lang}): a long message is cut to 4096 bytes at a character boundary, with a marker`, async () => {
      const { url, requests } = await serve((_req, res) => res.end('{"errcode":0}'));
      const long = (lang === 'en' ? 'line of the report\\n' : '巡检报告的一行\\n').repeat(600);
      const result = await play(playbook('wecom', url, long), lang);
      expect(result.status).toBe('ok');
      const content = (JSON.parse(requests[0]!.body) as { markdown: { content: string } }).markdown.content;
      expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
      expect(content).toMatch(/✂ … \(\d+ bytes cut \/ 已截断 \d+ 字节\)$/);
      expect(content).not.toContain('\uFFFD');
    });

    it(`wecom (${lang}): an errcode in a 200 answer fails the step, in the run's language`, async () => {
      const { url } = await serve((_req, res) => res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
      const result = await play(playbook('wecom', url, 'hi'), lang);
      expect(result.status).toBe('failed');
      expect(result.reason).toMatch(lang === 'en' ? /^say: notify \(wecom\): errcode 93000 invalid webhook url/ : /^say: 通知（wecom）：errcode 93000 invalid webhook url/);
    });
  }

  it('a receiver that stays down fails the step within its timeout, saying how many attempts', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.statusCode = 502;
      res.end();
    });
    const result = await play(playbook('gateway', url, 'hi').replace('timeout: 20s', 'timeout: 1500ms'), 'zh-CN');
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^say: 通知（gateway）：HTTP 502（共尝试 \d+ 次）$/);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('through the CLI: play retries the gateway and the secret never arrives', async () => {
    const { url, requests } = await flakyReceiver('ok');
    const dir = tempDir();
    writeFileSync(join(dir, 'tell.yaml'), playbook('gateway', url, 'token {{token}} rotated'));
    const result = await runbook(['play', 'tell.yaml', '--yes', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(requests).toHaveLength(3);
    expect(JSON.parse(requests[2]!.body)).toEqual({ title: '发布 / release', message: 'token •••••• rotated' });
  });
});
