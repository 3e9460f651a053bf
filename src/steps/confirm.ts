// The `confirm` step kind: a human gate, answered by the user, by --yes, or stopping the run safely.
import type { ConfirmReply, ConfirmRequest } from '../engine/events.js';
import type { Text } from '../engine/playbook.gen.js';
import type { Rendered } from '../engine/plan.js';
import type { ActionContext, ActionResult } from './context.js';
import { pickText } from '../engine/text.js';
import { defineCatalog, sameLanguage, translator } from '../i18n/index.js';
import type { ActionOf, StepKind } from './kind.js';

const messages = defineCatalog({
  en: {
    label: 'confirm',
    typeWord: 'type "{word}" to go on',
    typeWordMarkdown: '(the operator types {word} to go on)',
    'gate.noTerminal': 'confirmation needed, but there is no terminal to ask and --yes was not given',
    'gate.declined': 'declined by the user',
    'gate.interrupted': 'interrupted at the prompt',
  },
  'zh-CN': {
    label: '确认',
    typeWord: '需输入 "{word}" 才能继续',
    typeWordMarkdown: '（操作者须输入 {word} 才能继续）',
    'gate.noTerminal': '需要确认，但没有可询问的终端，也没有指定 --yes',
    'gate.declined': '用户拒绝',
    'gate.interrupted': '在确认提示处被中断',
  },
});

/** A question a person answers (or types `typeWord` to) before the run goes on. */
export interface ConfirmAction {
  kind: 'confirm';
  message: Text;
  typeWord?: Rendered;
}

/** `interrupted`: Ctrl-C at the prompt — the run is interrupted, not the gate declined. */
export type GateAnswer = { accepted: boolean; by: 'user' | 'yes-flag' | 'no-terminal'; interrupted?: boolean };

export interface GateKeeper {
  /** --yes */
  yes: boolean;
  /** A human can be asked (a terminal, and a reporter that implements confirm). */
  ask?: (request: ConfirmRequest) => Promise<ConfirmReply>;
}

/** A typed word must match exactly (only a trailing newline is forgiven). */
export function typedWordMatches(typed: string, word: string): boolean {
  return typed.replace(/\r?\n$/, '') === word;
}

export async function answerGate(request: ConfirmRequest, keeper: GateKeeper): Promise<GateAnswer> {
  if (keeper.yes) return { accepted: true, by: 'yes-flag' };
  if (!keeper.ask) return { accepted: false, by: 'no-terminal' };
  try {
    const reply = await keeper.ask(request);
    if (reply === 'interrupted') return { accepted: false, by: 'user', interrupted: true };
    return { accepted: reply === true, by: 'user' };
  } catch {
    return { accepted: false, by: 'user' };
  }
}

/** Result of a gate as an action: declined or unanswerable gates carry `gate` so the run stops. */
export interface GateResult extends ActionResult {
  gate?: GateAnswer;
}

export function gateResult(answer: GateAnswer, inLanguageOf: ActionContext['t']): GateResult {
  const t = sameLanguage(messages, inLanguageOf);
  if (answer.accepted) return { ok: true, exitCode: 0, gate: answer };
  if (answer.interrupted) return { ok: false, interrupted: true, reason: t('gate.interrupted'), gate: answer };
  const reason = answer.by === 'no-terminal' ? t('gate.noTerminal') : t('gate.declined');
  return { ok: false, reason, gate: answer };
}


export const confirmKind = {
  messages,
  compile: (spec, at, c) => {
    // A text is the question; `{message, type}` also names the word to type.
    if (typeof spec === 'string' || !('message' in spec)) return { kind: 'confirm', message: c.text(spec, at) };
    const action: ActionOf<'confirm'> = { kind: 'confirm', message: c.text(spec.message, [...at, 'message']) };
    if (spec.type !== undefined) action.typeWord = c.template(spec.type, 'text', [...at, 'type']);
    return action;
  },
  run: async (action, ctx, services) => gateResult(await services.gate(action, ctx), ctx.t),
  sites: (spec, at, add) => {
    if (typeof spec === 'object' && 'message' in spec) add([...at, 'type'], spec.type, 'text');
  },
  started: () => undefined,
  summary: (action, lang) => `confirm: ${pickText(action.message, lang) ?? ''}${action.typeWord ? ` [type ${action.typeWord.text}]` : ''}`,
  planText: (action, w) => {
    const t = translator(messages, w.lang);
    const word = action.typeWord ? `  ${w.t('paren', { text: t('typeWord', { word: action.typeWord.text }) })}` : '';
    return w.labelled(t('label'), `${pickText(action.message, w.lang) ?? ''}${word}`);
  },
  planMarkdown: (action, w) => {
    const word = action.typeWord ? ` ${translator(messages, w.lang)('typeWordMarkdown', { word: w.code(w.masked(action.typeWord.text)) })}` : '';
    return `> ✋ ${w.escape(w.masked(pickText(action.message, w.lang) ?? ''))}${word}`;
  },
  timeLimit: () => undefined,
  commands: () => [],
  rawSites: () => [],
  readOnly: () => true,
  gate: true,
  output: false,
  expectsRollback: false,
  local: true,
} satisfies StepKind<'confirm'>;
