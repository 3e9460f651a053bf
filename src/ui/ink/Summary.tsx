// Final summary of a run: the headline (what was rolled back, what was not), counts, duration, failed step,
// the steps left un-rolled-back with their rollback commands, journal path and the next commands.
import { Box, Text } from 'ink';
import type { EventOf } from '../../engine/events.js';
import { formatCounts, type UiTranslator } from '../../i18n/ui.js';
import { formatDuration, nextCommands, statusIcons } from '../format.js';
import { formatHeadline, type Outcome } from '../headline.js';
import { sanitizeLine } from '../sanitize.js';
import { wrapWidth } from '../width.js';

/** Text wrapped to the terminal under an indent: nothing in the summary is ever cut. */
function Lines({ text, indent, columns, color, dim, bold }: { text: string; indent: number; columns: number; color?: string; dim?: boolean; bold?: boolean }) {
  return (
    <>
      {wrapWidth(text, columns - indent).map((line, i) => (
        <Text key={i} wrap="truncate-end" color={color} dimColor={dim} bold={bold}>
          {' '.repeat(indent)}
          {line}
        </Text>
      ))}
    </>
  );
}

export interface SummaryProps {
  event: EventOf<'run.finished'>;
  outcome: Outcome;
  t: UiTranslator;
  columns: number;
  wouldRun?: number;
  /** Steps `--check` cannot tell about without running earlier ones. */
  unknown?: number;
}

export function Summary({ event, outcome, t, columns, wouldRun = 0, unknown = 0 }: SummaryProps) {
  const ok = event.status === 'ok';
  const color = ok ? 'green' : event.status === 'rollback_failed' ? 'redBright' : 'red';
  const next = nextCommands(event);
  const [first = '', ...rest] = wrapWidth(sanitizeLine(formatHeadline(t, event, outcome)), columns - 2);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end" color={color} bold>
        {ok ? statusIcons.ok : statusIcons.failed} {first}
      </Text>
      {rest.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={color} bold>
          {'  '}
          {line}
        </Text>
      ))}
      <Lines text={`${t('summary.duration', { duration: formatDuration(event.durationMs) })} · ${t('summary.exit', { code: event.exitCode })}`} indent={2} columns={columns} dim />
      <Lines text={formatCounts(t, event.counts, wouldRun, unknown)} indent={2} columns={columns} />
      {event.failedStep ? <Lines text={t('summary.failedStep', { id: event.failedStep })} indent={2} columns={columns} color="red" /> : null}
      {event.reason ? <Lines text={sanitizeLine(event.reason)} indent={2} columns={columns} /> : null}
      {event.hook && event.hooksFailed?.length ? <Lines text={t('summary.hooksFailed', { hook: event.hook, steps: event.hooksFailed.join(', ') })} indent={2} columns={columns} color="yellow" /> : null}
      {event.unrolled?.length ? (
        <>
          <Lines text={t(event.sandbox ? 'summary.unrolledSandbox' : 'summary.unrolled', { count: event.unrolled.length })} indent={2} columns={columns} color="redBright" />
          {event.unrolled.map((step) => (
            <Box key={step.id} flexDirection="column">
              <Lines text={`${statusIcons.rollback_failed} ${sanitizeLine(step.name && step.name !== step.id ? `${step.name} (${step.id})` : step.id)}`} indent={4} columns={columns} />
              {/* The whole command, every line of it: a person runs it by hand. */}
              {(step.command ?? '').replace(/\n+$/, '').split('\n').filter(Boolean).map((line, i) => (
                <Lines key={i} text={`${i === 0 ? '$' : ' '} ${sanitizeLine(line)}`} indent={6} columns={columns} color="cyan" />
              ))}
            </Box>
          ))}
        </>
      ) : null}
      <Lines text={t('summary.journal', { path: event.journalDir })} indent={2} columns={columns} dim />
      {next.length > 0 ? (
        <>
          <Text>
            {'  '}
            {t('summary.next')}
          </Text>
          {next.map((command) => (
            <Lines key={command} text={command} indent={4} columns={columns} color="cyan" />
          ))}
        </>
      ) : null}
    </Box>
  );
}
