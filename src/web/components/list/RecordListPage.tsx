import {
  Badge,
  Button,
  Collapse,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { useIsPhone } from '../../hooks/useIsPhone.ts';
import { type Column, DataTable } from '../DataTable.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { RecordCardList } from './RecordCardList.tsx';
import { SavedSearchMenu } from './SavedSearchMenu.tsx';
import type { ListView } from './useListView.ts';

type PageSchema<Row> = z.ZodType<{
  items: Row[];
  nextCursor: string | null;
  /** How many match (lists that count them), exact up to a cap; see `isCountCapped`. */
  count?: number | null;
  isCountCapped?: boolean;
}>;

type RecordListPageProps<Row> = {
  title: string;
  entityType: 'client' | 'contact' | 'opportunity';
  /** The list's API path and page path, e.g. "/opportunities". */
  path: string;
  pageSchema: PageSchema<Row>;
  view: ListView;
  columns: Column<Row>[];
  rowKey: (row: Row) => number;
  onOpen: (row: Row) => void;
  /** The record as a card, as a phone lists it (the columns do not fit); its name links to the record. */
  renderCard: (row: Row) => ReactNode;
  searchPlaceholder: string;
  actions?: ReactNode;
  /** Named views (e.g. "My open opportunities"), shown under the title as links. */
  views?: ReactNode;
  /** The record in words, one and many, for the count of what matches ("3 opportunities"). */
  noun?: { one: string; many: string };
  /** Filters shown beside the search box, always in view; `quickFilterKeys` are their parameters. */
  quickFilters?: ReactNode;
  quickFilterKeys?: readonly string[];
  filters?: ReactNode;
  /** Shown above the table when rows are selected (bulk change). */
  selection?: {
    selected: ReadonlySet<number>;
    onChange: (selected: Set<number>) => void;
    actions: (rows: Row[]) => ReactNode;
  };
};

/**
 * A list screen of SPEC §8: basic search box, advanced search panel, sortable columns, column
 * choice, saved searches, the view in the URL, CSV export of what is shown, virtualized rows.
 */
export function RecordListPage<Row>({
  title,
  entityType,
  path,
  pageSchema,
  view,
  columns,
  rowKey,
  onOpen,
  renderCard,
  searchPlaceholder,
  actions,
  views,
  noun,
  quickFilters,
  quickFilterKeys = [],
  filters,
  selection,
}: RecordListPageProps<Row>) {
  const isPhone = useIsPhone();
  const [text, setText] = useState(view.get('q') ?? '');
  // The advanced panel opens by itself for the filters it holds, not for those always in view.
  const advancedCount =
    view.activeFilterCount - quickFilterKeys.filter((key) => view.get(key) !== undefined).length;
  const [showFilters, setShowFilters] = useState(advancedCount > 0);
  const urlQ = view.get('q') ?? '';
  // The typed search reaches the URL after a pause, and only while the list is on screen (an effect,
  // not a timer that could fire after the user opened a record and pull them back to the list).
  const [debouncedText] = useDebouncedValue(text, 250);
  const setView = view.set;
  // A change of the URL updates the text, not the other way round: the effect reads it, not follows it.
  const urlQRef = useRef(urlQ);
  urlQRef.current = urlQ;
  // Once the user opens a record (a row or a link in the list), the navigation is under way but the
  // list may render once more before it ends; the search must not navigate back to the list then.
  const leavingRef = useRef(false);
  useEffect(() => {
    if (leavingRef.current) return;
    if (debouncedText.trim() !== urlQRef.current) setView({ q: debouncedText.trim() || null });
  }, [debouncedText, setView]);
  useEffect(() => {
    setText((current) => (current.trim() === urlQ ? current : urlQ));
  }, [urlQ]);

  const list = useInfiniteQuery({
    queryKey: [path, view.apiQuery],
    queryFn: ({ pageParam, signal }) =>
      api.get(path, pageSchema, {
        // Only a list that shows how many match asks for the count (it is not free at a million).
        query: { ...view.apiQuery, ...(noun && { includeCount: 'true' }), limit: 100, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: !view.isAwaitingStartView,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const firstPage = list.data?.pages[0];
  const matchCount =
    noun && firstPage && typeof firstPage.count === 'number'
      ? `${firstPage.count.toLocaleString('en-US')}${firstPage.isCountCapped ? '+' : ''} ${
          firstPage.count === 1 && !firstPage.isCountCapped ? noun.one : noun.many
        }`
      : null;
  const shown = columns.filter((column) => view.columns.includes(column.key));
  const exportQuery = new URLSearchParams(view.apiQuery);
  const exportColumns = [...new Set(shown.flatMap((column) => column.exportAs ?? []))];
  if (exportColumns.length > 0) exportQuery.set('columns', exportColumns.join(','));
  const selectedRows = selection && !isPhone ? rows.filter((row) => selection.selected.has(rowKey(row))) : [];
  const open = (row: Row) => {
    leavingRef.current = true;
    onOpen(row);
  };
  const empty = (
    <Text c="dimmed" size="sm">
      {list.isError ? list.error.message : `No ${title.toLowerCase()} match this view.`}
    </Text>
  );

  return (
    <Stack
      gap="sm"
      onClickCapture={(event) => {
        const link = (event.target as HTMLElement).closest('a[href]');
        const elsewhere =
          event.ctrlKey || event.metaKey || event.shiftKey || link?.getAttribute('target') === '_blank';
        if (link && !elsewhere && !link.hasAttribute('download')) leavingRef.current = true;
      }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Group gap="xs">{actions}</Group>
      </Group>
      {(views || noun) && (
        <Group gap="xs" wrap="wrap" justify="space-between">
          {views}
          {noun && (
            <Text size="sm" fw={500} aria-live="polite" data-testid="match-count">
              {matchCount ?? (list.isError ? '' : 'Counting…')}
            </Text>
          )}
        </Group>
      )}
      <Group gap="xs" wrap="wrap">
        <TextInput
          aria-label={`Search ${title.toLowerCase()}`}
          placeholder={searchPlaceholder}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
          }}
          w={{ base: '100%', sm: 300 }}
          size="xs"
        />
        {quickFilters}
        {isPhone && (
          // The cards have no column headers to sort by.
          <NativeSelect
            aria-label="Sort by"
            size="xs"
            w="100%"
            value={`${view.sort.direction === 'desc' ? '-' : ''}${view.sort.field}`}
            onChange={(event) => {
              const value = event.currentTarget.value;
              view.setSort(
                value.startsWith('-')
                  ? { field: value.slice(1), direction: 'desc' }
                  : { field: value, direction: 'asc' },
              );
            }}
            data={columns.flatMap((column) =>
              column.sortField
                ? [
                    { value: column.sortField, label: `Sort by ${column.label}, ascending` },
                    { value: `-${column.sortField}`, label: `Sort by ${column.label}, descending` },
                  ]
                : [],
            )}
          />
        )}
        {filters && (
          <Button
            variant={showFilters ? 'light' : 'default'}
            size="xs"
            onClick={() => setShowFilters((open) => !open)}
            aria-expanded={showFilters}
            rightSection={advancedCount > 0 ? <Badge size="xs">{advancedCount}</Badge> : null}
          >
            Advanced search
          </Button>
        )}
        <SavedSearchMenu entityType={entityType} path={path} queryString={view.params.toString()} />
        {!isPhone && (
          <ColumnChooser
            all={columns.map((column) => ({ key: column.key, label: column.label }))}
            chosen={view.columns}
            onChange={view.setColumns}
          />
        )}
        <Button
          component="a"
          href={`/api/v1${path}/export?${exportQuery.toString()}`}
          variant="default"
          size="xs"
          download
        >
          Export CSV
        </Button>
        {(view.activeFilterCount > 0 || view.get('q')) && (
          <Button variant="subtle" size="xs" onClick={() => view.reset()}>
            Clear
          </Button>
        )}
        {!noun && (
          <Text size="xs" c="dimmed" ml="auto" aria-live="polite">
            {list.isSuccess ? `${rows.length}${list.hasNextPage ? '+' : ''} shown` : ''}
          </Text>
        )}
      </Group>
      {filters && (
        <Collapse expanded={showFilters}>
          <Paper withBorder p="sm" bg="gray.0">
            {filters}
          </Paper>
        </Collapse>
      )}
      {selection && selectedRows.length > 0 && (
        <Paper withBorder p="xs" bg="yellow.0">
          <Group gap="sm">
            <Text size="sm" fw={500}>
              {selectedRows.length} selected
            </Text>
            {selection.actions(selectedRows)}
            <Button variant="subtle" size="xs" onClick={() => selection.onChange(new Set())}>
              Clear selection
            </Button>
          </Group>
        </Paper>
      )}
      {isPhone ? (
        <RecordCardList
          label={title}
          rows={rows}
          rowKey={rowKey}
          renderCard={renderCard}
          onOpen={open}
          hasMore={list.hasNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          isLoading={list.isLoading}
          isLoadingMore={list.isFetchingNextPage}
          empty={empty}
        />
      ) : (
        <DataTable
          label={title}
          columns={shown}
          rows={rows}
          rowKey={rowKey}
          sort={view.sort}
          onSort={view.setSort}
          onRowOpen={open}
          hasMore={list.hasNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          isLoading={list.isLoading}
          isLoadingMore={list.isFetchingNextPage}
          empty={empty}
          {...(selection && {
            selected: selection.selected,
            onToggleSelected: (id: number, isSelected: boolean) => {
              const next = new Set(selection.selected);
              if (isSelected) next.add(id);
              else next.delete(id);
              selection.onChange(next);
            },
            onToggleAll: (isSelected: boolean) =>
              selection.onChange(isSelected ? new Set(rows.map(rowKey)) : new Set()),
          })}
        />
      )}
    </Stack>
  );
}
