import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { opportunityPageSchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { Money } from '../../../components/Money.tsx';
import { formatDate } from '../../../lib/format.ts';
import { StageBadge } from './StageBadge.tsx';

/** Opportunities related to a client or contact, as an overview's sub-panel shows them. */
export function OpportunityMiniList({ query }: { query: Record<string, string> }) {
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
  return (
    <>
      <Table verticalSpacing={4} highlightOnHover aria-label="Related opportunities">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
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
      {list.hasNextPage && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => void list.fetchNextPage()}>
          More
        </Button>
      )}
    </>
  );
}
