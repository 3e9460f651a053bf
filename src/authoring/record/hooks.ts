// Shell start-up files that make bash and zsh append each command (line, cwd, exit code, times) to a JSONL log.

/** Single-quotes a value for a shell start-up file. */
function q(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** JSON-escapes $1 in bash or zsh (backslash, quote, newline, tab, CR; other control characters dropped). */
const JSON_ESCAPE = `__rb_json() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\t'/\\\\t}
  s=\${s//$'\\r'/\\\\r}
  s=\${s//[$'\\001'-$'\\037']/}
  printf '%s' "$s"
}`;

const WRITE = `__rb_write() {
  # $1 command line, $2 cwd, $3 exit code, $4 start, $5 end (seconds, maybe with a locale's decimal comma)
  ( umask 077; printf '{"cmd":"%s","cwd":"%s","exit":%d,"start":"%s","end":"%s"}\\n' "$(__rb_json "$1")" "$(__rb_json "$2")" "$3" "$4" "$5" >> "$__rb_log" )
}`;

/** The bash rc file: the user's ~/.bashrc, then a DEBUG trap (start time) and PROMPT_COMMAND (exit code, history line). */
export function bashRc(logPath: string, options: { userRc: boolean }): string {
  return `# runbook record: bash hooks (temporary file, deleted when the session ends)
${options.userRc ? '[ -f ~/.bashrc ] && . ~/.bashrc' : ''}
__rb_log=${q(logPath)}
${JSON_ESCAPE}
${WRITE}
__rb_now() { if [ -n "\${EPOCHREALTIME:-}" ]; then printf '%s' "$EPOCHREALTIME"; else date +%s; fi; }
__rb_armed=
__rb_start=
__rb_cwd=
__rb_last=
__rb_preexec() {
  [ -n "$__rb_armed" ] || return 0
  __rb_armed=
  __rb_start=$(__rb_now)
  __rb_cwd=$PWD
}
__rb_precmd() {
  local ec=$? h
  h=$(HISTTIMEFORMAT= builtin history 1)
  if [[ $h =~ ^[[:space:]]*([0-9]+)[*]?[[:space:]]+(.*)$ ]]; then
    if [[ -n $__rb_start && -n $__rb_last && \${BASH_REMATCH[1]} != "$__rb_last" ]]; then
      __rb_write "\${BASH_REMATCH[2]}" "$__rb_cwd" "$ec" "$__rb_start" "$(__rb_now)"
    fi
    __rb_last=\${BASH_REMATCH[1]}
  fi
  [ -n "$__rb_last" ] || __rb_last=0
  __rb_start=
  __rb_armed=1
  return $ec
}
set -o history
HISTCONTROL=ignorespace
HISTIGNORE=
trap '__rb_preexec' DEBUG
PROMPT_COMMAND="__rb_precmd\${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
PS1="[rec] $PS1"
`;
}

/** zsh start-up files in a private ZDOTDIR: the user's files, then preexec/precmd hooks. */
export function zshFiles(logPath: string, options: { userRc: boolean; userZdotdir: string }): Record<string, string> {
  const src = (file: string): string => (options.userRc ? `[ -f ${q(options.userZdotdir)}/${file} ] && ZDOTDIR=${q(options.userZdotdir)} . ${q(options.userZdotdir)}/${file}` : '');
  return {
    '.zshenv': `# runbook record\n${src('.zshenv')}\n`,
    '.zshrc': `# runbook record: zsh hooks (temporary file, deleted when the session ends)
${src('.zshrc')}
__rb_log=${q(logPath)}
${JSON_ESCAPE}
${WRITE}
zmodload zsh/datetime 2>/dev/null
__rb_now() { if [ -n "\${EPOCHREALTIME:-}" ]; then printf '%s' "$EPOCHREALTIME"; else date +%s; fi; }
__rb_cmd=
__rb_start=
__rb_cwd=
__rb_preexec() {
  __rb_cmd=$1
  __rb_start=$(__rb_now)
  __rb_cwd=$PWD
}
__rb_precmd() {
  local ec=$?
  if [[ -n $__rb_start && $__rb_cmd != ' '* ]]; then
    __rb_write "$__rb_cmd" "$__rb_cwd" "$ec" "$__rb_start" "$(__rb_now)"
  fi
  __rb_start=
  return $ec
}
preexec_functions=(__rb_preexec $preexec_functions)
precmd_functions=(__rb_precmd $precmd_functions)
PS1="[rec] $PS1"
`,
  };
}
