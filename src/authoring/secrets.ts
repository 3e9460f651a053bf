// Keeps secrets out of drafts: finds tokens, passwords and keys in commands and replaces them by env references.
import { rewrite, type Replacement } from './shell.js';
import { isSecretName, SECRET_FINDERS, type AddSecret } from './secret-finders.js';

export { isSecretName, SECRET_NAME } from './secret-finders.js';

export interface SecretRef {
  /** The environment variable the playbook reads the secret from (`from_env`). */
  env: string;
  /** What it was, for the review comment (never the value). */
  origin: string;
}

export interface ScrubResult {
  command: string;
  secrets: SecretRef[];
  /** The command only set a secret variable (`export X_TOKEN=...`): drop it, the playbook env takes over. */
  setsSecretOnly: boolean;
}

/** Remembers secret values seen so far (an exported token typed again later is still found). */
export class SecretScrubber {
  private readonly known = new Map<string, string>(); // value -> env name

  get values(): string[] {
    return [...this.known.keys()];
  }

  private readonly byEnv = new Map<string, string>(); // env name -> value

  /** The env name for a value: the one it already has, else `wanted` (numbered when taken by another value). */
  private envFor(value: string, wanted: string): string {
    const known = this.known.get(value);
    if (known) return known;
    let env = wanted;
    for (let n = 2; this.byEnv.has(env) && this.byEnv.get(env) !== value; n++) env = `${wanted}_${n}`;
    this.byEnv.set(env, value);
    return env;
  }

  /** Scrubs one command line. Values are remembered for later lines. */
  scrub(command: string): ScrubResult {
    const found: SecretRef[] = [];
    const reps: Replacement[] = [];
    const add: AddSecret = (start, end, wanted, origin, value) => {
      if (end <= start || reps.some((r) => start < r.end && end > r.start)) return;
      if (value.startsWith('$') && !value.startsWith('$(')) return; // already a reference
      const env = this.envFor(value, wanted);
      reps.push({ start, end, kind: 'env', value: env });
      if (!found.some((f) => f.env === env)) found.push({ env, origin });
      if (value.length >= 4) this.known.set(value, env);
    };
    for (const find of SECRET_FINDERS) find(command, add);

    // Values seen earlier, typed again.
    for (const [value, env] of this.known) {
      let i = -1;
      while ((i = command.indexOf(value, i + 1)) >= 0) add(i, i + value.length, env, `the value of ${env}`, value);
    }

    if (reps.length === 0) return { command, secrets: [], setsSecretOnly: false };
    const onlyAssignments =
      /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(command) &&
      /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|[^\s;&|]+)\s*)+$/.test(command) &&
      found.length > 0 &&
      assignmentNamesAreSecret(command);
    return { command: rewrite(command, reps, { escape: false }), secrets: found, setsSecretOnly: onlyAssignments };
  }

  /** Replaces every known secret value in free text (names, descriptions). */
  scrubText(text: string): string {
    let out = text;
    for (const value of this.known.keys()) out = out.split(value).join('***');
    return out;
  }

  /** Scrubs every string value of a JSON-like value with `scrubText` (keys are names built from scrubbed text). */
  scrubDeep<T>(value: T): T {
    if (typeof value === 'string') return this.scrubText(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.scrubDeep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubDeep(v)])) as T;
    }
    return value;
  }
}

function assignmentNamesAreSecret(command: string): boolean {
  const names = [...command.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]!);
  return names.length > 0 && names.every(isSecretName);
}
