// Network failures of http and notify in the user's words: real local servers for what can be provoked, error objects for the rest.
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runHttp } from '../../src/steps/http.js';
import { runNotify } from '../../src/steps/notify.js';
import { describeNetworkError } from '../../src/steps/network-error.js';
import { engineText } from '../../src/i18n/engine.js';
import { rendered } from '../helpers/plan-builder.js';
import { testContext } from './context.js';
import { closedPort } from './server.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A TCP server on 127.0.0.1 that does `onConnection` with each connection (no HTTP). */
async function tcp(onConnection: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = (url: string) => ({ method: 'GET' as const, url: rendered(url, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 3_000 });
/** No library wording leaks: no error codes, no undici/Node phrases. */
const RAW = /UND_ERR|ECONN|EPROTO|ERR_|other side closed|fetch failed|SocketError|TypeError/;

describe('network errors in our words', () => {
  it('a server that closes the connection without answering', async () => {
    const host = await tcp((socket) => socket.once('data', () => socket.destroy()));
    const result = await runHttp(get(`http://${host}/health`), testContext());
    expect(result.reason).toBe(`GET http://${host}/health: the server closed the connection without answering`);
    // A network error is retried within the step's timeout (issue 15): the reason says how many attempts.
    const notify = await runNotify({ kind: 'notify', via: 'gateway', url: rendered(`http://${host}/send`, 'url'), message: rendered('hi', 'text') }, testContext({ timeoutMs: 800 }));
    expect(notify.reason).toMatch(/^notify \(gateway\): the server closed the connection without answering \(after \d+ attempts\)$/);
  });

  it('a refused connection, in English and Chinese', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    expect((await runHttp(get(url), testContext())).reason).toBe(`GET ${url}: the connection was refused: nothing answers at that address and port`);
    const zh = await runNotify({ kind: 'notify', via: 'wecom', url: rendered(url, 'url'), message: rendered('hi', 'text') }, testContext({ t: engineText('zh-CN'), timeoutMs: 800 }));
    expect(zh.reason).toMatch(/^通知（wecom）：连接被拒绝：该地址和端口上没有服务应答（共尝试 \d+ 次）$/);
  });

  it('something that is not HTTP, and https to a plain port', async () => {
    const garbage = await tcp((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n')));
    const bad = await runHttp(get(`http://${garbage}/`), testContext());
    expect(bad.reason).toBe(`GET http://${garbage}/: the server sent something that is not a valid HTTP response`);
    const plain = await tcp((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const tls = await runHttp(get(`https://${plain}/`), testContext());
    expect(tls.reason).toBe(`GET https://${plain}/: the TLS handshake failed (https to a plain-http port, or no common protocol)`);
    for (const reason of [bad.reason, tls.reason]) expect(reason).not.toMatch(RAW);
  });

  it('maps DNS, timeout and certificate codes found anywhere in the cause chain', () => {
    const t = engineText('en');
    const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
    const cases: [unknown, string][] = [
      [fetchFailed({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND mlflow' }), 'the host name was not found (DNS)'],
      [fetchFailed({ code: 'EAI_AGAIN' }), 'the host name could not be resolved now (DNS is failing); try again'],
      [fetchFailed({ code: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' }), 'the connection timed out: the server did not accept it in time'],
      [fetchFailed({ code: 'UND_ERR_HEADERS_TIMEOUT' }), 'the server accepted the connection but sent no response in time'],
      [fetchFailed({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'the server reset the connection'],
      [fetchFailed({ code: 'EHOSTUNREACH' }), 'the host or its network cannot be reached'],
      [fetchFailed({ code: 'CERT_HAS_EXPIRED' }), "the server's TLS certificate has expired"],
      [fetchFailed({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), "the server's TLS certificate is not trusted (self-signed or from an unknown authority; NODE_EXTRA_CA_CERTS can add one)"],
      [fetchFailed({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), "the server's TLS certificate is for another host name"],
      [fetchFailed(Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]), { code: 'ECONNREFUSED' })), 'the connection was refused: nothing answers at that address and port'],
      [new TypeError('Failed to parse URL from ht!tp://x'), 'the URL is not valid'],
      [fetchFailed({ code: 'E_SOMETHING_NEW' }), 'the request failed (error code E_SOMETHING_NEW)'],
      [new TypeError('fetch failed'), 'the request failed before any answer'],
    ];
    for (const [error, expected] of cases) expect(describeNetworkError(error, t)).toBe(expected);
  });
});
