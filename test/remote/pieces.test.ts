// The transport's pieces without a host: record filtering across chunks, ssh option order, the socket folder, error reading.
import { rmSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifySshError, type UnreachableReason } from '../../src/remote/classify.js';
import { HostUnreachableError, RemoteLockedError } from '../../src/remote/errors.js';
import { makeControlDir, SOCKET_PATH_MAX } from '../../src/remote/control-dir.js';
import { MarkerFilter } from '../../src/remote/markers.js';
import { masterArgs, sessionArgs, type SshTarget } from '../../src/remote/ssh-args.js';
import { wrapperInput } from '../../src/remote/wrapper.js';
import { tempDir } from '../helpers/temp-dir.js';

function filtered(nonce: string, chunks: string[]) {
  let data = '';
  const records: string[] = [];
  const filter = new MarkerFilter(nonce, (c) => (data += c.toString('latin1')), (kind, value) => records.push(`${kind}:${value}`));
  for (const c of chunks) filter.push(Buffer.from(c, 'latin1'));
  filter.end();
  return { data, records };
}

describe('MarkerFilter', () => {
  const n = 'abcdef0123456789';
  it('takes the records out of the output, wherever the chunks split them', () => {
    const text = `err 1\n\x1e${n} s 42\nerr 2 no newline\x1e${n} x 0\ntail`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(filtered(n, [text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual({ data: 'err 1\nerr 2 no newline' + 'tail', records: ['s:42', 'x:0'] });
    }
  });

  it('leaves a record of another nonce (forged by the command) in the output, and a lone RS byte too', () => {
    expect(filtered(n, [`a\x1e0000000000000000 x 0\nb\x1e`, 'c'])).toEqual({ data: 'a\x1e0000000000000000 x 0\nb\x1ec', records: [] });
  });
});

describe('ssh command lines', () => {
  const target: SshTarget = { name: 'api-1', address: '10.0.0.1', user: 'deploy', port: 2222, sshOptions: { ProxyJump: 'bastion', ServerAliveInterval: '5' }, hostKeyChecking: 'strict', connectTimeout: 7 };
  const value = (args: string[], name: string) => args.filter((a, i) => args[i - 1] === '-o' && a.startsWith(`${name}=`)).map((a) => a.slice(name.length + 1));

  it("puts runbook's own options first (ssh keeps the first value), the inventory's before the defaults, and `--` before the host", () => {
    const args = masterArgs(target, '/tmp/rb-x/0', { options: { UserKnownHostsFile: '/k' } });
    expect(value(args, 'BatchMode')).toEqual(['yes']);
    expect(value(args, 'StrictHostKeyChecking')).toEqual(['yes']);
    expect(value(args, 'ControlMaster')).toEqual(['yes']);
    expect(value(args, 'ControlPersist')).toEqual(['no']);
    expect(value(args, 'Port')).toEqual(['2222']);
    expect(value(args, 'User')).toEqual(['deploy']);
    expect(value(args, 'ConnectTimeout')).toEqual(['7']);
    // The inventory's ServerAliveInterval comes before runbook's default, so it wins.
    expect(value(args, 'ServerAliveInterval')).toEqual(['5', '15']);
    expect(args.indexOf('BatchMode=yes')).toBeLessThan(args.indexOf('ProxyJump=bastion'));
    expect(args.slice(-3)).toEqual(['--', '10.0.0.1', 'echo runbook-master-ready; exec cat >/dev/null']);
    expect(value(masterArgs({ ...target, hostKeyChecking: 'accept-new' }, '/s', {}), 'StrictHostKeyChecking')).toEqual(['accept-new']);
  });

  it('runs the same fixed words remotely for every command, and never lets a session open a connection of its own', () => {
    const args = sessionArgs(target, '/tmp/rb-x/0', {});
    expect(args.slice(-3)).toEqual(['--', '10.0.0.1', 'bash --noprofile --norc -s']);
    expect(value(args, 'ControlMaster')).toEqual(['no']);
    expect(args.indexOf('ProxyCommand=false')).toBeLessThan(args.indexOf('ProxyJump=bastion'));
  });

  it('sends values only on stdin, and refuses names and NUL bytes no environment can hold', () => {
    const input = wrapperInput('n', 'echo "${RUNBOOK_V_1}"', { RUNBOOK_V_1: "$(rm -rf /) 'x'" }).toString('utf8');
    expect(input.endsWith("n\0\0echo \"${RUNBOOK_V_1}\"\0" + "1\0RUNBOOK_V_1=$(rm -rf /) 'x'\0")).toBe(true);
    expect(() => wrapperInput('n', 'true', { 'A=B': 'x' })).toThrow('not an environment variable name');
    expect(() => wrapperInput('n', 'true', { A: 'x\0y' })).toThrow('NUL');
  });
});

describe('the socket folder', () => {
  it('is private (0700) and short enough for a socket path, even when TMPDIR is long', () => {
    const dir = makeControlDir({ XDG_RUNTIME_DIR: tempDir() + '/' + 'x'.repeat(120) });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(dir.length + 1 + 6 + 17).toBeLessThan(SOCKET_PATH_MAX);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('classifySshError', () => {
  it('reads why ssh failed', () => {
    expect(classifySshError('@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.')).toBe('host-key-changed');
    expect(classifySshError('No ED25519 host key is known for 10.0.0.1 and you have requested strict checking.\r\nHost key verification failed.')).toBe('host-key-unknown');
    expect(classifySshError('root@10.0.0.1: Permission denied (publickey).')).toBe('auth-refused');
    expect(classifySshError('ssh: connect to host 10.0.0.1 port 22: Connection refused')).toBe('connection-refused');
    expect(classifySshError('ssh: connect to host 10.0.0.1 port 22: Connection timed out')).toBe('timeout');
    expect(classifySshError('ssh: Could not resolve hostname nope: Name or service not known')).toBe('name-unknown');
    expect(classifySshError('Connection to 10.0.0.1 closed by remote host.')).toBe('dropped');
    expect(classifySshError('')).toBe('ssh-failed');
  });
});

describe('messages', () => {
  const target = { name: 'api-2', address: '10.0.0.12', user: 'deploy', port: 2222 };
  it('name the host and say what to do, in English and Chinese, for every reason', () => {
    const reasons: UnreachableReason[] = ['host-key-unknown', 'host-key-changed', 'auth-refused', 'connection-refused', 'timeout', 'no-route', 'name-unknown', 'dropped', 'no-answer', 'ssh-missing', 'ssh-failed'];
    for (const reason of reasons) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const error = new HostUnreachableError(target, { reason, started: false, detail: '' }, lang);
        expect(error.message, `${reason} ${lang}`).toContain('api-2 (deploy@10.0.0.12:2222)');
        expect(error.hint, `${reason} ${lang}`).toBeTruthy();
      }
    }
    const changed = new HostUnreachableError(target, { reason: 'host-key-changed', started: false, detail: 'Host key verification failed.' }, 'zh-CN');
    expect(changed.message).toBe('主机 api-2 (deploy@10.0.0.12:2222)：其主机密钥与 known_hosts 中记录的不同：连接可能被人拦截，或主机已重装（ssh：Host key verification failed.）');
    expect(changed.hint).toBe("查明原因前不要连接；如果主机已重装，用 ssh-keygen -R '[10.0.0.12]:2222' 删除旧密钥，再记录新密钥");
    const dropped = new HostUnreachableError(target, { reason: 'dropped', started: true, detail: '' }, 'en');
    expect(dropped.message).toBe('host api-2 (deploy@10.0.0.12:2222): the connection was lost; the command had started: its outcome is unknown');
  });

  it('a locked target names the holder; exit 5', () => {
    const error = new RemoteLockedError(target, 'backup', { who: 'bob@ops-2', runId: '20261207-010203-abcd', since: '2026-12-07T01:02:03Z', pid: '42' }, 'zh-CN');
    expect(error.message).toBe('主机 api-2 (deploy@10.0.0.12:2222)：`backup` 已被 bob@ops-2 锁定（运行 20261207-010203-abcd，始于 2026-12-07T01:02:03Z）');
    expect(error.exitCode).toBe(5);
  });
});
