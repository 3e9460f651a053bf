// Where secrets hide in a command line: one finder per shape (assignments, headers, token shapes, options, password flags, URLs).

/** A variable whose name says it holds a secret (`*_TOKEN`, `*_KEY`, `*_SECRET`, `*PASSWORD*`, `WEIXIN_*`, ...). */
export const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|KEY|APIKEY|API_KEY|CREDENTIALS?|AUTH|PRIVATE|SIGNATURE|COOKIE|SESSION)(_|$)|^(WEIXIN|WECOM|WECHAT)_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/^(PWD|OLDPWD)$/.test(name);
}

/** Reports a secret at `[start, end)` of the command: the env name it wants, what it was (for the review note), its value. */
export type AddSecret = (start: number, end: number, wanted: string, origin: string, value: string) => void;

type Finder = (command: string, add: AddSecret) => void;

/** 1 when the text is wrapped in matching quotes (they stay, the value inside goes). */
function quoted(raw: string): number {
  return /^(["']).*\1$/.test(raw) ? 1 : 0;
}

/** NAME=value assignments (`export X_TOKEN=...`, `X_TOKEN=... cmd`). */
function assignments(command: string, add: AddSecret): void {
  const assign = /(^|[\s;&|(])(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/g;
  let m: RegExpExecArray | null;
  while ((m = assign.exec(command))) {
    const name = m[3]!;
    if (!isSecretName(name)) continue;
    const raw = m[4]!;
    const start = m.index + m[1]!.length + (m[2]?.length ?? 0) + name.length + 1;
    const q = quoted(raw);
    add(start + q, start + raw.length - q, name.toUpperCase(), `${name}=…`, raw.slice(q, raw.length - q));
  }
}

/** Headers: `Authorization: Bearer xyz`, `X-Api-Key: xyz`, `PRIVATE-TOKEN: xyz`, any `*-Token`/`*-Key`/`*-Secret`, `Cookie: ...`. */
function headers(command: string, add: AddSecret): void {
  const header = /(?<![A-Za-z0-9-])(Authorization|Proxy-Authorization|Cookie|PRIVATE-TOKEN|[A-Za-z][A-Za-z0-9-]*-(?:Token|Key|Secret)|X-[A-Za-z-]*(?:Key|Token|Secret)[A-Za-z-]*)(\s*:\s*(?:(?:Bearer|Basic|Token|Digest)\s+)?)([^\s"']+)/gi;
  let m: RegExpExecArray | null;
  while ((m = header.exec(command))) {
    const start = m.index + m[1]!.length + m[2]!.length;
    const name = m[1]!;
    const env = /authorization$/i.test(name) ? 'AUTH_TOKEN' : /^cookie$/i.test(name) ? 'AUTH_COOKIE' : name.toUpperCase().replace(/^X-/, '').replace(/-/g, '_');
    add(start, start + m[3]!.length, env, `${name} header`, m[3]!);
  }
}

/** Well-known token shapes (before options: they name the env better than the option that carries them). */
function tokenShapes(command: string, add: AddSecret): void {
  const shapes = /\b(gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|sk-[A-Za-z0-9]{20,})\b/g;
  let m: RegExpExecArray | null;
  while ((m = shapes.exec(command))) add(m.index, m.index + m[1]!.length, 'API_TOKEN', 'a token', m[1]!);
}

/** Options: --password=x, --password x, --token x, --api-key x, --secret x, --auth-token x, --redis-pass x ... */
function longOptions(command: string, add: AddSecret): void {
  const option = /(\s)(--(?:[a-z0-9]+-)*(?:password|passwd|pass|token|api-key|apikey|access-key|secret-key|secret)(?:=|\s+))("[^"]*"|'[^']*'|[^\s;&|]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = option.exec(command))) {
    if (m[3]!.startsWith('-')) continue; // the next option, not a value
    const start = m.index + m[1]!.length + m[2]!.length;
    const flag = m[2]!.replace(/[=\s]+$/, '').replace(/^--/, '');
    const env = flag.toUpperCase().replace(/-/g, '_');
    const q = quoted(m[3]!);
    add(start + q, start + m[3]!.length - q, /PASS/.test(env) ? 'PASSWORD' : env, `--${flag}`, m[3]!.slice(q, m[3]!.length - q));
  }
}

/** `mysql -pSECRET` (the password glued to the option). */
function mysqlPassword(command: string, add: AddSecret): void {
  const mysqlP = /(^|\s)(mysql|mysqldump|mysqladmin|mariadb)\b[^;&|]*?\s-p(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = mysqlP.exec(command))) {
    const start = m.index + m[0].length - m[3]!.length;
    add(start, start + m[3]!.length, 'MYSQL_PASSWORD', '-p<password>', m[3]!);
  }
}

/** Short options that take a password as the next word: redis-cli -a, docker login -p, mongo/mongosh -p. */
function shortOptions(command: string, add: AddSecret): void {
  const shortP: [RegExp, string, string][] = [
    [/(?:^|[\s;&|(])redis-cli\b[^;&|]*?\s-a\s+("[^"]*"|'[^']*'|[^\s;&|]+)/g, 'REDIS_PASSWORD', 'redis-cli -a'],
    [/(?:^|[\s;&|(])docker\s+login\b[^;&|]*?\s-p\s*("[^"]*"|'[^']*'|[^\s;&|]+)/g, 'DOCKER_PASSWORD', 'docker login -p'],
    [/(?:^|[\s;&|(])(?:mongo|mongosh)\b[^;&|]*?\s-p\s+("[^"]*"|'[^']*'|[^\s;&|-][^\s;&|]*)/g, 'MONGO_PASSWORD', 'mongo -p'],
  ];
  let m: RegExpExecArray | null;
  for (const [re, env, origin] of shortP) {
    while ((m = re.exec(command))) {
      const raw = m[1]!;
      const q = quoted(raw);
      const start = m.index + m[0].length - raw.length;
      add(start + q, start + raw.length - q, env, origin, raw.slice(q, raw.length - q));
    }
  }
}

/** htpasswd -b[c…] file user password, htpasswd -nb user password. */
function htpasswd(command: string, add: AddSecret): void {
  for (const hm of command.matchAll(/(?:^|[\s;&|(])htpasswd\s+([^;&|]*)/g)) {
    const words = [...hm[1]!.matchAll(/"[^"]*"|'[^']*'|\S+/g)];
    const flags = words.filter((w) => w[0].startsWith('-')).map((w) => w[0]).join('');
    if (!flags.includes('b')) continue;
    const positional = words.filter((w, i) => !w[0].startsWith('-') && !/^-[A-Za-z]*[Cr]$/.test(words[i - 1]?.[0] ?? ''));
    const word = positional[flags.includes('n') ? 1 : 2];
    if (!word) continue;
    const q = quoted(word[0]);
    const start = hm.index + hm[0].length - hm[1]!.length + word.index;
    add(start + q, start + word[0].length - q, 'HTPASSWD_PASSWORD', 'htpasswd -b', word[0].slice(q, word[0].length - q));
  }
}

/** `echo pw | sudo -S ...`, `sshpass -p pw ssh ...` */
function pipedPasswords(command: string, add: AddSecret): void {
  const sudoS = /\b(?:echo|printf)\s+(?:'%s\\n'\s+)?(["']?)([^\s|"']+)\1\s*\|\s*sudo\s+(?:-\w+\s+)*-S\b/g;
  let m: RegExpExecArray | null;
  while ((m = sudoS.exec(command))) {
    const start = command.indexOf(m[2]!, m.index);
    add(start, start + m[2]!.length, 'SUDO_PASSWORD', 'sudo -S password', m[2]!);
  }
  const sshpass = /\bsshpass\s+-p\s*(["']?)([^\s"']+)\1/g;
  while ((m = sshpass.exec(command))) {
    const start = command.indexOf(m[2]!, m.index + 'sshpass'.length);
    add(start, start + m[2]!.length, 'SSH_PASSWORD', 'sshpass -p', m[2]!);
  }
}

/** curl -u user:pass, URLs with user:pass@, ?key=/token= in query strings (WeChat Work robot keys). */
function urlCredentials(command: string, add: AddSecret): void {
  const userPass = /(\s-u\s*["']?|\s--user(?:=|\s+)["']?|:\/\/)([^\s:@/"']+):([^\s@/"']+)@?/g;
  let m: RegExpExecArray | null;
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
}

/** The finders in the order they run: where two overlap, the first one names the secret. */
export const SECRET_FINDERS: readonly Finder[] = [assignments, headers, tokenShapes, longOptions, mysqlPassword, shortOptions, htpasswd, pipedPasswords, urlCredentials];
