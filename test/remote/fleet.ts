// Shared setup of the transport tests: a fleet of real sshd hosts, targets and settings for them, output capture.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SshSession } from '../../src/remote/session.js';
import type { SshSettings, SshTarget } from '../../src/remote/ssh-args.js';
import type { RemoteSpawnOptions } from '../../src/remote/spawn.js';
import { startSshFleet, type SshFleet, type TestHost } from '../helpers/sshd.js';

/** A maker of transport sessions (the fleet's settings with extra ssh options, or settings of its own), each closed after the test that made it. */
export function useSessions(fleet: () => SshFleet): (options?: Record<string, string>, settings?: SshSettings) => SshSession {
  const sessions: SshSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  return (options = {}, settings = settingsOf(fleet(), options)) => {
    const s = SshSession.create(settings);
    sessions.push(s);
    return s;
  };
}

/** Starts `count` hosts before the file's tests and stops them (processes, namespaces, files) after, even on failure. */
export function useFleet(count: number): { fleet: () => SshFleet } {
  let fleet: SshFleet | undefined;
  beforeAll(async () => {
    fleet = await startSshFleet(count);
  }, 60_000);
  afterAll(() => fleet?.stop());
  return { fleet: () => fleet! };
}

export function targetOf(host: TestHost, fleet: SshFleet, extra: Partial<SshTarget> = {}): SshTarget {
  return { name: host.name, address: host.address, port: host.port, user: fleet.user, sshOptions: {}, hostKeyChecking: 'strict', connectTimeout: 3, ...extra };
}

/** The tests' ssh settings: no ssh config of the machine, the fleet's key and known_hosts, quick keep-alives. */
export function settingsOf(fleet: SshFleet, options: Record<string, string> = {}): SshSettings {
  return { configFile: '/dev/null', options: { ...fleet.sshOptions, ...options }, serverAliveInterval: 1, serverAliveCountMax: 3 };
}

export interface Captured {
  stdout: () => string;
  stderr: () => string;
  options: Pick<RemoteSpawnOptions, 'onStdout' | 'onStderr'>;
}

export function capture(): Captured {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  return {
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    options: { onStdout: (c) => out.push(c), onStderr: (c) => err.push(c) },
  };
}

/** Polls until `predicate` holds (no fixed sleeps). */
export async function until(predicate: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls an async check until it yields a value (no fixed sleeps). */
export async function eventually<T>(attempt: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
