import { Anchor, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { opportunityPageSchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { Money } from '../../../components/Money.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { formatDate } from '../../../lib/format.ts';
import { StageBadge } from './StageBadge.tsx';

/** Opportunities related to a client or contact, as an overview's sub-panel shows them. */
export function OpportunityMiniList({ query }: { query: Record<string, string> }) {
  const isPhone = useIsPhone();
  const list = useInfiniteQuery({
    queryKey: ['/opportunities', { ...query, sort: '-decisionDate' }],
    queryFn: ({ pageParam }) =>
      api.get('/opportunities', opportunityPageSchema, {
        query: { ...query, sort: '-decisionDate', limit: 25, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (list.isSuccess && rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No opportunities yet.
      </Text>
    );
  }
  const more = list.hasNextPage && (
    <Button variant="subtle" size="xs" mt="xs" onClick={() => void list.fetchNextPage()}>
      More
    </Button>
  );
  if (isPhone) {
    // The six columns do not fit a phone: one block per deal, its name the link.
    return (
      <>
        <Stack
          gap={0}
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Related opportunities"
        >
          {rows.map((opportunity) => (
            <Stack
              key={opportunity.id}
              component="li"
              gap={2}
              py="xs"
              style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Anchor component={Link} to={`/opportunities/${opportunity.id}`} size="sm" fw={600} pt={8}>
                  {opportunity.name}
                </Anchor>
                <FavoriteStar
                  type="opportunity"
                  id={opportunity.id}
                  isFavorite={opportunity.isFavorite}
                  label={`${opportunity.number} ${opportunity.name}`}
                />
              </Group>
              <Text size="xs" c="dimmed">
                {opportunity.number} · {opportunity.ownerName}
              </Text>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <StageBadge label={opportunity.stageLabel} outcome={opportunity.outcome} />
                <Money
                  size="sm"
                  fw={500}
                  amountMinor={opportunity.amountMinor}
                  currency={opportunity.currency}
                />
              </Group>
              <Text size="xs" c="dimmed">
                Decision {formatDate(opportunity.decisionDate)}
              </Text>
            </Stack>
          ))}
        </Stack>
        {more}
      </>
    );
  }
  return (
    <>
      <Table verticalSpacing={4} highlightOnHover aria-label="Related opportunities">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <VisuallyHidden>Favorite</VisuallyHidden>
            </Table.Th>
            <Table.Th>Opportunity</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th>Decision</Table.Th>
            <Table.Th>Owner</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((opportunity) => (
            <Table.Tr key={opportunity.id}>
              <Table.Td>
                <FavoriteStar
                  type="opportunity"
                  id={opportunity.id}
                  isFavorite={opportunity.isFavorite}
                  label={`${opportunity.number} ${opportunity.name}`}
                />
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    {opportunity.number}
                  </Text>
                  <Anchor component={Link} to={`/opportunities/${opportunity.id}`} size="sm">
                    {opportunity.name}
                  </Anchor>
                </Group>
              </Table.Td>
              <Table.Td>
                <StageBadge label={opportunity.stageLabel} outcome={opportunity.outcome} />
              </Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                <Money size="sm" amountMinor={opportunity.amountMinor} currency={opportunity.currency} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(opportunity.decisionDate)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{opportunity.ownerName}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {more}
    </>
  );
}
