// become through the CLI, as root (CI runs as root): `id -un` inside the step, the environment (a secret)
// arrives and is never on a command line (`ps`), both ways (setpriv; sudo), and a refusal before anything runs.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { runAsUser } from '../helpers/as-user.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/process.js';

const USER = 'rbbecome';
const SECRET = 'zq-secret-4711';
let created = false;

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('these tests run as root (as CI does): they create a user with useradd');
  try {
    execFileSync('id', [USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    created = true;
  }
});

afterAll(() => {
  if (created) execFileSync('userdel', [USER]);
});

/** A folder the test user can read and write (the step writes its marker files there). */
function openDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  return dir;
}

function playbook(dir: string, extra = ''): string {
  return `name: become-demo
params:
  token: { type: string, secret: true, default: ${SECRET} }
steps:
  - id: as_user
    become: ${USER}
    run: id -un > ${dir}/who; printenv RUNBOOK_SECRET_TOKEN > ${dir}/env; touch ${dir}/started; sleep 2
    check: { run: 'id -un > ${dir}/check-who; false' }
    rollback: 'true'
  - id: as_root
    run: id -un > ${dir}/root-who
${extra}`;
}

/** Every process's command line while the step sleeps: the secret is in none. */
async function commandLinesWhileRunning(dir: string, running: Promise<unknown>): Promise<string> {
  await waitFor(() => existsSync(join(dir, 'started')), 20_000);
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  await running;
  return lines;
}

describe('become', () => {
  for (const via of ['setpriv', 'sudo'] as const) {
    it(`runs the step, its check, as ${USER} (${via}), with its environment; the secret on no command line`, async () => {
      if (via === 'sudo' && !existsSync('/usr/bin/sudo')) throw new Error('sudo is missing: apt-get install sudo (as .ci/run does)');
      const dir = openDir();
      writeFileSync(join(dir, 'b.yaml'), playbook(dir));
      const running = runbook(['play', 'b.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir, env: via === 'sudo' ? { RUNBOOK_BECOME: 'sudo' } : {} });
      const ps = await commandLinesWhileRunning(dir, running);
      const result = await running;
      expect(result.code).toBe(0);
      expect(readFileSync(join(dir, 'who'), 'utf8').trim()).toBe(USER);
      expect(readFileSync(join(dir, 'check-who'), 'utf8').trim()).toBe(USER);
      expect(readFileSync(join(dir, 'root-who'), 'utf8').trim()).toBe('root');
      expect(readFileSync(join(dir, 'env'), 'utf8').trim()).toBe(SECRET);
      expect(ps).toContain('sleep 2');
      expect(ps).not.toContain(SECRET);
    });
  }

  it('an unknown user stops the run before anything runs, naming the step and the user (exit 3), in Chinese too', async () => {
    const dir = openDir();
    writeFileSync(join(dir, 'b.yaml'), playbook(dir).replace(`become: ${USER}`, 'become: no_such_user'));
    const result = await runbook(['play', 'b.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('step `as_user` runs as `no_such_user` (become), which is not possible: no such user');
    expect(existsSync(join(dir, 'root-who'))).toBe(false);
    const zh = await runbook(['play', 'b.yaml', '--home', join(dir, 'home'), '--output', 'plain', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(3);
    expect(zh.stdout).toContain('步骤 `as_user` 需以 `no_such_user` 身份执行（become），但无法切换：没有这个用户。');
    expect(zh.stdout).not.toContain('no such user');
    expect((await runbook(['play', 'b.yaml', '--home', join(dir, 'home'), '--output', 'plain'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } })).stdout).toContain('无法切换：没有这个用户。');
  });

  it('without a sudo right (runbook not root) the run is refused before it starts, in Chinese too', async () => {
    if (!existsSync('/usr/bin/sudo')) throw new Error('sudo is missing: apt-get install sudo (as .ci/run does)');
    const dir = openDir();
    writeFileSync(join(dir, 'b.yaml'), playbook(dir));
    chmodSync(join(dir, 'b.yaml'), 0o644);
    const ran = await runAsUser(['play', 'b.yaml', '--home', join(dir, 'home'), '--output', 'plain'], dir, { LANG: 'zh_CN.UTF-8' }).done;
    expect(ran.code).toBe(3);
    expect(ran.stdout).toContain(`步骤 \`as_user\` 需以 \`${USER}\` 身份执行（become），但无法切换`);
    expect(existsSync(join(dir, 'root-who'))).toBe(false);
  });

  it('plan shows "as <user>"', async () => {
    const dir = openDir();
    writeFileSync(join(dir, 'b.yaml'), playbook(dir));
    const plan = await runbook(['plan', 'b.yaml'], { cwd: dir });
    expect(plan.stdout).toMatch(new RegExp(`as +${USER}`));
    expect(plan.stdout).not.toContain(SECRET);
  });

  it('under --sandbox become is ignored: a user without any sudo right plays a playbook that becomes root', async () => {
    const dir = openDir();
    writeFileSync(join(dir, 'sb.yaml'), `name: sb\nbecome: root\nsteps:\n  - id: who\n    run: id -un > ${dir}/who\n`);
    chmodSync(join(dir, 'sb.yaml'), 0o644);
    const ran = await runAsUser(['play', 'sb.yaml', '--sandbox', '--home', join(dir, 'home'), '--output', 'plain'], dir, { HOME: dir }).done;
    expect(ran.code).toBe(0);
    expect(readFileSync(join(dir, 'who'), 'utf8').trim()).toBe('nobody');
  });
});

describe('become at compile time', () => {
  it('a become that is not a user name is an error at its line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.yaml'), 'name: b\nparams:\n  who: { type: string, default: "root; rm -rf /" }\nsteps:\n  - id: a\n    become: "{{who}}"\n    run: id -un\n');
    const result = await runbook(['plan', 'b.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('b.yaml:6:');
    expect(result.stderr).toContain('become: "root; rm -rf /" is not a user name');
  });
});

describe('become in a sandbox plan', () => {
  it('the text plan says become is ignored in the sandbox', async () => {
    const { compilePlaybook } = await import('../../src/engine/compile.js');
    const { loadPlaybookText } = await import('../../src/engine/load.js');
    const { renderPlanText } = await import('../../src/ui/plan-text.js');
    const yaml = 'name: sb\nbecome: root\nsteps:\n  - id: a\n    run: id -un\n';
    const sandboxed = await compilePlaybook(loadPlaybookText('sb.yaml', yaml), { env: {}, sandbox: {} });
    expect(renderPlanText(sandboxed, { lang: 'en' })).toContain('become is ignored in the sandbox: every command runs as runbook does');
    const real = await compilePlaybook(loadPlaybookText('sb.yaml', yaml), { env: {} });
    expect(renderPlanText(real, { lang: 'zh-CN' })).not.toContain('沙箱中忽略 become');
  });
});
