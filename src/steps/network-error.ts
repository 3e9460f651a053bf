// Network failures of `http` and `notify` (fetch/undici and Node socket errors) in the user's words, never raw library text.
import type { Lang } from '../engine/text.js';
import { defineCatalog, sameLanguage, type Translator } from '../i18n/index.js';

const messages = defineCatalog({
  en: {
    'net.noAnswer': 'no answer within {time}',
    'net.refused': 'the connection was refused: nothing answers at that address and port',
    'net.reset': 'the server reset the connection',
    'net.closed': 'the server closed the connection without answering',
    'net.notFound': 'the host name was not found (DNS)',
    'net.dnsAgain': 'the host name could not be resolved now (DNS is failing); try again',
    'net.connectTimeout': 'the connection timed out: the server did not accept it in time',
    'net.headersTimeout': 'the server accepted the connection but sent no response in time',
    'net.bodyTimeout': 'the server stopped sending the response',
    'net.headersTooLarge': 'the response headers are too large',
    'net.bodyTooLarge': 'the response is too large',
    'net.badResponse': 'the server sent something that is not a valid HTTP response',
    'net.aborted': 'the request was aborted',
    'net.unreachable': 'the host or its network cannot be reached',
    'net.certExpired': 'the server\'s TLS certificate has expired',
    'net.certNotYetValid': 'the server\'s TLS certificate is not valid yet (check the clock)',
    'net.certUntrusted': 'the server\'s TLS certificate is not trusted (self-signed or from an unknown authority; NODE_EXTRA_CA_CERTS can add one)',
    'net.certRevoked': 'the server\'s TLS certificate was revoked',
    'net.certName': 'the server\'s TLS certificate is for another host name',
    'net.tlsMismatch': 'the TLS handshake failed (https to a plain-http port, or no common protocol)',
    'net.badUrl': 'the URL is not valid',
    'net.failedCode': 'the request failed (error code {code})',
    'net.failed': 'the request failed before any answer',
  },
  'zh-CN': {
    'net.noAnswer': '{time} 内无响应',
    'net.refused': '连接被拒绝：该地址和端口上没有服务应答',
    'net.reset': '服务器重置了连接',
    'net.closed': '服务器未作应答就关闭了连接',
    'net.notFound': '找不到该主机名（DNS）',
    'net.dnsAgain': '暂时无法解析该主机名（DNS 故障），请稍后重试',
    'net.connectTimeout': '连接超时：服务器未能及时接受连接',
    'net.headersTimeout': '服务器接受了连接，但未及时作出响应',
    'net.bodyTimeout': '服务器中途停止发送响应',
    'net.headersTooLarge': '响应头过大',
    'net.bodyTooLarge': '响应过大',
    'net.badResponse': '服务器返回的不是有效的 HTTP 响应',
    'net.aborted': '请求已中止',
    'net.unreachable': '无法到达该主机或其所在网络',
    'net.certExpired': '服务器的 TLS 证书已过期',
    'net.certNotYetValid': '服务器的 TLS 证书尚未生效（请检查时钟）',
    'net.certUntrusted': '服务器的 TLS 证书不受信任（自签名或来自未知的证书机构；可用 NODE_EXTRA_CA_CERTS 添加）',
    'net.certRevoked': '服务器的 TLS 证书已被吊销',
    'net.certName': '服务器的 TLS 证书属于其他主机名',
    'net.tlsMismatch': 'TLS 握手失败（对纯 HTTP 端口使用了 https，或没有共同支持的协议）',
    'net.badUrl': 'URL 无效',
    'net.failedCode': '请求失败（错误码 {code}）',
    'net.failed': '请求在收到任何应答前失败',
  },
});

type NetKey = keyof typeof messages.en;

/** The network messages in the language of `t` (a translator of the run's messages). */
export function networkText(t: { readonly lang?: Lang }): Translator<NetKey> {
  return sameLanguage(messages, t);
}

export { messages as networkMessages };

/** Error codes of Node's sockets, DNS, TLS and of undici, by what the user should hear. */
const BY_CODE: Record<string, NetKey> = {
  ECONNREFUSED: 'net.refused',
  ECONNRESET: 'net.reset',
  EPIPE: 'net.reset',
  ECONNABORTED: 'net.reset',
  UND_ERR_SOCKET: 'net.closed',
  UND_ERR_CLOSED: 'net.closed',
  UND_ERR_DESTROYED: 'net.closed',
  ENOTFOUND: 'net.notFound',
  EAI_NONAME: 'net.notFound',
  EAI_NODATA: 'net.notFound',
  EAI_AGAIN: 'net.dnsAgain',
  EAI_FAIL: 'net.dnsAgain',
  ETIMEDOUT: 'net.connectTimeout',
  UND_ERR_CONNECT_TIMEOUT: 'net.connectTimeout',
  UND_ERR_HEADERS_TIMEOUT: 'net.headersTimeout',
  UND_ERR_BODY_TIMEOUT: 'net.bodyTimeout',
  UND_ERR_HEADERS_OVERFLOW: 'net.headersTooLarge',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'net.bodyTooLarge',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'net.badResponse',
  HPE_INVALID_CONSTANT: 'net.badResponse',
  HPE_INVALID_HEADER_TOKEN: 'net.badResponse',
  HPE_INVALID_STATUS: 'net.badResponse',
  UND_ERR_ABORTED: 'net.aborted',
  EHOSTUNREACH: 'net.unreachable',
  ENETUNREACH: 'net.unreachable',
  EHOSTDOWN: 'net.unreachable',
  ENETDOWN: 'net.unreachable',
  EADDRNOTAVAIL: 'net.unreachable',
  CERT_HAS_EXPIRED: 'net.certExpired',
  CERT_NOT_YET_VALID: 'net.certNotYetValid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net.certUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'net.certUntrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net.certUntrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'net.certUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'net.certUntrusted',
  CERT_UNTRUSTED: 'net.certUntrusted',
  CERT_REVOKED: 'net.certRevoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net.certName',
  ERR_SSL_WRONG_VERSION_NUMBER: 'net.tlsMismatch',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'net.tlsMismatch',
  EPROTO: 'net.tlsMismatch',
  ERR_INVALID_URL: 'net.badUrl',
};

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The codes along an error's cause chain (and inside an AggregateError, as when every address refused). */
function codesOf(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 5) return [];
  const e = error as ErrorLike;
  const own = typeof e.code === 'string' ? [e.code] : [];
  const inner = Array.isArray(e.errors) ? e.errors.flatMap((x) => codesOf(x, depth + 1)) : [];
  return [...own, ...inner, ...codesOf(e.cause, depth + 1)];
}

/** `the server closed the connection without answering`: a failed request in the user's words, for http and notify. */
export function describeNetworkError(error: unknown, inLanguageOf: { readonly lang?: Lang }): string {
  const t = networkText(inLanguageOf);
  const codes = codesOf(error);
  for (const code of codes) {
    const key = BY_CODE[code];
    if (key) return t(key);
  }
  // fetch's own TypeError for a URL it cannot parse ("Failed to parse URL from …"), without a code.
  const message = error instanceof Error ? error.message : String(error);
  if (/parse URL|Invalid URL/i.test(message)) return t('net.badUrl');
  const code = codes.find((c) => c !== 'ERR_INVALID_ARG_TYPE');
  return code ? t('net.failedCode', { code }) : t('net.failed');
}
