import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Home } from '../../../../core/contract/reports.ts';
import { Money } from '../../../components/Money.tsx';
import { formatDate } from '../../../lib/format.ts';
import { OpportunityFlags } from '../../opportunities/components/OpportunityFlags.tsx';
import type { HomeScope } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';

/**
 * SPEC §8 Home: open deals without a stage change for longer than their stage's threshold. Passed
 * and co-marketing ones are flagged: they must be progressed to a closing stage (SPEC §6).
 */
export function StaleOpportunities({ stale, scope }: { stale: Home['stale']; scope: HomeScope }) {
  const query = new URLSearchParams({ stale: 'true', sort: 'decisionDate' });
  if (scope === 'mine') query.set('mine', 'true');
  return (
    <HomeSection
      id="stale"
      title="Stale opportunities"
      count={stale.count}
      actions={
        stale.count > 0 && (
          <Anchor component={Link} to={`/opportunities?${query.toString()}`} size="sm">
            Show all {stale.count}
          </Anchor>
        )
      }
    >
      {stale.items.length === 0 ? (
        <EmptyHint>
          Nothing is stale: every open deal has moved within its stage’s time limit. Move a deal to its next
          stage when the client reaches the gate to keep it that way.
        </EmptyHint>
      ) : (
        <Stack gap="xs">
          {stale.mustReachClosingCount > 0 && (
            <Text size="sm" c="red.8">
              {stale.mustReachClosingCount} of them{' '}
              {stale.mustReachClosingCount === 1
                ? 'was passed by the vendor or comes'
                : 'were passed by the vendor or come'}{' '}
              from co-marketing and must be progressed to a closing stage.
            </Text>
          )}
          <Table verticalSpacing={6} horizontalSpacing="xs" aria-labelledby="stale-heading" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Opportunity</Table.Th>
                <Table.Th w="28%">Stage</Table.Th>
                <Table.Th w="17%" style={{ textAlign: 'right' }}>
                  Amount
                </Table.Th>
                <Table.Th w="15%">Decision</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stale.items.map((card) => (
                <Table.Tr key={card.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/opportunities/${card.id}`}
                      size="sm"
                      fw={500}
                      truncate="end"
                      display="block"
                    >
                      {card.name}
                    </Anchor>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="dimmed" truncate>
                        {card.number} · {card.clientName}
                        {scope === 'visible' ? ` · ${card.ownerName}` : ''}
                      </Text>
                    </Group>
                    <OpportunityFlags
                      isStale={false}
                      passStatus={card.passStatus}
                      mustReachClosing={card.mustReachClosing}
                      showMustReachClosing
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {card.stageLabel}
                    </Text>
                    <Text size="xs" c="orange.8">
                      {card.daysInStage} {card.daysInStage === 1 ? 'day' : 'days'} in stage
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money size="sm" amountMinor={card.amountMinor} currency={card.currency} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(card.decisionDate)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </HomeSection>
  );
}
