// The bash and zsh completion scripts printed by `runbook completion`. They ask `runbook __complete` for every
// word (commands, options, values, playbook names, run and lock ids), so they hold no knowledge of their own.

/** Options whose value is a file or folder: the shell completes paths for them. */
const PATH_OPTIONS = ['--home', '--plan', '-o', '--out', '--output-file', '--from-alert', '--path'];

export const bashScript = `# runbook completion for bash.
# Load it in this shell:   source <(runbook completion bash)
# or for every shell:      runbook completion bash > /etc/bash_completion.d/runbook
_runbook() {
  local cur prev prog cmd i words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  prog="\${COMP_WORDS[0]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --lang) ((i++)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  COMPREPLY=()
  if [[ "$prev" == --lang ]]; then
    words="$("$prog" __complete langs 2>/dev/null)"
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then words="$("$prog" __complete options 2>/dev/null)"; else words="$("$prog" __complete commands 2>/dev/null)"; fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  case "$prev" in
    ${PATH_OPTIONS.join('|')})
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    --from|--only|--skip)
      words="$("$prog" __complete steps "$cmd" "$prev" "\${COMP_WORDS[@]:i+1:COMP_CWORD-i-2}" 2>/dev/null)"
      if [[ -n "$words" ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); return; fi ;;
    -*)
      words="$("$prog" __complete values "$cmd" "$prev" 2>/dev/null)"
      if [[ -n "$words" ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); return; fi ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$("$prog" __complete options "$cmd" 2>/dev/null)" -- "$cur"))
    return
  fi
  case "$cmd" in
    play|plan|validate|lint|diff)
      COMPREPLY=($(compgen -W "$("$prog" __complete playbooks 2>/dev/null)" -- "$cur") $(compgen -f -- "$cur")) ;;
    list)
      COMPREPLY=($(compgen -d -- "$cur")) ;;
    logs|resume)
      COMPREPLY=($(compgen -W "$("$prog" __complete runs 2>/dev/null)" -- "$cur")) ;;
    unlock)
      COMPREPLY=($(compgen -W "$("$prog" __complete locks 2>/dev/null)" -- "$cur")) ;;
    completion)
      COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
    *)
      COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -F _runbook runbook
`;

export const zshScript = `#compdef runbook
# runbook completion for zsh.
# Load it in this shell:   source <(runbook completion zsh)    (after compinit)
# or for every shell:      runbook completion zsh > "\${fpath[1]}/_runbook"
_runbook() {
  local prog=\${words[1]} cmd="" prev=\${words[CURRENT-1]} cur=\${words[CURRENT]} i
  local -a found
  for (( i = 2; i < CURRENT; i++ )); do
    case \${words[i]} in
      --lang) (( i++ )) ;;
      -*) ;;
      *) cmd=\${words[i]}; break ;;
    esac
  done
  if [[ $prev == --lang ]]; then
    found=(\${(f)"$($prog __complete langs 2>/dev/null)"}); compadd -a found; return
  fi
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then found=(\${(f)"$($prog __complete options 2>/dev/null)"}); else found=(\${(f)"$($prog __complete commands 2>/dev/null)"}); fi
    compadd -a found; return
  fi
  case $prev in
    ${PATH_OPTIONS.join('|')}) _files; return ;;
    --from|--only|--skip)
      found=(\${(f)"$($prog __complete steps $cmd $prev \${words[i+1,CURRENT-2]} 2>/dev/null)"})
      if (( \${#found} )); then compadd -a found; return; fi ;;
    -*)
      found=(\${(f)"$($prog __complete values $cmd $prev 2>/dev/null)"})
      if (( \${#found} )); then compadd -a found; return; fi ;;
  esac
  if [[ $cur == -* ]]; then
    found=(\${(f)"$($prog __complete options $cmd 2>/dev/null)"}); compadd -a found; return
  fi
  case $cmd in
    play|plan|validate|lint|diff)
      found=(\${(f)"$($prog __complete playbooks 2>/dev/null)"}); compadd -a found; _files ;;
    list) _files -/ ;;
    logs|resume) found=(\${(f)"$($prog __complete runs 2>/dev/null)"}); compadd -a found ;;
    unlock) found=(\${(f)"$($prog __complete locks 2>/dev/null)"}); compadd -a found ;;
    completion) compadd bash zsh ;;
    *) _files ;;
  esac
}
if [[ \${funcstack[1]} == _runbook ]]; then
  _runbook "$@"
else
  compdef _runbook runbook
fi
`;
