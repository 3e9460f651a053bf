// The script a remote bash reads first on its stdin, and the data after it: values never become shell source.
//
// ssh runs `bash --noprofile --norc -s` on the host (the same words for every command: nothing else reaches the
// remote command line). Its stdin is this fixed script, one line, then NUL-separated fields: the nonce of this run's
// records, the folder, the command (whose values stand only as "${RUNBOOK_V_n}") and the environment (`NAME=value`
// each, values with secrets among them). bash reads a script on a pipe byte by byte and parses a whole line before
// it runs any of it, so `read -d ''` on that line gets exactly the bytes after it; `exit` at its end means the data
// is never run as code.
//
// The command runs as a local step's `bash --noprofile --norc -eo pipefail -c <command>` does, in a subshell of this
// bash rather than a second bash (one bash start per step instead of two, docs/remote.md "Cost"): `-e` and pipefail
// on, `IFS` as bash sets it (also when the environment has one, which bash ignores), none of the wrapper's
// variables, `$BASH_EXECUTION_STRING` the command, `$0` `bash`, line
// numbers from 1, stdin from /dev/null. What differs: `$$` is the wrapper's pid (`$BASHPID` is the command's own).
// The environment is exported only there, after the wrapper's variables are gone (the command and the entries
// travel as positional parameters): a variable named like one of them (`c`, `d`, `n`) never replaces the command,
// the folder or the nonce.
// It runs in a process group of its own (bash's job control, `set -m`, gives a background job one: cheaper than
// `setsid`, and the group is what signals reach). A watcher (its stdin named explicitly: bash would give a background
// job /dev/null) keeps reading the ssh stdin: `t <ms>` stops the whole group (SIGTERM, SIGKILL after <ms>), `k`
// kills it at once, and end of file — runbook died, the connection dropped — stops it too (SIGTERM, SIGKILL after
// 5 s). The script is terse on purpose: bash reads it from the pipe one byte per read(2), on every step. Records on
// stderr, `\x1e<nonce> s <pgid>` when the command started and `\x1e<nonce> x <code>` when it ended, tell a
// command's exit 255 from ssh's own.

const WRAPPER =
  [
    String.raw`IFS= read -rd '' n&&IFS= read -rd '' d&&IFS= read -rd '' c&&IFS= read -rd '' k||exit 96`,
    String.raw`e=();for((i=0;i<k;i++));do IFS= read -rd '' v&&[[ $v =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]||exit 96;e+=("$v");done`,
    String.raw`[[ -z $d ]]||cd -- "$d"||{ printf '\036%s x 127\n' "$n" >&2;exit 0;}`,
    // (a plain string: `${` would be a template's)
    'set -m;(set +m;set -- "${e[@]}" "$c";unset -v n d c k v i e;(($#>1))&&export "${@:1:$#-1}";IFS=$\' \\t\\n\';BASH_EXECUTION_STRING=${!#};set --;set -eo pipefail;eval "$BASH_EXECUTION_STRING") </dev/null & g=$!;set +m',
    String.raw`printf '\036%s s %s\n' "$n" "$g" >&2`,
    String.raw`(trap '' PIPE;IFS=' ' read -r r t||r=e;[[ $r == k ]]&&kill -9 -- -$g;kill -TERM -- -$g;[[ $t =~ ^[0-9]+$ ]]||t=5000;for((i=0;i<t/50;i++));do kill -0 -- -$g||exit;sleep .05;done;kill -9 -- -$g) 0<&0 2>/dev/null & w=$!`,
    String.raw`wait $g;r=$?;kill $w 2>/dev/null;printf '\036%s x %s\n' "$n" "$r" >&2;exit 0`,
  ].join(';') + '\n';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The stdin of a remote command: the wrapper, then its data. Throws on a name or value no environment can hold. */
export function wrapperInput(nonce: string, command: string, env: Readonly<Record<string, string>>, cwd = ''): Buffer {
  const entries = Object.entries(env);
  for (const [name, value] of entries) {
    if (!NAME.test(name)) throw new Error(`not an environment variable name: ${JSON.stringify(name)}`);
    if (value.includes('\0')) throw new Error(`the value of ${name} holds a NUL byte`);
  }
  if (command.includes('\0') || cwd.includes('\0')) throw new Error('a command or folder holds a NUL byte');
  const fields = [nonce, cwd, command, String(entries.length), ...entries.map(([name, value]) => `${name}=${value}`)];
  return Buffer.concat([Buffer.from(WRAPPER, 'utf8'), ...fields.map((f) => Buffer.from(`${f}\0`, 'utf8'))]);
}

/** What the watcher understands on stdin once the command runs. */
export const stopLine = (graceMs: number): string => `t ${Math.max(0, Math.round(graceMs))}\n`;
export const KILL_LINE = 'k\n';
