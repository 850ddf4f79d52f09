import { Button, Checkbox, Group, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { clientPageSchema, clientSchema } from '../../../../core/contract/clients.ts';
import { userListSchema, userSchema } from '../../../../core/contract/firms.ts';
import { api } from '../../../api/client.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import type { BoardFilters } from '../hooks/useBoardFilters.ts';

/** The name of a record the address names by id, so a reloaded filter shows who or what it is. */
function useRecordName(kind: 'users' | 'clients', id: string | undefined) {
  return useQuery({
    queryKey: [`/${kind}`, 'name', id],
    queryFn: async () =>
      kind === 'users'
        ? (await api.get(`/users/${id}`, userSchema)).name
        : (await api.get(`/clients/${id}`, clientSchema)).name,
    enabled: Boolean(id),
    staleTime: 10 * 60_000,
  });
}

/** The board's basic search and main filters (SPEC §8), written to the address as the list's parameters. */
export function BoardFilterBar({ filters }: { filters: BoardFilters }) {
  const [text, setText] = useState(filters.get('q') ?? '');
  const applySearch = useDebouncedCallback((value: string) => filters.set({ q: value.trim() || null }), 250);
  const urlQ = filters.get('q') ?? '';
  useEffect(() => {
    setText((current) => (current.trim() === urlQ ? current : urlQ));
  }, [urlQ]);
  const ownerId = filters.get('ownerId');
  const clientId = filters.get('clientId');
  const ownerName = useRecordName('users', ownerId);
  const clientName = useRecordName('clients', clientId);
  const flag = (key: string) => filters.get(key) === 'true';
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        aria-label="Search the board"
        placeholder="Number, name, client or contact"
        size="xs"
        w={220}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          applySearch(event.currentTarget.value);
        }}
      />
      <RecordPicker
        label="Owner"
        size="xs"
        w={180}
        placeholder="Anyone"
        queryKey="board-owner"
        value={ownerId ?? null}
        selectedLabel={ownerName.data ?? null}
        search={async (search) =>
          (
            await api.get('/users', userListSchema, { query: { q: search || undefined, limit: 30 } })
          ).items.map((user) => ({ value: String(user.id), label: user.name }))
        }
        onChange={(value) => filters.set({ ownerId: value })}
      />
      <RecordPicker
        label="Client"
        size="xs"
        w={180}
        placeholder="Any client"
        queryKey="board-client"
        value={clientId ?? null}
        selectedLabel={clientName.data ?? null}
        search={async (search) =>
          (
            await api.get('/clients', clientPageSchema, { query: { q: search || undefined, limit: 20 } })
          ).items.map((client) => ({ value: String(client.id), label: client.name }))
        }
        onChange={(value) => filters.set({ clientId: value })}
      />
      <DateInput
        label="Decision from"
        size="xs"
        w={130}
        clearable
        valueFormat="YYYY-MM-DD"
        value={filters.get('decisionFrom') ?? null}
        onChange={(value) => filters.set({ decisionFrom: value })}
      />
      <DateInput
        label="Decision to"
        size="xs"
        w={130}
        clearable
        valueFormat="YYYY-MM-DD"
        value={filters.get('decisionTo') ?? null}
        onChange={(value) => filters.set({ decisionTo: value })}
      />
      <Group gap="md" h={30} align="center">
        <Checkbox
          size="xs"
          label="My items"
          checked={flag('mine')}
          onChange={(event) => filters.set({ mine: event.currentTarget.checked ? 'true' : null })}
        />
        <Checkbox
          size="xs"
          label="My favorites"
          checked={flag('favorites')}
          onChange={(event) => filters.set({ favorites: event.currentTarget.checked ? 'true' : null })}
        />
      </Group>
      {filters.activeCount > 0 && (
        <Button variant="subtle" size="xs" onClick={filters.clear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
