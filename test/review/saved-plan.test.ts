// Saved plans: what is recorded, and a refusal naming the change for each kind of change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, unlink, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { compilePlaybook } from '../../src/engine/compile.js';
import { UserError } from '../../src/engine/errors.js';
import { verifySavedPlan, writeSavedPlan, type SavedPlan } from '../../src/review/saved-plan.js';
import { loadFile } from './load-helper.js';

const fixtures = new URL('../fixtures/review/saved/', import.meta.url).pathname;
const SECRET = 'tok-s3cr3t-value';

let dir: string;
let main: string;
let out: string;
const env = { RUNBOOK_TEST_STACK: 'recommend' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runbook-saved-'));
  await cp(fixtures, dir, { recursive: true });
  main = join(dir, 'main.yaml');
  out = join(dir, 'plan.json');
  const loaded = await loadFile(main);
  const plan = await compilePlaybook(loaded, { params: { owner: '1000:1000', token: SECRET }, env, loadInclude: loadFile });
  await writeSavedPlan(plan, { out, playbookFile: main, params: { owner: '1000:1000', token: SECRET }, engineVersion: '0.1.0' });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const verify = (extra: Parameters<typeof verifySavedPlan>[1] = {}) =>
  verifySavedPlan(out, { params: { token: SECRET }, env, engineVersion: '0.1.0', load: loadFile, compile: (l, o) => compilePlaybook(l, { ...o, loadInclude: loadFile }), ...extra });

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).exitCode).toBe(2);
  expect((error as UserError).message).toMatch(/^refusing to run the stale plan/);
  return error as UserError;
}

describe('writeSavedPlan', () => {
  it('records the hashes of the playbook and its include, the params and the engine version, never the secret', async () => {
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(SECRET);
    const saved = JSON.parse(text) as SavedPlan;
    expect(saved.engineVersion).toBe('0.1.0');
    expect(saved.playbook.path).toBe('main.yaml');
    expect(saved.playbook.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.includes.map((i) => i.path)).toEqual(['inc.yaml']);
    expect(saved.params.find((p) => p.name === 'owner')).toMatchObject({ secret: false, value: '1000:1000', source: 'given' });
    const token = saved.params.find((p) => p.name === 'token');
    expect(token).toMatchObject({ secret: true, set: true });
    expect(JSON.stringify(token)).not.toContain(SECRET);
  });
});

describe('writeSavedPlan, a file it cannot hash', () => {
  it('refuses (exit 2) naming the file, in English and in Chinese', async () => {
    const plan = await compilePlaybook(await loadFile(main), { params: { owner: '1000:1000', token: SECRET }, env, loadInclude: loadFile });
    const gone = join(dir, 'gone.yaml');
    const said = { en: `cannot read ${gone} to record its hash`, 'zh-CN': `无法读取 ${gone}，不能记录它的哈希` };
    for (const lang of ['en', 'zh-CN'] as const) {
      const error = await writeSavedPlan(plan, { out, playbookFile: main, includes: [gone], engineVersion: '0.1.0', lang }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(said[lang]);
      expect((error as UserError).exitCode).toBe(2);
    }
  });
});

describe('verifySavedPlan', () => {
  it('returns the plan, with the secret given again, when nothing changed', async () => {
    const plan = await verify();
    expect(plan.playbook.name).toBe('saved-main');
    expect(plan.params.find((p) => p.name === 'owner')?.value).toBe('1000:1000');
    expect(plan.params.find((p) => p.name === 'token')?.value).toBe(SECRET);
  });

  it('takes the secret from RUNBOOK_PARAM_TOKEN too', async () => {
    const plan = await verify({ params: {}, env: { ...env, RUNBOOK_PARAM_TOKEN: SECRET } });
    expect(plan.params.find((p) => p.name === 'token')?.value).toBe(SECRET);
  });

  it('refuses when the playbook was edited', async () => {
    await appendFile(main, '\n# an edit\n');
    const e = await refusal(verify());
    expect(e.message).toMatch(/the playbook .*main\.yaml changed \(sha256 [0-9a-f]{12}… → [0-9a-f]{12}…\)/);
  });

  it('refuses when the playbook is gone', async () => {
    await unlink(main);
    expect((await refusal(verify())).message).toMatch(/the playbook .*main\.yaml is gone/);
  });

  it('refuses when an included playbook was edited', async () => {
    await appendFile(join(dir, 'inc.yaml'), '\n# an edit\n');
    expect((await refusal(verify())).message).toMatch(/the included playbook .*inc\.yaml changed/);
  });

  it('refuses when a parameter is given another value', async () => {
    const e = await refusal(verify({ params: { token: SECRET, owner: '0:0' } }));
    expect(e.message).toContain('parameter owner: the plan has 1000:1000, now given 0:0');
  });

  it('refuses a parameter that was not in the plan', async () => {
    expect((await refusal(verify({ params: { token: SECRET, ownr: 'x' } }))).message).toContain('parameter ownr was not part of the plan');
  });

  it('refuses when the secret is not given again', async () => {
    const e = await refusal(verify({ params: {} }));
    expect(e.message).toContain('secret parameter token must be given again (--param token=… or the environment variable RUNBOOK_PARAM_TOKEN)');
  });

  it('refuses when the secret differs, without showing either value', async () => {
    const e = await refusal(verify({ params: { token: 'another-one' } }));
    expect(e.message).toContain('secret parameter token is not the value the plan was made with');
    expect(e.message).not.toContain(SECRET);
    expect(e.message).not.toContain('another-one');
  });

  it('refuses a plan made by another engine version', async () => {
    const e = await refusal(verify({ engineVersion: '0.2.0' }));
    expect(e.message).toContain('the plan was made by runbook 0.1.0, this is runbook 0.2.0');
  });

  it('refuses to play a plan made for real hosts in the sandbox', async () => {
    expect((await refusal(verify({ sandbox: { dir: '/tmp/x' } }))).message).toContain('the plan was made for real hosts');
  });

  // Tampering: change the include, update its hash in the JSON and claim the plan was made for the sandbox.
  async function tamper(): Promise<void> {
    const inc = join(dir, 'inc.yaml');
    const changed = (await readFile(inc, 'utf8')).replace('docker compose restart mlflow', 'rm -rf /srv/mlflow');
    await writeFile(inc, changed);
    const saved = JSON.parse(await readFile(out, 'utf8')) as SavedPlan;
    const sha256 = createHash('sha256').update(changed).digest('hex');
    await writeFile(out, JSON.stringify({ ...saved, includes: saved.includes.map((i) => ({ ...i, sha256 })), plan: { ...saved.plan, sandbox: true } }));
  }

  it('refuses a plan that claims the sandbox when played on real hosts', async () => {
    await tamper();
    expect((await refusal(verify())).message).toContain('the plan says it was made for the sandbox');
  });

  it('compares a sandbox plan played in the sandbox too: a changed include is refused', async () => {
    await tamper();
    const e = await refusal(verify({ sandbox: { dir: '/tmp/x' } }));
    expect(e.message).not.toContain('made for real hosts');
    expect(e.message).toContain('the compiled plan is not the saved one');
  });

  it('checks the engine version against the running one by default', async () => {
    const saved = JSON.parse(await readFile(out, 'utf8')) as SavedPlan;
    await writeFile(out, JSON.stringify({ ...saved, engineVersion: '0.0.1' }));
    const e = await refusal(verify({ engineVersion: undefined }));
    expect(e.message).toMatch(/made by runbook 0\.0\.1, this is runbook \d+\.\d+\.\d+/);
  });

  it('refuses when the compiled plan differs (an environment value changed)', async () => {
    const e = await refusal(verify({ env: { RUNBOOK_TEST_STACK: 'other' } }));
    expect(e.message).toMatch(/the compiled plan is not the saved one \(differs at env\.0\.value\.text/);
  });

  it('names every change at once', async () => {
    await appendFile(main, '\n# an edit\n');
    const e = await refusal(verify({ params: { owner: '0:0' }, engineVersion: '9.9.9' }));
    expect(e.message).toContain('4 thing(s) changed');
    expect(e.message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(4);
  });

  it('refuses a file that is not a saved plan', async () => {
    await writeFile(out, '{"hello": 1}');
    await expect(verify()).rejects.toThrow(/is not a saved plan of runbook/);
  });
});
