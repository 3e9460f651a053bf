// Final summary of a run: status, counts, duration, failed step, journal path and the next commands.
import { Box, Text } from 'ink';
import type { EventOf } from '../../engine/events.js';
import { formatCounts, type UiTranslator } from '../../i18n/ui.js';
import { formatDuration, nextCommands, statusIcons } from '../format.js';
import { sanitizeLine } from '../sanitize.js';
import { truncateWidth } from '../width.js';

export function Summary({ event, t, columns, wouldRun = 0, unknown = 0 }: { event: EventOf<'run.finished'>; t: UiTranslator; columns: number; wouldRun?: number; unknown?: number }) {
  const ok = event.status === 'ok';
  const color = ok ? 'green' : event.status === 'rollback_failed' ? 'redBright' : 'red';
  const counts = formatCounts(t, event.counts, wouldRun, unknown);
  const next = nextCommands(event);
  const fit = (text: string, indent: number) => truncateWidth(text, Math.max(4, columns - indent));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text color={color} bold>
          {ok ? statusIcons.ok : statusIcons.failed} {fit(t(`summary.${event.status}`), 2)}
        </Text>
      </Text>
      <Text wrap="truncate-end" dimColor>
        {'  '}
        {fit(`${t('summary.duration', { duration: formatDuration(event.durationMs) })} · ${t('summary.exit', { code: event.exitCode })}`, 2)}
      </Text>
      <Text wrap="truncate-end">
        {'  '}
        {fit(counts, 2)}
      </Text>
      {event.failedStep ? (
        <Text wrap="truncate-end" color="red">
          {'  '}
          {fit(t('summary.failedStep', { id: event.failedStep }), 2)}
        </Text>
      ) : null}
      {event.reason ? (
        <Box paddingLeft={2}>
          <Text wrap="wrap">{sanitizeLine(event.reason)}</Text>
        </Box>
      ) : null}
      <Box paddingLeft={2}>
        <Text wrap="wrap" dimColor>
          {t('summary.journal', { path: event.journalDir })}
        </Text>
      </Box>
      {next.length > 0 ? (
        <>
          <Text>
            {'  '}
            {t('summary.next')}
          </Text>
          {next.map((command) => (
            <Box key={command} paddingLeft={4}>
              <Text wrap="wrap" color="cyan">
                {command}
              </Text>
            </Box>
          ))}
        </>
      ) : null}
    </Box>
  );
}
