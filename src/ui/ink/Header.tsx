// Header of the live view: title and name, run id, risk, SANDBOX badge, parameters (secrets masked).
import { Box, Text } from 'ink';
import type { RunView } from '../run-view.js';
import type { UiTranslator } from '../../i18n/ui.js';
import { formatParam } from '../format.js';
import { sanitizeLine, showOnOneLine } from '../sanitize.js';
import { stringWidth, truncateWidth } from '../width.js';
import { packItems } from './layout.js';

const riskColor = { low: 'green', medium: 'yellow', high: 'red' } as const;

export function Header({ view, t, columns }: { view: RunView; t: UiTranslator; columns: number }) {
  const badge = view.sandbox ? ` ${t('header.sandbox')} ` : '';
  const risk = t('header.risk', { risk: t(`risk.${view.risk}`) });
  const facts = [view.name, t('header.run', { id: view.runId ?? '' }), risk];
  if (view.resumedFrom) facts.push(t('header.resumed', { id: view.resumedFrom }));
  const factLines = packItems(facts, Math.max(8, columns - 2), ' · ');
  const params = view.params.map((p) => sanitizeLine(formatParam(p)));
  const paramLines = params.length > 0 ? packItems(params, Math.max(8, columns - 4)) : [t('header.noParams')];
  return (
    <Box flexDirection="column" marginBottom={1}>
      {/* The title as written, on its one line (a line break shown as ␤): wrapped, never cut; the badge stays beside it. */}
      <Box flexDirection="row">
        <Box flexShrink={1}>
          <Text bold wrap="wrap">
            {showOnOneLine(view.title)}
          </Text>
        </Box>
        {badge ? (
          <Box flexShrink={0} marginLeft={1}>
            <Text backgroundColor="yellow" color="black" bold>
              {badge}
            </Text>
          </Box>
        ) : null}
      </Box>
      {factLines.map((line, i) => {
        // The risk is coloured wherever packing put it.
        const at = line.indexOf(risk);
        return (
          <Text key={i} wrap="truncate-end">
            {'  '}
            <Text dimColor>{at === -1 ? line : line.slice(0, at)}</Text>
            {at === -1 ? null : (
              <>
                <Text color={riskColor[view.risk]} bold={view.risk === 'high'}>
                  {risk}
                </Text>
                <Text dimColor>{line.slice(at + risk.length)}</Text>
              </>
            )}
          </Text>
        );
      })}
      {view.sandbox ? (
        <Box paddingLeft={2}>
          <Text wrap="wrap" color="yellow">
            {t('header.sandboxNote')}
          </Text>
        </Box>
      ) : null}
      {paramLines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '}
          <Text dimColor>{i === 0 ? `${t('header.params')}: ` : ' '.repeat(stringWidth(t('header.params')) + 2)}</Text>
          {truncateWidth(line, Math.max(4, columns - 4 - stringWidth(t('header.params'))))}
        </Text>
      ))}
    </Box>
  );
}
