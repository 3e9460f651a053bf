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
import type { Lang } from '../i18n/index.js';
import { serveText } from '../i18n/serve.js';

export type Role = 'webhook' | 'approve';

export interface Operator {
  name: string;
  groups: readonly string[];
  roles: readonly Role[];
  hash: Buffer;
}

/**
 * What is wrong with the operators file, as data: `where` is the file (or RUNBOOK_SERVE_OPERATORS), `index` the
 * entry of `operators:`. Said in the reader's language by describeOperatorsProblem.
 */
export type OperatorsProblem =
  | { key: 'operators.notYaml'; where: string; detail: string }
  | { key: 'operators.noList'; where: string }
  | { key: 'operators.badName' | 'operators.badHash'; where: string; index: number }
  | { key: 'operators.twice'; where: string; index: number; name: string }
  | { key: 'operators.notNames'; where: string; index: number; field: string }
  | { key: 'operators.unknownRole'; where: string; index: number; role: string };

/** The problem in words: `operators.yaml: operators[1]: \`alice\` is listed twice` (en), `operators.yaml：operators[1]：…` (zh-CN). */
export function describeOperatorsProblem(problem: OperatorsProblem, lang: Lang): string {
  const t = serveText(lang);
  const at = 'index' in problem ? t('operators.at', { where: problem.where, index: problem.index }) : problem.where;
  return t(problem.key, { ...problem, at });
}

/** An operators file that cannot be used; its message is the English of `problem`. */
export class OperatorsError extends Error {
  constructor(readonly problem: OperatorsProblem) {
    super(describeOperatorsProblem(problem, 'en'));
    this.name = 'OperatorsError';
  }
}

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
    throw new OperatorsError({ key: 'operators.notYaml', where, detail: (error as Error).message.split('\n')[0]! });
  }
  const list = (data as { operators?: unknown } | null)?.operators;
  if (!Array.isArray(list) || list.length === 0) throw new OperatorsError({ key: 'operators.noList', where });
  const names = new Set<string>();
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { name?: unknown; groups?: unknown; roles?: unknown; token_sha256?: unknown };
    if (typeof e.name !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(e.name)) throw new OperatorsError({ key: 'operators.badName', where, index: i });
    if (names.has(e.name)) throw new OperatorsError({ key: 'operators.twice', where, index: i, name: e.name });
    names.add(e.name);
    if (typeof e.token_sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(e.token_sha256)) throw new OperatorsError({ key: 'operators.badHash', where, index: i });
    const strings = (v: unknown, key: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new OperatorsError({ key: 'operators.notNames', where, index: i, field: key });
      return v as string[];
    };
    const roles = strings(e.roles, 'roles');
    for (const role of roles) if (role !== 'webhook' && role !== 'approve') throw new OperatorsError({ key: 'operators.unknownRole', where, index: i, role });
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
