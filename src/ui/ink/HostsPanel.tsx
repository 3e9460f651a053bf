// The hosts × steps panel of a rollout: the batch under way, counts, one line per host (its step and status), bounded.
import { Box, Text } from 'ink';
import type { Translator } from '../../i18n/index.js';
import type { UiKey } from '../../i18n/ui.js';
import { hostStatusKey } from '../../i18n/host-status.js';
import { hostCounts, visibleHosts, type HostState, type HostsView } from '../hosts-view.js';
import { sanitizeLine } from '../sanitize.js';
import { padEndWidth, truncateWidth } from '../width.js';

const marks: Record<HostState, { mark: string; color?: string }> = {
  waiting: { mark: '·' },
  running: { mark: '▸', color: 'cyan' },
  ok: { mark: '✓', color: 'green' },
  failed: { mark: '✗', color: 'red' },
  rollback_failed: { mark: '✗', color: 'red' },
  unreachable: { mark: '?', color: 'yellow' },
  interrupted: { mark: '!', color: 'yellow' },
  rolled_back: { mark: '↺', color: 'yellow' },
  not_started: { mark: '·' },
};

export function HostsPanel({ hosts, t, columns, max }: { hosts: HostsView; t: Translator<UiKey>; columns: number; max: number }) {
  const counts = hostCounts(hosts);
  const { lines, hidden } = visibleHosts(hosts, max);
  const width = Math.min(24, Math.max(4, ...lines.map((l) => l.name.length)));
  const head = [
    ...(hosts.batch ? [t('hosts.batch', { batch: hosts.batch.n, of: hosts.batch.of, hosts: '' }).replace(/[:：]\s*$/, '')] : []),
    t('hosts.line', { ok: counts.ok, failed: counts.failed, unreachable: counts.unreachable, waiting: counts.waiting }),
  ].join(' · ');
  return (
    <Box flexDirection="column" width={columns}>
      <Text dimColor wrap="truncate-end">
        {'  '}
        {truncateWidth(head, Math.max(4, columns - 2))}
      </Text>
      {lines.map((line) => {
        const m = marks[line.state];
        const state = line.state === 'running' || line.state === 'waiting' ? t(line.state === 'running' ? 'status.running' : 'status.pending') : t(hostStatusKey({ status: line.state, ...(line.reached === false ? { reached: false } : {}) }));
        const detail = [line.step ? sanitizeLine(line.step) : '', state, line.reason ? sanitizeLine(line.reason) : ''].filter(Boolean).join(' · ');
        return (
          <Text key={line.name} wrap="truncate-end">
            {'  '}
            <Text {...(m.color ? { color: m.color } : {})}>{m.mark}</Text> {padEndWidth(truncateWidth(sanitizeLine(line.name), width), width)}  {truncateWidth(detail, Math.max(4, columns - width - 6))}
          </Text>
        );
      })}
      {hidden > 0 ? (
        <Text dimColor wrap="truncate-end">
          {'    '}
          {t('hosts.more', { count: hidden })}
        </Text>
      ) : null}
    </Box>
  );
}
