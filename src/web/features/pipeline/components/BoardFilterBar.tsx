import { Badge, Button, Checkbox, Collapse, Group, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { ClientFilterPicker, OwnerFilterPicker } from '../../../components/list/FilterPickers.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import type { BoardFilters } from '../hooks/useBoardFilters.ts';

/**
 * The board's basic search and main filters (SPEC §8), written to the address as the list's
 * parameters. On a phone the search stays and the other filters fold behind a "Filters" button.
 */
export function BoardFilterBar({ filters }: { filters: BoardFilters }) {
  const isPhone = useIsPhone();
  const [isUnfolded, setUnfolded] = useState(false);
  const [text, setText] = useState(filters.get('q') ?? '');
  const applySearch = useDebouncedCallback((value: string) => filters.set({ q: value.trim() || null }), 250);
  const urlQ = filters.get('q') ?? '';
  useEffect(() => {
    setText((current) => (current.trim() === urlQ ? current : urlQ));
  }, [urlQ]);
  const ownerId = filters.get('ownerId');
  const clientId = filters.get('clientId');
  const flag = (key: string) => filters.get(key) === 'true';
  const width = (desktop: number) => (isPhone ? '100%' : desktop);
  const search = (
    <TextInput
      label="Search"
      aria-label="Search the board"
      placeholder="Number, name, client or contact"
      size="xs"
      w={isPhone ? undefined : 220}
      style={isPhone ? { flex: 1, minWidth: 0 } : undefined}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        applySearch(event.currentTarget.value);
      }}
    />
  );
  const dates = (
    <>
      <DateInput
        label="Decision from"
        size="xs"
        w={isPhone ? undefined : 130}
        clearable
        valueFormat="YYYY-MM-DD"
        value={filters.get('decisionFrom') ?? null}
        onChange={(value) => filters.set({ decisionFrom: value })}
      />
      <DateInput
        label="Decision to"
        size="xs"
        w={isPhone ? undefined : 130}
        clearable
        valueFormat="YYYY-MM-DD"
        value={filters.get('decisionTo') ?? null}
        onChange={(value) => filters.set({ decisionTo: value })}
      />
    </>
  );
  const others = (
    <>
      <OwnerFilterPicker
        size="xs"
        w={width(180)}
        value={ownerId}
        onChange={(value) => filters.set({ ownerId: value })}
      />
      <ClientFilterPicker
        size="xs"
        w={width(180)}
        value={clientId}
        onChange={(value) => filters.set({ clientId: value })}
      />
      {isPhone ? (
        <Group grow gap="xs" align="flex-end">
          {dates}
        </Group>
      ) : (
        dates
      )}
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
    </>
  );
  if (isPhone) {
    const folded = filters.activeCount - (filters.get('q') ? 1 : 0);
    return (
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {search}
          <Button
            variant={isUnfolded ? 'light' : 'default'}
            size="xs"
            onClick={() => setUnfolded((unfolded) => !unfolded)}
            aria-expanded={isUnfolded}
            aria-controls="board-filters"
            rightSection={folded > 0 ? <Badge size="xs">{folded}</Badge> : null}
          >
            Filters
          </Button>
        </Group>
        <Collapse expanded={isUnfolded} id="board-filters">
          <Stack gap="xs">{others}</Stack>
        </Collapse>
      </Stack>
    );
  }
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      {search}
      {others}
    </Group>
  );
}
