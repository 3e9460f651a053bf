// Keeps secrets out of drafts: finds tokens, passwords and keys in commands and replaces them by env references.
import { rewrite, type Replacement } from './shell.js';

/** A variable whose name says it holds a secret (`*_TOKEN`, `*_KEY`, `*_SECRET`, `*PASSWORD*`, `WEIXIN_*`, ...). */
export const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|KEY|APIKEY|API_KEY|CREDENTIALS?|AUTH|PRIVATE|SIGNATURE|COOKIE|SESSION)(_|$)|^(WEIXIN|WECOM|WECHAT)_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/^(PWD|OLDPWD)$/.test(name);
}

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
    const add = (start: number, end: number, wanted: string, origin: string, value: string): void => {
      if (end <= start || reps.some((r) => start < r.end && end > r.start)) return;
      if (value.startsWith('$') && !value.startsWith('$(')) return; // already a reference
      const env = this.envFor(value, wanted);
      reps.push({ start, end, kind: 'env', value: env });
      if (!found.some((f) => f.env === env)) found.push({ env, origin });
      if (value.length >= 4) this.known.set(value, env);
    };

    // NAME=value assignments (`export X_TOKEN=...`, `X_TOKEN=... cmd`).
    const assign = /(^|[\s;&|(])(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/g;
    let onlyAssignments = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(command);
    let m: RegExpExecArray | null;
    while ((m = assign.exec(command))) {
      const name = m[3]!;
      if (!isSecretName(name)) continue;
      const raw = m[4]!;
      const start = m.index + m[1]!.length + (m[2]?.length ?? 0) + name.length + 1;
      const q = /^(["']).*\1$/.test(raw) ? 1 : 0;
      add(start + q, start + raw.length - q, name.toUpperCase(), `${name}=…`, raw.slice(q, raw.length - q));
    }

    // Headers: `Authorization: Bearer xyz`, `X-Api-Key: xyz`, `PRIVATE-TOKEN: xyz`, any `*-Token`/`*-Key`/`*-Secret`, `Cookie: ...`.
    const header = /(?<![A-Za-z0-9-])(Authorization|Proxy-Authorization|Cookie|PRIVATE-TOKEN|[A-Za-z][A-Za-z0-9-]*-(?:Token|Key|Secret)|X-[A-Za-z-]*(?:Key|Token|Secret)[A-Za-z-]*)(\s*:\s*(?:(?:Bearer|Basic|Token|Digest)\s+)?)([^\s"']+)/gi;
    while ((m = header.exec(command))) {
      const start = m.index + m[1]!.length + m[2]!.length;
      const name = m[1]!;
      const env = /authorization$/i.test(name) ? 'AUTH_TOKEN' : /^cookie$/i.test(name) ? 'AUTH_COOKIE' : name.toUpperCase().replace(/^X-/, '').replace(/-/g, '_');
      add(start, start + m[3]!.length, env, `${name} header`, m[3]!);
    }

    // Well-known token shapes (before options: they name the env better than the option that carries them).
    const shapes = /\b(gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|sk-[A-Za-z0-9]{20,})\b/g;
    while ((m = shapes.exec(command))) add(m.index, m.index + m[1]!.length, 'API_TOKEN', 'a token', m[1]!);

    // Options: --password=x, --password x, --token x, --api-key x, --secret x, --auth-token x, --redis-pass x ...
    const option = /(\s)(--(?:[a-z0-9]+-)*(?:password|passwd|pass|token|api-key|apikey|access-key|secret-key|secret)(?:=|\s+))("[^"]*"|'[^']*'|[^\s;&|]+)/gi;
    while ((m = option.exec(command))) {
      if (m[3]!.startsWith('-')) continue; // the next option, not a value
      const start = m.index + m[1]!.length + m[2]!.length;
      const flag = m[2]!.replace(/[=\s]+$/, '').replace(/^--/, '');
      const env = flag.toUpperCase().replace(/-/g, '_');
      const q = /^(["']).*\1$/.test(m[3]!) ? 1 : 0;
      add(start + q, start + m[3]!.length - q, /PASS/.test(env) ? 'PASSWORD' : env, `--${flag}`, m[3]!.slice(q, m[3]!.length - q));
    }
    const mysqlP = /(^|\s)(mysql|mysqldump|mysqladmin|mariadb)\b[^;&|]*?\s-p(\S+)/g;
    while ((m = mysqlP.exec(command))) {
      const start = m.index + m[0].length - m[3]!.length;
      add(start, start + m[3]!.length, 'MYSQL_PASSWORD', '-p<password>', m[3]!);
    }
    // Short options that take a password as the next word: redis-cli -a, docker login -p, mongo/mongosh -p.
    const shortP: [RegExp, string, string][] = [
      [/(?:^|[\s;&|(])redis-cli\b[^;&|]*?\s-a\s+("[^"]*"|'[^']*'|[^\s;&|]+)/g, 'REDIS_PASSWORD', 'redis-cli -a'],
      [/(?:^|[\s;&|(])docker\s+login\b[^;&|]*?\s-p\s*("[^"]*"|'[^']*'|[^\s;&|]+)/g, 'DOCKER_PASSWORD', 'docker login -p'],
      [/(?:^|[\s;&|(])(?:mongo|mongosh)\b[^;&|]*?\s-p\s+("[^"]*"|'[^']*'|[^\s;&|-][^\s;&|]*)/g, 'MONGO_PASSWORD', 'mongo -p'],
    ];
    for (const [re, env, origin] of shortP) {
      while ((m = re.exec(command))) {
        const raw = m[1]!;
        const q = /^(["']).*\1$/.test(raw) ? 1 : 0;
        const start = m.index + m[0].length - raw.length;
        add(start + q, start + raw.length - q, env, origin, raw.slice(q, raw.length - q));
      }
    }
    // htpasswd -b[c…] file user password, htpasswd -nb user password.
    for (const hm of command.matchAll(/(?:^|[\s;&|(])htpasswd\s+([^;&|]*)/g)) {
      const words = [...hm[1]!.matchAll(/"[^"]*"|'[^']*'|\S+/g)];
      const flags = words.filter((w) => w[0].startsWith('-')).map((w) => w[0]).join('');
      if (!flags.includes('b')) continue;
      const positional = words.filter((w, i) => !w[0].startsWith('-') && !/^-[A-Za-z]*[Cr]$/.test(words[i - 1]?.[0] ?? ''));
      const word = positional[flags.includes('n') ? 1 : 2];
      if (!word) continue;
      const q = /^(["']).*\1$/.test(word[0]) ? 1 : 0;
      const start = hm.index + hm[0].length - hm[1]!.length + word.index;
      add(start + q, start + word[0].length - q, 'HTPASSWD_PASSWORD', 'htpasswd -b', word[0].slice(q, word[0].length - q));
    }
    // `echo pw | sudo -S ...`, `sshpass -p pw ssh ...`
    const sudoS = /\b(?:echo|printf)\s+(?:'%s\\n'\s+)?(["']?)([^\s|"']+)\1\s*\|\s*sudo\s+(?:-\w+\s+)*-S\b/g;
    while ((m = sudoS.exec(command))) {
      const start = command.indexOf(m[2]!, m.index);
      add(start, start + m[2]!.length, 'SUDO_PASSWORD', 'sudo -S password', m[2]!);
    }
    const sshpass = /\bsshpass\s+-p\s*(["']?)([^\s"']+)\1/g;
    while ((m = sshpass.exec(command))) {
      const start = command.indexOf(m[2]!, m.index + 'sshpass'.length);
      add(start, start + m[2]!.length, 'SSH_PASSWORD', 'sshpass -p', m[2]!);
    }
    // curl -u user:pass, URLs with user:pass@, ?key=/token= in query strings (WeChat Work robot keys).
    const userPass = /(\s-u\s*["']?|\s--user(?:=|\s+)["']?|:\/\/)([^\s:@/"']+):([^\s@/"']+)@?/g;
    while ((m = userPass.exec(command))) {
      if (m[1] === '://' && !m[0].endsWith('@')) continue;
      if (m[1] !== '://' && m[0].endsWith('@')) continue;
      const start = m.index + m[1]!.length + m[2]!.length + 1;
      add(start, start + m[3]!.length, 'CREDENTIAL_PASSWORD', 'user:password', m[3]!);
    }
    const query = /[?&]((?:access_)?(?:key|token|secret|password|sig|signature|apikey|api_key))=([^&\s"'#]+)/gi;
    while ((m = query.exec(command))) {
      const start = m.index + 1 + m[1]!.length + 1;
      add(start, start + m[2]!.length, /key/i.test(m[1]!) ? 'WEBHOOK_KEY' : `URL_${m[1]!.toUpperCase()}`, `?${m[1]}= in a URL`, m[2]!);
    }

    // Values seen earlier, typed again.
    for (const [value, env] of this.known) {
      let i = -1;
      while ((i = command.indexOf(value, i + 1)) >= 0) add(i, i + value.length, env, `the value of ${env}`, value);
    }

    if (reps.length === 0) return { command, secrets: [], setsSecretOnly: false };
    onlyAssignments = onlyAssignments && /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|[^\s;&|]+)\s*)+$/.test(command) && found.length > 0 && assignmentNamesAreSecret(command);
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
