// Why ssh could not reach a host, read from what ssh wrote on stderr (its exit code, 255, says only that it failed).

export type UnreachableReason =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth-refused'
  | 'connection-refused'
  | 'timeout'
  | 'no-route'
  | 'name-unknown'
  | 'dropped'
  | 'no-answer'
  | 'ssh-missing'
  | 'ssh-failed';

/** A host that could not be reached, or was lost during a command: its outcome is unknown unless `started` is false. */
export interface Unreachable {
  reason: UnreachableReason;
  /** The remote command had started (its outcome is unknown); false: it never ran. */
  started: boolean;
  /** The last lines ssh wrote (sanitised by whoever shows them). */
  detail: string;
}

const RULES: [UnreachableReason, RegExp][] = [
  ['host-key-changed', /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed/],
  ['host-key-unknown', /No \S+ host key is known for|Host key verification failed/],
  ['auth-refused', /Permission denied \(|Too many authentication failures|no mutual signature algorithm/],
  ['connection-refused', /Connection refused/],
  ['timeout', /[Cc]onnection timed out|Operation timed out|timed out during banner exchange/],
  ['no-route', /No route to host|Network is unreachable/],
  ['name-unknown', /Could not resolve hostname|Name or service not known|nodename nor servname|Temporary failure in name resolution/],
  ['dropped', /closed by remote host|Connection closed by|Connection reset|Broken pipe|Timeout, server .* not responding|client_loop: send disconnect|mux_client|Control socket connect|kex_exchange_identification/],
];

export function classifySshError(stderr: string): UnreachableReason {
  for (const [reason, pattern] of RULES) if (pattern.test(stderr)) return reason;
  return 'ssh-failed';
}

/** The last few non-empty lines of ssh's stderr, for the message. */
export function sshDetail(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^@+$/.test(l))
    .slice(-3)
    .join(' / ')
    .slice(0, 400);
}
