import { Button, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auditPageSchema } from '../../core/contract/common.ts';
import { api } from '../api/client.ts';
import { formatDateTime } from '../lib/format.ts';
import { TableScroll } from './TableScroll.tsx';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, each]) => `${key}: ${show(each)}`)
      .join('; ');
  }
  return String(value);
}

const actionLabels = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  restore: 'Restored',
} as const;

/** Who changed which field, when, from what to what (the audit trail of SPEC §2). */
export function ChangeLog({ path }: { path: string }) {
  const changes = useInfiniteQuery({
    queryKey: [path, 'changes'],
    queryFn: ({ pageParam }) =>
      api.get(`${path}/changes`, auditPageSchema, { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = changes.data?.pages.flatMap((page) => page.items) ?? [];
  if (changes.isSuccess && entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No changes recorded.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <TableScroll label="Change log" minWidth={600}>
        <Table striped withRowBorders={false} verticalSpacing={4} aria-label="Change log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <Text size="xs">{formatDateTime(entry.changedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{entry.changedBy?.name ?? 'System'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {entry.entityType === 'line-item' ? `Line item #${entry.entityId}: ` : ''}
                    {entry.field ?? actionLabels[entry.action]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {entry.action === 'update' ? show(entry.oldValue) : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" lineClamp={2}>
                    {entry.action === 'update'
                      ? show(entry.newValue)
                      : entry.action === 'create'
                        ? show(entry.newValue)
                        : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {changes.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void changes.fetchNextPage()}
          loading={changes.isFetchingNextPage}
        >
          Older changes
        </Button>
      )}
    </Stack>
  );
}
