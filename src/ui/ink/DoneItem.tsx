// What the view prints once and never redraws (Ink `<Static>` items): header, phase titles, finished rows with
// what they printed, notices.
import { answerText } from '../step-answer.js';
import { Box, Text } from 'ink';
import { stepLabel, type DoneItem as Item, type RunView } from '../run-view.js';
import { formatGateAnswer, type UiTranslator } from '../../i18n/ui.js';
import { truncateWidth, wrapWidth } from '../width.js';
import { Header } from './Header.js';
import { OutputTail } from './OutputTail.js';
import { StepRow } from './StepRow.js';

export interface DoneItemProps {
  item: Item;
  view: RunView;
  t: UiTranslator;
  columns: number;
  labelWidth: number;
}

export function DoneItem({ item, view, t, columns, labelWidth }: DoneItemProps) {
  switch (item.kind) {
    case 'header':
      return <Header view={view} t={t} columns={columns} />;
    case 'phase':
      return (
        <Text bold wrap="truncate-end">
          {truncateWidth(t(`phase.${item.phase}`), columns)}
        </Text>
      );
    case 'row': {
      // Where the rest of the output is: a command to paste, so it wraps and is never cut.
      const more = item.more
        ? wrapWidth(t(item.moreFirst ? 'tail.earlierLines' : 'tail.moreLines', { count: item.more, command: `runbook logs ${view.runId ?? ''} --step ${item.row.id}` }), columns - 6)
        : [];
      const moreLines = more.map((line, i) => (
        <Text key={`more-${i}`} dimColor wrap="truncate-end">
          {'      '}
          {line}
        </Text>
      ));
      return (
        <Box flexDirection="column">
          <StepRow row={item.row} t={t} now={0} columns={columns} labelWidth={labelWidth} />
          {item.moreFirst ? moreLines : null}
          <OutputTail lines={item.tail} columns={columns} max={item.tail.length} />
          {item.moreFirst ? null : moreLines}
        </Box>
      );
    }
    case 'gate': {
      return (
        <Text wrap="truncate-end" color={item.accepted ? 'green' : 'yellow'}>
          {'  ? '}
          {truncateWidth(formatGateAnswer(t, stepLabel(view, item.id), item.accepted, item.by, item.interrupted), Math.max(4, columns - 4))}
        </Text>
      );
    }
    case 'answer':
      return (
        <Text wrap="truncate-end" color="cyan">
          {'  ? '}
          {truncateWidth(`${stepLabel(view, item.id)}: ${answerText(item.answer, t.lang ?? 'en')}`, Math.max(4, columns - 4))}
        </Text>
      );
    case 'interrupt': {
      const key = item.action === 'rollback' ? 'interrupt.rollback' : item.action === 'stop' ? 'interrupt.stop' : 'interrupt.force';
      return (
        <Text wrap="wrap" color="yellow" bold>
          {'! '}
          {t(key, { signal: item.signal })}
        </Text>
      );
    }
  }
}
