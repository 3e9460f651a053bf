// Root of the live view: finished items in <Static> (printed once), then a small live region: the running rows
// and their output, the next few steps and how many more, the prompt, the summary. Nothing here walks every row.
import { Box, Static, Text } from 'ink';
import type { Lang } from '../../engine/text.js';
import { uiText } from '../../i18n/ui.js';
import { activeRows, pendingWindow, type DoneItem as Item, type RunView } from '../run-view.js';
import { ConfirmPrompt } from './ConfirmPrompt.js';
import { HostsPanel } from './HostsPanel.js';
import { DoneItem } from './DoneItem.js';
import { labelColumnWidth } from './layout.js';
import { OutputTail } from './OutputTail.js';
import { outputTail } from '../step-output.js';
import { StepRow } from './StepRow.js';
import { Summary } from './Summary.js';
import { sanitizeLine } from '../sanitize.js';
import { truncateWidth } from '../width.js';

function firstLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? '');
}

export interface AppProps {
  view: RunView;
  lang: Lang;
  /** Clock value for elapsed times and the spinner (injected, so frames are reproducible). */
  now: number;
  columns: number;
  /** Terminal height; bounds the live region. */
  rows?: number;
  inputEnabled: boolean;
  /** The gate's answer; `false` from the prompt means declined (Esc). */
  onAnswer: (typed: string | false) => void;
  onInterrupt: () => void;
  /**
   * Items to print above the live region, and a number that changes with each new batch (a fresh <Static>
   * prints its items once, so nothing printed is kept). Default: every item of the view (tests).
   */
  feed?: { batch: number; items: Item[] };
}

/** How many output lines and pending rows the live region may show for a terminal height. */
export function liveBudget(rows: number | undefined): { tail: number; pending: number } {
  const height = rows ?? 24;
  const spare = Math.max(0, height - 12);
  const tail = Math.min(6, spare);
  const pending = Math.min(4, Math.max(0, spare - tail));
  return { tail, pending };
}

export function App({ view, lang, now, columns, rows, inputEnabled, onAnswer, onInterrupt, feed }: AppProps) {
  const t = uiText(lang);
  const labelWidth = labelColumnWidth(view, columns);
  const budget = liveBudget(rows);
  const active = view.finished ? [] : activeRows(view);
  const pending = view.finished || !view.started ? { rows: [], total: 0 } : pendingWindow(view, budget.pending);
  const hidden = pending.total - pending.rows.length;
  const tail = outputTail(view.tail);
  const stopping = view.interrupt !== undefined;
  const steps = view.index.steps;
  const printed = feed ?? { batch: 0, items: view.done };
  return (
    <>
      <Static key={printed.batch} items={printed.items} style={{ width: columns }}>
        {(item) => (
          <Box key={item.key} flexDirection="column">
            <DoneItem item={item} view={view} t={t} columns={columns} labelWidth={labelWidth} />
          </Box>
        )}
      </Static>
      <Box flexDirection="column" width={columns}>
        {active.map((row) => (
          <Box key={row.key} flexDirection="column">
            <StepRow row={row} t={t} now={now} columns={columns} labelWidth={labelWidth} />
            {row.command && row.status === 'running' ? (
              <Text dimColor wrap="truncate-end">
                {'      $ '}
                {truncateWidth(sanitizeLine(firstLine(row.command)), Math.max(4, columns - 8))}
              </Text>
            ) : null}
          </Box>
        ))}
        {active.length > 0 ? <OutputTail lines={tail} columns={columns} max={budget.tail} /> : null}
        {view.hosts ? <HostsPanel hosts={view.hosts} t={t} columns={columns} max={Math.max(3, budget.pending + budget.tail)} /> : null}
        {stopping && !view.finished && view.interrupt?.action !== 'force' ? (
          <Text color="yellow" wrap="truncate-end">
            {'  ! '}
            {t('interrupt.again')}
          </Text>
        ) : null}
        {pending.rows.map((row) => (
          <StepRow key={row.key} row={row} t={t} now={now} columns={columns} labelWidth={labelWidth} />
        ))}
        {hidden > 0 ? (
          <Text dimColor wrap="truncate-end">
            {'    '}
            {truncateWidth(
              [
                t('list.morePending', { count: hidden }),
                ...(steps.finished > 0 ? [t('list.progress', { done: steps.finished, total: steps.total })] : []),
                ...(steps.failed > 0 ? [t('count.failed', { count: steps.failed })] : []),
              ].join(' · '),
              Math.max(4, columns - 4),
            )}
          </Text>
        ) : null}
        {view.confirm ? (
          <ConfirmPrompt
            key={`${view.confirm.step ? 'step:' : 'gate:'}${view.confirm.stepId}`}
            request={view.confirm}
            t={t}
            inputEnabled={inputEnabled}
            onAnswer={onAnswer}
            onInterrupt={onInterrupt}
          />
        ) : null}
        {view.finished ? (
          <Summary
            event={view.finished}
            outcome={view.outcome}
            t={t}
            columns={columns}
            wouldRun={view.rows.filter((r) => r.status === 'would_run').length + (view.hosts?.wouldRun ?? 0)}
            unknown={view.rows.filter((r) => r.status === 'unknown').length + (view.hosts?.unknown ?? 0)}
          />
        ) : null}
      </Box>
    </>
  );
}
