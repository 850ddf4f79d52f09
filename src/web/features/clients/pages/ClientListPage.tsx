import { Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { clientPageSchema } from '../../../../core/contract/clients.ts';
import { api } from '../../../api/client.ts';

export function ClientListPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  useEffect(() => {
    setParams(q ? { q } : {}, { replace: true });
  }, [q, setParams]);
  const clients = useInfiniteQuery({
    queryKey: ['clients', { q }],
    queryFn: ({ pageParam }) =>
      api.get('/clients', clientPageSchema, { query: { q, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = clients.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Clients
        </Title>
        <TextInput
          aria-label="Search clients"
          placeholder="Search by name, number or city"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={320}
        />
      </Group>
      <Table striped highlightOnHover stickyHeader aria-label="Clients">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Number</Table.Th>
            <Table.Th>Industry</Table.Th>
            <Table.Th>City</Table.Th>
            <Table.Th>Country</Table.Th>
            <Table.Th>Owner</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((client) => (
            <Table.Tr key={client.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {client.name}
                </Text>
              </Table.Td>
              <Table.Td>{client.clientNumber}</Table.Td>
              <Table.Td>{client.industry}</Table.Td>
              <Table.Td>{client.city}</Table.Td>
              <Table.Td>{client.country}</Table.Td>
              <Table.Td>{client.isVendorRegistered ? 'Vendor' : client.ownerFirmName}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {clients.isLoading && <Loader aria-label="Loading clients" />}
      {clients.isSuccess && rows.length === 0 && <Text c="dimmed">No clients match.</Text>}
      {clients.hasNextPage && (
        <Button variant="light" onClick={() => clients.fetchNextPage()} loading={clients.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </Stack>
  );
}
