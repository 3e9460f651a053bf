// The `runbook new` wizard (Ink): name, title, description, risk, params, then steps with check/verify/rollback.
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { LineText, useLineInput } from '../../ui/ink/line-input.js';
import type { Line } from '../../ui/line-edit.js';
import type { WizardAnswers } from './model.js';
import { answer, initialState, moveRisk, promptOf, RISKS, type WizardState } from './wizard-state.js';
import type { AuthoringText } from '../../i18n/authoring.js';

export interface WizardProps {
  t: AuthoringText;
  /** A name given on the command line: the first question is skipped. */
  initialName?: string;
  onDone: (answers: WizardAnswers) => void;
  onCancel: () => void;
}

export function Wizard({ t, initialName, onDone, onCancel }: WizardProps) {
  // Keys may arrive faster than React renders: the state lives in a ref, a counter triggers renders.
  const model = useRef<WizardState>(initialState(initialName));
  const [finished, setFinished] = useState(false);

  const submit = (typed: string): void => {
    const m = model.current;
    if (m.done || !answer(m, typed, t)) return;
    m.done = true;
    setFinished(true);
    onDone(m.answers);
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
        if (key.kind === 'left' || key.kind === 'right') moveRisk(m, key.kind);
        return true;
      },
    },
    { isActive: !finished, maxLength: 2000 },
  );

  if (finished) return null;
  return <WizardView m={model.current} line={line} t={t} />;
}

/** What has been answered so far, the question, and the line being typed (or the risk choice). */
function WizardView({ m, line, t }: { m: WizardState; line: Line; t: AuthoringText }) {
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
      <Text color="cyan">{promptOf(m, t)}</Text>
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
