// The `runbook new` wizard (Ink): name, title, description, risk, params, then steps with check/verify/rollback.
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { LineText, useLineInput } from '../../ui/ink/line-input.js';
import { PARAM_NAME, PLAYBOOK_NAME, type Risk, type WizardAnswers, type WizardStep } from './model.js';
import type { AuthoringText } from '../../i18n/authoring.js';

type Stage = 'name' | 'title' | 'description' | 'risk' | 'paramName' | 'paramDefault' | 'stepRun' | 'stepCheck' | 'stepVerify' | 'stepRollback';

const RISKS: Risk[] = ['low', 'medium', 'high'];

export interface WizardProps {
  t: AuthoringText;
  /** A name given on the command line: the first question is skipped. */
  initialName?: string;
  onDone: (answers: WizardAnswers) => void;
  onCancel: () => void;
}

interface Model {
  stage: Stage;
  answers: WizardAnswers;
  riskIndex: number;
  pendingParam?: string;
  pendingStep?: WizardStep;
  error?: string;
  done?: boolean;
}

export function Wizard({ t, initialName, onDone, onCancel }: WizardProps) {
  const valid = initialName !== undefined && PLAYBOOK_NAME.test(initialName);
  // Keys may arrive faster than React renders: the model lives in a ref, a counter triggers renders.
  const model = useRef<Model>({
    stage: valid ? 'title' : 'name',
    answers: { name: valid ? initialName : '', title: '', risk: 'medium', params: [], steps: [] },
    riskIndex: 1,
  });
  const [finished, setFinished] = useState(false);

  const submit = (typed: string): void => {
    const m = model.current;
    if (m.done) return;
    const value = typed.trim();
    m.error = undefined;
    const next = (stage: Stage): void => {
      m.stage = stage;
    };
    switch (m.stage) {
      case 'name':
        if (!PLAYBOOK_NAME.test(value)) {
          m.error = t('new.badName', { name: value || '""' });
          return;
        }
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
        if (!PARAM_NAME.test(value) || m.answers.params.some((p) => p.name === value)) {
          m.error = t('wizard.invalid', { reason: value });
          return;
        }
        m.pendingParam = value;
        return next('paramDefault');
      case 'paramDefault':
        m.answers.params.push({ name: m.pendingParam ?? 'param', ...(value ? { default: value } : {}) });
        m.pendingParam = undefined;
        return next('paramName');
      case 'stepRun':
        if (!value) {
          if (m.answers.steps.length === 0) {
            m.error = t('wizard.needStep');
            return;
          }
          m.done = true;
          setFinished(true);
          onDone(m.answers);
          return;
        }
        m.pendingStep = { run: value };
        return next('stepCheck');
      case 'stepCheck':
        if (value && m.pendingStep) m.pendingStep.check = value;
        return next('stepVerify');
      case 'stepVerify':
        if (value && m.pendingStep) m.pendingStep.verify = value;
        return next('stepRollback');
      case 'stepRollback':
        if (m.pendingStep) {
          if (value) m.pendingStep.rollback = value;
          m.answers.steps.push(m.pendingStep);
        }
        m.pendingStep = undefined;
        return next('stepRun');
    }
  };

  const cancel = (): void => {
    const m = model.current;
    if (m.done) return;
    m.done = true;
    setFinished(true);
    onCancel();
  };
  // Line editing shared with the gates; pasted text arrives in one chunk and each line break in it answers
  // the current question. At the risk question the arrows choose and typed text is ignored.
  const line = useLineInput(
    {
      // A rejected answer stays on the line, to be corrected.
      onSubmit: (typed) => {
        submit(typed);
        return model.current.error === undefined;
      },
      onCancel: cancel,
      onInterrupt: cancel,
      onKey: (key) => {
        const m = model.current;
        if (m.done) return true;
        if (m.stage !== 'risk' || key.kind === 'submit' || key.kind === 'cancel' || key.kind === 'interrupt') return false;
        if (key.kind === 'left' || key.kind === 'right') m.riskIndex = Math.min(RISKS.length - 1, Math.max(0, m.riskIndex + (key.kind === 'right' ? 1 : -1)));
        return true;
      },
    },
    { isActive: !finished, maxLength: 2000 },
  );

  const m = model.current;
  if (finished) return null;
  const n = m.answers.steps.length + 1;
  const prompt: Record<Stage, string> = {
    name: t('wizard.name'),
    title: t('wizard.pbTitle'),
    description: t('wizard.description'),
    risk: t('wizard.risk'),
    paramName: t('wizard.paramName'),
    paramDefault: t('wizard.paramDefault', { name: m.pendingParam ?? '' }),
    stepRun: t('wizard.stepRun', { n }),
    stepCheck: t('wizard.stepCheck'),
    stepVerify: t('wizard.stepVerify'),
    stepRollback: t('wizard.stepRollback'),
  };
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('wizard.title')}
        {m.answers.name ? `: ${m.answers.name}` : ''}
      </Text>
      {m.answers.params.map((p) => (
        <Text key={`p-${p.name}`} dimColor>
          {`  param ${p.name}${p.default !== undefined ? ` = ${p.default}` : ` (${t('wizard.required')})`}`}
        </Text>
      ))}
      {m.answers.steps.map((s, i) => (
        <Text key={`s-${i}`} dimColor>
          {`  ${i + 1}. ${s.run}${s.rollback ? '  ↩ ' + s.rollback : ''}`}
        </Text>
      ))}
      <Text color="cyan">{prompt[m.stage]}</Text>
      {m.stage === 'risk' ? (
        <Text>
          {RISKS.map((r, i) => (i === m.riskIndex ? `[${r}]` : ` ${r} `)).join(' ')}
        </Text>
      ) : (
        <Text>
          {'> '}
          <LineText line={line} block />
        </Text>
      )}
      {m.error ? <Text color="red">{m.error}</Text> : null}
      <Text dimColor>{t('wizard.hint')}</Text>
    </Box>
  );
}
