// The last lines of the running step's output, sanitised and cut to the terminal width (bounded height).
import { Box, Text } from 'ink';
import { sanitizeLine } from '../sanitize.js';
import { truncateWidth } from '../width.js';

export function OutputTail({ lines, columns, max }: { lines: string[]; columns: number; max: number }) {
  if (max <= 0 || lines.length === 0) return null;
  const shown = lines.slice(-max);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end" dimColor>
          {'      │ '}
          {truncateWidth(sanitizeLine(line), Math.max(4, columns - 8))}
        </Text>
      ))}
    </Box>
  );
}
