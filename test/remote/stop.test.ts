// Ctrl-C, timeouts and aborts reach the whole remote process group: no process of a stopped step survives on the host.
import { describe, expect, it } from 'vitest';
import { SshSession } from '../../src/remote/session.js';
import { capture, targetOf, until, useFleet, useSessions } from './fleet.js';

const { fleet } = useFleet(1);
const session = useSessions(fleet);

/** A step that leaves children and grandchildren (one in a subshell, one in a pipeline), then waits. */
const FAMILY = 'sleep 301 & (sleep 302 & sleep 303; true) & sleep 304 | cat & echo started; wait';

async function startFamily(s: SshSession, command = FAMILY) {
  const host = fleet().hosts[0]!;
  const token = `stop-${Math.random().toString(36).slice(2)}`;
  const out = capture();
  const group = await s.spawn(targetOf(host, fleet()), { command, env: { TOKEN: token }, ...out.options });
  await until(() => out.stdout().includes('started') && host.processesWith(token).length >= 5, 'the family runs');
  return { host, token, group, out };
}

describe('stopping a remote step', () => {
  it('stop(grace) (Ctrl-C, timeout): SIGTERM to the whole group; nothing of it is left on the host', async () => {
    const { host, token, group } = await startFamily(session());
    expect(group.remotePgid).toBeGreaterThan(1);
    await group.stop(5_000);
    expect(await group.done).toEqual({ exitCode: null, signal: 'SIGTERM' });
    await until(() => host.processesWith(token).length === 0, 'no process of the step on the host');
  });

  it('a group that ignores SIGTERM is SIGKILLed after the grace period', async () => {
    const { host, token, group } = await startFamily(session(), `trap '' TERM; (trap '' TERM; sleep 305 & wait) & ${FAMILY}`);
    await group.stop(300);
    expect(await group.done).toEqual({ exitCode: null, signal: 'SIGKILL' });
    await until(() => host.processesWith(token).length === 0, 'no process of the step on the host');
  });

  it('kill() (abort, second Ctrl-C): SIGKILL to the whole group at once', async () => {
    const { host, token, group } = await startFamily(session(), `trap '' TERM; ${FAMILY}`);
    group.kill();
    expect(await group.done).toEqual({ exitCode: null, signal: 'SIGKILL' });
    await until(() => host.processesWith(token).length === 0, 'no process of the step on the host');
  });

  it('when runbook dies (its ssh client is killed, its pipe closes), the host stops the step by itself', async () => {
    const { host, token, group } = await startFamily(session());
    process.kill(group.pid!, 'SIGKILL');
    expect(await group.done).toMatchObject({ exitCode: null, unreachable: { started: true } });
    await until(() => host.processesWith(token).length === 0, 'no process of the step on the host');
  });

  it('a background child holding the output does not hold the step: done shortly after the shell exits (it runs on, as locally)', async () => {
    const host = fleet().hosts[0]!;
    const token = `bg-${Math.random().toString(36).slice(2)}`;
    const out = capture();
    const group = await session().spawn(targetOf(host, fleet()), { command: 'sleep 306 & echo done', env: { TOKEN: token }, ...out.options });
    expect(await group.done).toEqual({ exitCode: 0, signal: null });
    expect(out.stdout()).toBe('done\n');
  });
});
