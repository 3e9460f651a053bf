// One row of the step list: status icon (spinner while running), label, elapsed time, and the detail (progress,
// reason), wrapped under itself and never cut.
import { Box, Text } from 'ink';
import type { RowView } from '../run-view.js';
import type { UiTranslator } from '../../i18n/ui.js';
import { spinnerFrame, statusIcons } from '../format.js';
import { outputOnOneLine, sanitizeLine } from '../sanitize.js';
import { stringWidth } from '../width.js';
import { DETAIL_BELOW_INDENT, layoutRow, ROW_INDENT, rowDetail, rowLabel, rowTime, statusColor } from './layout.js';

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
  const parts = layoutRow(outputOnOneLine(rowLabel(row)), rowTime(row, now), sanitizeLine(rowDetail(row, t, now)), labelWidth, columns);
  const dim = row.status === 'pending' || row.status === 'skipped' || row.status === 'already_done';
  const detailColor = row.status === 'failed' || row.status === 'rollback_failed' ? 'red' : undefined;
  const detailDim = !live && row.status !== 'failed';
  const inline = parts.detail.length > 0 && !parts.detailBelow;
  const [first, ...rest] = inline ? parts.detail : [];
  // Continuation lines start under the first one (a hanging indent); a detail below its row starts at a fixed indent.
  const indent = ' '.repeat(inline ? ROW_INDENT + stringWidth(parts.label) + stringWidth(parts.time) + 2 : DETAIL_BELOW_INDENT);
  const below = inline ? rest : parts.detailBelow ? parts.detail : [];
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'  '}
        <Text color={color}>{icon}</Text> <Text dimColor={dim}>{parts.label}</Text>
        <Text dimColor>{parts.time}</Text>
        {first !== undefined ? (
          <>
            {'  '}
            <Text color={detailColor} dimColor={detailDim}>
              {first}
            </Text>
          </>
        ) : null}
      </Text>
      {below.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {indent}
          <Text color={detailColor} dimColor={detailDim}>
            {line}
          </Text>
        </Text>
      ))}
    </Box>
  );
}
