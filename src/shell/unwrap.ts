// The command a wrapper runs: `sudo`, `env`, `timeout 30`, `xargs`, `docker compose exec svc`, `kubectl exec --` …
import type { Word } from './lex.js';

/** Wrappers whose real command follows, with the options of theirs that take a value. */
const WRAPPERS: Record<string, { values: RegExp; positional?: number }> = {
  sudo: { values: /^-[ugCDhprTU]$|^--(user|group|chdir|prompt|role|type|host|close-from|other-user)$/ },
  doas: { values: /^-[uC]$/ },
  env: { values: /^-[uCS]$|^--(unset|chdir|split-string)$/ },
  nice: { values: /^-n$|^--adjustment$/ },
  ionice: { values: /^-[cnp]$|^--(class|classdata|pid)$/ },
  timeout: { values: /^-[sk]$|^--(signal|kill-after)$/, positional: 1 },
  stdbuf: { values: /^-[ioe]$/ },
  xargs: { values: /^-[IELnPdsa]$|^--(replace|eof|max-lines|max-args|max-procs|delimiter|max-chars|arg-file|process-slot-var)$/ },
  flock: { values: /^-[wEc]$|^--(timeout|conflict-exit-code|command)$/, positional: 1 },
  time: { values: /^-[fo]$|^--(format|output)$/ },
  nohup: { values: /^$/ },
  exec: { values: /^-a$/ },
  command: { values: /^$/ },
  builtin: { values: /^$/ },
  setsid: { values: /^$/ },
  unbuffer: { values: /^$/ },
};

/**
 * The command a wrapper runs: `sudo`, `env X=y`, `nice`, `timeout 30`, `xargs -I{}`, `time`, `nohup`, `flock f`,
 * assignments before a command, and `docker [compose] exec svc`, `kubectl exec ... --`. `command -v x` stays as is
 * (`watch` hands its arguments to a shell: the classifier parses them again).
 */
export function unwrap(words: readonly Word[]): Word[] {
  let rest = [...words];
  for (;;) {
    const first = rest[0]?.value;
    if (first === undefined) return rest;
    const wrapper = Object.hasOwn(WRAPPERS, first) ? WRAPPERS[first] : undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(first)) rest = rest.slice(1);
    else if (wrapper) {
      if (first === 'command' && /^-[vV]$/.test(rest[1]?.value ?? '')) return rest;
      rest = rest.slice(1);
      while (rest[0]?.value.startsWith('-') && rest[0].value.length > 1) {
        const flag = rest[0].value;
        rest = rest.slice(1);
        if (flag === '--') break;
        if (wrapper.values.test(flag)) rest = rest.slice(1);
      }
      if (first === 'env') while (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].value)) rest = rest.slice(1);
      rest = rest.slice(wrapper.positional ?? 0);
    } else {
      const inner = innerOfExec(rest);
      if (inner) rest = inner;
      else return rest;
    }
  }
}

/** `docker compose exec [opts] svc cmd...`, `docker exec [opts] ctr cmd...`, `kubectl exec ... -- cmd`. */
function innerOfExec(words: Word[]): Word[] | undefined {
  const v = words.map((w) => w.value);
  let i: number;
  if (v[0] === 'docker' && v[1] === 'compose' && (v[2] === 'exec' || v[2] === 'run')) i = 3;
  else if (v[0] === 'docker-compose' && (v[1] === 'exec' || v[1] === 'run')) i = 2;
  else if (v[0] === 'docker' && v[1] === 'exec') i = 2;
  else if (v[0] === 'kubectl' && v[1] === 'exec') {
    const dashes = v.indexOf('--');
    return dashes > 0 && dashes + 1 < v.length ? words.slice(dashes + 1) : undefined;
  } else return undefined;
  while (i < v.length && v[i]!.startsWith('-')) {
    const flag = v[i]!;
    i++;
    if (/^-(u|w|e)$|^--(user|workdir|env|index|name|entrypoint)$/.test(flag)) i++;
  }
  i++; // the service or container
  return i < v.length ? words.slice(i) : undefined;
}
