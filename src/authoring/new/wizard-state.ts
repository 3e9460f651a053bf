// The `runbook new` wizard's questions as a state machine: which question is asked, and what an answer to it does.
import { PARAM_NAME, PLAYBOOK_NAME, type Risk, type WizardAnswers, type WizardStep } from './model.js';
import type { AuthoringText } from '../../i18n/authoring.js';

export type Stage = 'name' | 'title' | 'description' | 'risk' | 'paramName' | 'paramDefault' | 'stepRun' | 'stepCheck' | 'stepVerify' | 'stepRollback';

export const RISKS: Risk[] = ['low', 'medium', 'high'];

export interface WizardState {
  stage: Stage;
  answers: WizardAnswers;
  riskIndex: number;
  pendingParam?: string;
  pendingStep?: WizardStep;
  /** Why the last answer was refused (it stays on the line, to be corrected). */
  error?: string;
  done?: boolean;
}

/** The first question: the title when a valid name came from the command line, else the name. */
export function initialState(initialName: string | undefined): WizardState {
  const valid = initialName !== undefined && PLAYBOOK_NAME.test(initialName);
  return {
    stage: valid ? 'title' : 'name',
    answers: { name: valid ? initialName : '', title: '', risk: 'medium', params: [], steps: [] },
    riskIndex: 1,
  };
}

/** Applies an answer to the question asked: the next question, or an error. True when the wizard is finished. */
export function answer(m: WizardState, typed: string, t: AuthoringText): boolean {
  const value = typed.trim();
  m.error = undefined;
  const next = (stage: Stage): false => {
    m.stage = stage;
    return false;
  };
  switch (m.stage) {
    case 'name':
      if (!PLAYBOOK_NAME.test(value)) return refuse(m, t('new.badName', { name: value || '""' }));
      m.answers.name = value;
      return next('title');
    case 'title':
      m.answers.title = value || m.answers.name;
      return next('description');
    case 'description':
      if (value) m.answers.description = value;
      return next('risk');
    case 'risk':
      m.answers.risk = RISKS[m.riskIndex] ?? 'medium';
      return next('paramName');
    case 'paramName':
      if (!value) return next('stepRun');
      if (!PARAM_NAME.test(value) || m.answers.params.some((p) => p.name === value)) return refuse(m, t('wizard.invalid', { reason: value }));
      m.pendingParam = value;
      return next('paramDefault');
    case 'paramDefault':
      m.answers.params.push({ name: m.pendingParam ?? 'param', ...(value ? { default: value } : {}) });
      m.pendingParam = undefined;
      return next('paramName');
    default:
      return answerStep(m, value, t);
  }
}

/** The questions of a step (command, check, verify, rollback); an empty command after the first step finishes. */
function answerStep(m: WizardState, value: string, t: AuthoringText): boolean {
  switch (m.stage) {
    case 'stepRun':
      if (!value) return m.answers.steps.length === 0 ? refuse(m, t('wizard.needStep')) : true;
      m.pendingStep = { run: value };
      m.stage = 'stepCheck';
      return false;
    case 'stepCheck':
      if (value && m.pendingStep) m.pendingStep.check = value;
      m.stage = 'stepVerify';
      return false;
    case 'stepVerify':
      if (value && m.pendingStep) m.pendingStep.verify = value;
      m.stage = 'stepRollback';
      return false;
    default:
      if (m.pendingStep) {
        if (value) m.pendingStep.rollback = value;
        m.answers.steps.push(m.pendingStep);
      }
      m.pendingStep = undefined;
      m.stage = 'stepRun';
      return false;
  }
}

function refuse(m: WizardState, error: string): false {
  m.error = error;
  return false;
}

/** The left and right arrows choose the risk. */
export function moveRisk(m: WizardState, direction: 'left' | 'right'): void {
  m.riskIndex = Math.min(RISKS.length - 1, Math.max(0, m.riskIndex + (direction === 'right' ? 1 : -1)));
}

/** The question asked at the current stage. */
export function promptOf(m: WizardState, t: AuthoringText): string {
  const prompt: Record<Stage, string> = {
    name: t('wizard.name'),
    title: t('wizard.pbTitle'),
    description: t('wizard.description'),
    risk: t('wizard.risk'),
    paramName: t('wizard.paramName'),
    paramDefault: t('wizard.paramDefault', { name: m.pendingParam ?? '' }),
    stepRun: t('wizard.stepRun', { n: m.answers.steps.length + 1 }),
    stepCheck: t('wizard.stepCheck'),
    stepVerify: t('wizard.stepVerify'),
    stepRollback: t('wizard.stepRollback'),
  };
  return prompt[m.stage];
}
