// What the view prints once and never redraws (Ink `<Static>` items): header, phase titles, finished rows, notices.
import { Box, Text } from 'ink';
import { stepLabel, type DoneItem as Item, type RunView } from '../run-view.js';
import { formatGateAnswer, type UiTranslator } from '../../i18n/ui.js';
import { truncateWidth } from '../width.js';
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
    case 'row':
      return (
        <Box flexDirection="column">
          <StepRow row={item.row} t={t} now={0} columns={columns} labelWidth={labelWidth} />
          <OutputTail lines={item.tail} columns={columns} max={item.tail.length} />
        </Box>
      );
    case 'confirm': {
      return (
        <Text wrap="truncate-end" color={item.accepted ? 'green' : 'yellow'}>
          {'  ? '}
          {truncateWidth(formatGateAnswer(t, stepLabel(view, item.id), item.accepted, item.by, item.interrupted), Math.max(4, columns - 4))}
        </Text>
      );
    }
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
