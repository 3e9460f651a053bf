// One row of the step list: status icon (spinner while running), label, elapsed time, attempts and reason.
import { Box, Text } from 'ink';
import type { RowView } from '../run-view.js';
import type { UiTranslator } from '../../i18n/ui.js';
import { spinnerFrame, statusIcons } from '../format.js';
import { sanitizeLine } from '../sanitize.js';
import { layoutRow, rowDetail, rowLabel, rowTime, statusColor } from './layout.js';

export interface StepRowProps {
  row: RowView;
  t: UiTranslator;
  now: number;
  columns: number;
  labelWidth: number;
}

export function StepRow({ row, t, now, columns, labelWidth }: StepRowProps) {
  const live = row.status === 'running' || row.status === 'rolling_back';
  const icon = live && row.status === 'running' ? spinnerFrame(now) : statusIcons[row.status];
  const color = statusColor[row.status];
  const parts = layoutRow(sanitizeLine(rowLabel(row)), rowTime(row, now), sanitizeLine(rowDetail(row, t)), labelWidth, columns);
  const dim = row.status === 'pending' || row.status === 'skipped' || row.status === 'already_done';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'  '}
        <Text color={color}>{icon}</Text> <Text dimColor={dim}>{parts.label}</Text>
        <Text dimColor>{parts.time}</Text>
        {parts.detail && !parts.detailBelow ? (
          <>
            {'  '}
            <Text color={row.status === 'failed' || row.status === 'rollback_failed' ? 'red' : undefined} dimColor={!live && row.status !== 'failed'}>
              {parts.detail}
            </Text>
          </>
        ) : null}
      </Text>
      {parts.detail && parts.detailBelow ? (
        <Box paddingLeft={6}>
          <Text wrap="wrap" color={row.status === 'failed' || row.status === 'rollback_failed' ? 'red' : undefined} dimColor={row.status !== 'failed'}>
            {parts.detail}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
