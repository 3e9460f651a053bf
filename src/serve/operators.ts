// Who may call the server: operators with a token each, kept only as its SHA-256, compared in constant time.
//
// The file (`--operators FILE`, or its text in RUNBOOK_SERVE_OPERATORS):
//   operators:
//     - name: alice
//       groups: [sre]
//       token_sha256: 9f86d0…        # sha256 of a token of 32 random bytes (`runbook serve token` makes one)
//     - name: alertmanager
//       roles: [webhook]              # may post alerts; `approve` (the default) may list, approve and deny
// A token is high-entropy, so a plain SHA-256 is enough (no password stretching needed); the stored hash
// alone does not let anyone call the server.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse } from 'yaml';

export type Role = 'webhook' | 'approve';

export interface Operator {
  name: string;
  groups: readonly string[];
  roles: readonly Role[];
  hash: Buffer;
}

export class OperatorsError extends Error {}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token (43 characters of base64url, 256 bits) and the hash to put in the operators file. */
export function newToken(): { token: string; sha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sha256: hashToken(token) };
}

/** Parses the operators file's text; throws OperatorsError naming the entry that is wrong. */
export function parseOperators(text: string, where: string): Operator[] {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new OperatorsError(`${where}: not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const list = (data as { operators?: unknown } | null)?.operators;
  if (!Array.isArray(list) || list.length === 0) throw new OperatorsError(`${where}: expected \`operators:\` with a list of operators`);
  const names = new Set<string>();
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { name?: unknown; groups?: unknown; roles?: unknown; token_sha256?: unknown };
    const at = `${where}: operators[${i}]`;
    if (typeof e.name !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(e.name)) throw new OperatorsError(`${at}: \`name\` must be a name (letters, digits, _ . @ -)`);
    if (names.has(e.name)) throw new OperatorsError(`${at}: \`${e.name}\` is listed twice`);
    names.add(e.name);
    if (typeof e.token_sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(e.token_sha256)) throw new OperatorsError(`${at}: \`token_sha256\` must be the 64 hex digits of a SHA-256 (runbook serve token)`);
    const strings = (v: unknown, key: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new OperatorsError(`${at}: \`${key}\` must be a list of names`);
      return v as string[];
    };
    const roles = strings(e.roles, 'roles');
    for (const role of roles) if (role !== 'webhook' && role !== 'approve') throw new OperatorsError(`${at}: unknown role \`${role}\` (webhook, approve)`);
    return { name: e.name, groups: strings(e.groups, 'groups'), roles: roles.length > 0 ? (roles as Role[]) : ['approve'], hash: Buffer.from(e.token_sha256.toLowerCase(), 'hex') };
  });
}

/**
 * The operator whose token is in the `Authorization: Bearer …` header, if any. Every entry is compared,
 * each in constant time, so the time taken says nothing about which hash came close.
 */
export function authenticate(operators: readonly Operator[], header: string | undefined): Operator | undefined {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? '');
  if (!match) return undefined;
  const presented = createHash('sha256').update(match[1]!, 'utf8').digest();
  let found: Operator | undefined;
  for (const operator of operators) {
    if (timingSafeEqual(presented, operator.hash) && !found) found = operator;
  }
  return found;
}
