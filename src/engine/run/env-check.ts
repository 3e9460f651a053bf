// Resume runs with the environment the first run had: keyed digests of the values taken with `from_env`
// (never the values themselves — they are often secrets), compared when the run is resumed.
import { createHmac, randomBytes } from 'node:crypto';

export interface EnvCheck {
  salt: string;
  /** Variable → HMAC-SHA256(salt, value). */
  digests: Record<string, string>;
}

function digest(salt: string, value: string): string {
  return createHmac('sha256', salt).update(value).digest('hex');
}

export function makeEnvCheck(values: Record<string, string>, salt = randomBytes(16).toString('hex')): EnvCheck {
  return { salt, digests: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, digest(salt, value)])) };
}

/** Variables whose value differs from the recorded one, or that were set then and are not now (or the reverse). */
export function changedVariables(check: EnvCheck, values: Record<string, string>): string[] {
  const names = new Set([...Object.keys(check.digests), ...Object.keys(values)]);
  return [...names].filter((name) => (values[name] === undefined ? undefined : digest(check.salt, values[name]!)) !== check.digests[name]).sort();
}
