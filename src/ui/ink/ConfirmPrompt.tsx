// A confirmation gate answered in the view: y/N, or typing the word a high-risk gate names (with line editing;
// a wrong word shows the expected one and asks again; Esc declines; Ctrl-C interrupts the run).
import { Box, Text } from 'ink';
import type { PendingConfirm } from '../run-view.js';
import type { UiTranslator } from '../../i18n/ui.js';
import { sanitizeLine, sanitizeText, showControls } from '../sanitize.js';
import { LineText, useLineInput } from './line-input.js';

export interface ConfirmPromptProps {
  request: PendingConfirm;
  t: UiTranslator;
  /** False when stdin cannot be put in raw mode: the prompt is shown but takes no keys. */
  inputEnabled: boolean;
  /** The line typed (Enter), or false for Esc. */
  onAnswer: (typed: string | false) => void;
  /** Ctrl-C while the prompt owns the keyboard (raw mode swallows the signal). */
  onInterrupt: () => void;
}

export function ConfirmPrompt({ request, t, inputEnabled, onAnswer, onInterrupt }: ConfirmPromptProps) {
  const line = useLineInput({ onSubmit: (text) => onAnswer(text), onCancel: () => onAnswer(false), onInterrupt }, { isActive: inputEnabled, maxLength: 200 });
  if (request.step) return <StepQuestion request={request} step={request.step} line={line} />;
  const question = request.typeWord ? t('confirm.typeWord', { word: request.typeWord }) : t('confirm.yesNo');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={request.risk === 'high' ? 'red' : 'yellow'} paddingX={1}>
      <Question message={request.message} />
      {request.wrong !== undefined && request.typeWord ? (
        <Text wrap="wrap" color="red">
          {t('confirm.wrongWord', { typed: sanitizeLine(request.wrong), word: request.typeWord })}
        </Text>
      ) : null}
      <Text wrap="wrap">{question}</Text>
      <Text wrap="truncate-start">
        {'› '}
        <LineText line={line} color="cyan" />
      </Text>
    </Box>
  );
}

/**
 * `? message`: a message over several lines (the author's, or one a value brought in) and a long line's wrapped
 * part go on under the message's first character, as the plain lines indent them under their `?`: no line of it
 * starts where the prompt's own lines do.
 */
function Question({ message }: { message: string }) {
  return (
    <Box>
      <Text bold>{'? '}</Text>
      <Box flexShrink={1}>
        <Text bold wrap="wrap">
          {/* Its control characters shown, as the plain lines show them (display.ts): a carriage return hid every line before it. */}
          {sanitizeText(showControls(message))}
        </Text>
      </Box>
    </Box>
  );
}

/** `play --step`: the step's rendered command under the question, the choices, and the line typed. */
function StepQuestion({ request, step, line }: { request: PendingConfirm; step: NonNullable<PendingConfirm['step']>; line: ReturnType<typeof useLineInput> }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Question message={request.message} />
      {step.command !== undefined
        ? step.command.split('\n').map((text, i) => (
            <Text key={i} wrap="wrap" dimColor>
              {'  '}
              {i === 0 ? '$ ' : '  '}
              {sanitizeLine(text)}
            </Text>
          ))
        : null}
      {request.wrong !== undefined ? (
        <Text wrap="wrap" color="red">
          {step.again}
        </Text>
      ) : null}
      <Text wrap="wrap">{step.choices}</Text>
      <Text wrap="truncate-start">
        {'› '}
        <LineText line={line} color="cyan" />
      </Text>
    </Box>
  );
}
