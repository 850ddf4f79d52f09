import { Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { contactPageSchema } from '../../../../core/contract/contacts.ts';
import { api } from '../../../api/client.ts';

export function ContactListPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  useEffect(() => {
    setParams(q ? { q } : {}, { replace: true });
  }, [q, setParams]);
  const contacts = useInfiniteQuery({
    queryKey: ['contacts', { q }],
    queryFn: ({ pageParam }) =>
      api.get('/contacts', contactPageSchema, { query: { q, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          BPContacts
        </Title>
        <TextInput
          aria-label="Search contacts"
          placeholder="Search by name, email or contact"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={320}
        />
      </Group>
      <Table striped highlightOnHover stickyHeader aria-label="BPContacts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th>Client</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Phone</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {contact.fullName}
                </Text>
              </Table.Td>
              <Table.Td>{contact.title}</Table.Td>
              <Table.Td>{contact.clientName}</Table.Td>
              <Table.Td>{contact.email}</Table.Td>
              <Table.Td>{contact.phone}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {contacts.isLoading && <Loader aria-label="Loading contacts" />}
      {contacts.isSuccess && rows.length === 0 && <Text c="dimmed">No contacts match.</Text>}
      {contacts.hasNextPage && (
        <Button
          variant="light"
          onClick={() => contacts.fetchNextPage()}
          loading={contacts.isFetchingNextPage}
        >
          Show more
        </Button>
      )}
    </Stack>
  );
}
