// Hosts that cannot be trusted or reached: unknown and changed host keys, refused keys, stopped sshd, a dead link, a drop mid-step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostUnreachableError } from '../../src/remote/errors.js';
import { SshSession } from '../../src/remote/session.js';
import { capture, targetOf, until, useFleet, useSessions } from './fleet.js';

const { fleet } = useFleet(3);
const session = useSessions(fleet);

async function connectError(s: SshSession, target: Parameters<SshSession['connect']>[0]): Promise<HostUnreachableError> {
  const error = await s.connect(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostUnreachableError);
  return error as HostUnreachableError;
}

describe('host keys', () => {
  it('refuses a host whose key is not in known_hosts, naming the host, and records nothing', async () => {
    const knownHosts = join(fleet().dir, 'known_hosts.partial');
    const [first, second] = fleet().hosts;
    writeFileSync(knownHosts, first!.knownHostsLine() + '\n');
    const s = session({ UserKnownHostsFile: knownHosts });
    const error = await connectError(s, targetOf(second!, fleet()));
    expect(error.unreachable.reason).toBe('host-key-unknown');
    expect(error.host).toBe('host-2');
    expect(error.message.startsWith(`host host-2 (${fleet().user}@${second!.address}:${second!.port}): its host key is not in known_hosts, and runbook never accepts an unknown key silently`)).toBe(true);
    expect(error.hint).toContain('host_key_checking: accept-new');
    expect(readFileSync(knownHosts, 'utf8')).toBe(first!.knownHostsLine() + '\n');
  });

  it('accepts a new host with host_key_checking: accept-new, and records its key', async () => {
    const knownHosts = join(fleet().dir, 'known_hosts.tofu');
    writeFileSync(knownHosts, '');
    const host = fleet().hosts[2]!;
    const s = session({ UserKnownHostsFile: knownHosts });
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet(), { hostKeyChecking: 'accept-new' }), { command: 'echo hi', env: {}, ...out.options });
    expect(await group.done).toEqual({ exitCode: 0, signal: null });
    expect(readFileSync(knownHosts, 'utf8')).toContain(host.knownHostsLine().split(' ').slice(1).join(' '));
  });

  it('refuses a host whose key changed, even with accept-new, naming the host', async () => {
    const host = fleet().hosts[0]!;
    const recorded = join(fleet().dir, 'known_hosts.before');
    writeFileSync(recorded, host.knownHostsLine() + '\n');
    host.stop();
    await host.start({ newHostKey: true });
    for (const hostKeyChecking of ['strict', 'accept-new'] as const) {
      const error = await connectError(session({ UserKnownHostsFile: recorded }), targetOf(host, fleet(), { hostKeyChecking }));
      expect(error.unreachable.reason).toBe('host-key-changed');
      expect(error.message).toMatch(/^host host-1 \(.+\): its host key CHANGED since it was recorded in known_hosts/);
      expect(error.hint).toContain(`ssh-keygen -R '${host.port === 22 ? host.address : `[${host.address}]:${host.port}`}'`);
    }
  });
});

describe('unreachable hosts', () => {
  it('a refused key: auth-refused, naming the host', async () => {
    const host = fleet().hosts[1]!;
    const error = await connectError(session({ IdentityFile: join(fleet().dir, 'no-such-key') }), targetOf(host, fleet()));
    expect(error.unreachable.reason).toBe('auth-refused');
    expect(error.message).toMatch(/^host host-2 \(.+\) refused the key/);
  });

  it('a stopped sshd: connection refused; a silent network (link down): timeout', async () => {
    const host = fleet().hosts[1]!;
    host.stop();
    try {
      expect((await connectError(session(), targetOf(host, fleet()))).unreachable.reason).toBe('connection-refused');
    } finally {
      await host.start();
    }
    if (fleet().mode !== 'netns') return;
    host.link(false);
    try {
      const error = await connectError(session(), targetOf(host, fleet(), { connectTimeout: 1 }));
      expect(error.unreachable.reason).toBe('timeout');
      expect(error.message).toMatch(/^host host-2 .* is unreachable: the connection timed out/);
    } finally {
      host.link(true);
    }
  });

  it('a host that drops mid-step: unreachable with the command started, and nothing of it left on the host', async () => {
    const host = fleet().hosts[2]!;
    const s = session();
    const token = `drop-${Math.random().toString(36).slice(2)}`;
    const out = capture();
    const group = await s.spawn(targetOf(host, fleet()), { command: 'sleep 300 & sleep 300; echo never', env: { TOKEN: token }, ...out.options });
    await until(() => host.processesWith(token).length >= 2, 'the step runs');
    for (const pid of host.sessionPids()) process.kill(pid, 'SIGKILL');
    const result = await group.done;
    expect(result).toMatchObject({ exitCode: null, signal: null, unreachable: { reason: 'dropped', started: true } });
    // The wrapper saw its stdin end: it stopped the command's group.
    await until(() => host.processesWith(token).length === 0, 'the remote group is gone');
    // The session knows the host is lost: the next command does not start.
    const next = await s.spawn(targetOf(host, fleet()), { command: 'true', env: {}, onStdout() {}, onStderr() {} });
    expect(await next.done).toMatchObject({ exitCode: null, unreachable: { started: false } });
  });
});
