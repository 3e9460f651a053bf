// Network failures of `http` and `notify` (fetch/undici and Node socket errors) in the user's words, never raw library text.
import type { EngineKey } from '../i18n/engine.js';
import type { Translator } from '../i18n/index.js';

/** Error codes of Node's sockets, DNS, TLS and of undici, by what the user should hear. */
const BY_CODE: Record<string, EngineKey> = {
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
export function describeNetworkError(error: unknown, t: Translator<EngineKey>): string {
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
