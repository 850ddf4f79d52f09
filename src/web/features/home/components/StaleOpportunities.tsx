import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Home } from '../../../../core/contract/reports.ts';
import { Money } from '../../../components/Money.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { formatDate } from '../../../lib/format.ts';
import { OpportunityFlags } from '../../opportunities/components/OpportunityFlags.tsx';
import type { HomeScope } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';

type StaleCard = Home['stale']['items'][number];

function daysInStage(card: StaleCard): string {
  return `${card.daysInStage} ${card.daysInStage === 1 ? 'day' : 'days'} in stage`;
}

/** Number, client (a link) and, for a manager's wider view, the owner. */
function Subtitle({ card, scope }: { card: StaleCard; scope: HomeScope }) {
  return (
    <Text size="xs" c="dimmed" truncate>
      {card.number} ·{' '}
      <Anchor component={Link} to={`/clients/${card.clientId}`} size="xs" c="dimmed">
        {card.clientName}
      </Anchor>
      {scope === 'visible' ? ` · ${card.ownerName}` : ''}
    </Text>
  );
}

/** On a phone the table's four columns do not fit: each deal is a block of its own. */
function PhoneStaleList({ items, scope }: { items: StaleCard[]; scope: HomeScope }) {
  return (
    <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="stale-heading">
      {items.map((card) => (
        <Stack
          key={card.id}
          component="li"
          gap={2}
          py="xs"
          style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
        >
          <Anchor component={Link} to={`/opportunities/${card.id}`} size="sm" fw={600} lineClamp={2}>
            {card.name}
          </Anchor>
          <Subtitle card={card} scope={scope} />
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="xs" truncate>
              {card.stageLabel} ·{' '}
              <Text span inherit c="orange.8">
                {daysInStage(card)}
              </Text>
            </Text>
            <Money size="sm" fw={500} amountMinor={card.amountMinor} currency={card.currency} />
          </Group>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <OpportunityFlags
              isStale={false}
              passStatus={card.passStatus}
              mustReachClosing={card.mustReachClosing}
              showMustReachClosing
            />
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              Decision {formatDate(card.decisionDate)}
            </Text>
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}

/**
 * SPEC §8 Home: open deals without a stage change for longer than their stage's threshold. Passed
 * and co-marketing ones are flagged: they must be progressed to a closing stage (SPEC §6).
 */
export function StaleOpportunities({ stale, scope }: { stale: Home['stale']; scope: HomeScope }) {
  const isPhone = useIsPhone();
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
          {isPhone ? (
            <PhoneStaleList items={stale.items} scope={scope} />
          ) : (
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
                      <Subtitle card={card} scope={scope} />
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
                        {daysInStage(card)}
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
          )}
        </Stack>
      )}
    </HomeSection>
  );
}
