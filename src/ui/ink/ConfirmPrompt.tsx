// A confirmation gate answered in the view: y/N, or typing the word a high-risk gate names.
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { PendingConfirm } from '../run-view.js';
import type { UiTranslator } from '../../i18n/ui.js';
import { sanitizeLine } from '../sanitize.js';

export interface ConfirmPromptProps {
  request: PendingConfirm;
  t: UiTranslator;
  /** False when stdin cannot be put in raw mode: the prompt is shown but takes no keys. */
  inputEnabled: boolean;
  onAnswer: (typed: string) => void;
  /** Ctrl-C while the prompt owns the keyboard (raw mode swallows the signal). */
  onInterrupt: () => void;
}

export function ConfirmPrompt({ request, t, inputEnabled, onAnswer, onInterrupt }: ConfirmPromptProps) {
  const [typed, setTypedState] = useState('');
  // The handler may run again before React re-renders: keep the current text in a ref as well.
  const current = useRef('');
  const setTyped = (update: (s: string) => string): void => {
    current.current = update(current.current);
    setTypedState(current.current);
  };
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        onInterrupt();
        return;
      }
      if (key.return) {
        onAnswer(current.current);
        return;
      }
      if (key.backspace || key.delete) {
        setTyped((s) => Array.from(s).slice(0, -1).join(''));
        return;
      }
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      // Pasted text may carry a newline: treat it as Enter.
      const nl = input.search(/[\r\n]/);
      if (nl !== -1) {
        onAnswer(current.current + sanitizeLine(input.slice(0, nl)));
        return;
      }
      setTyped((s) => (s + sanitizeLine(input)).slice(0, 200));
    },
    { isActive: inputEnabled },
  );
  const question = request.typeWord ? t('confirm.typeWord', { word: request.typeWord }) : t('confirm.yesNo');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={request.risk === 'high' ? 'red' : 'yellow'} paddingX={1}>
      <Text bold>? {sanitizeLine(request.message)}</Text>
      <Text wrap="wrap">{question}</Text>
      <Text wrap="truncate-start">
        {'› '}
        <Text color="cyan">{typed}</Text>
        <Text inverse> </Text>
      </Text>
    </Box>
  );
}
