// biome-ignore-all lint/a11y/useSemanticElements: virtualized rows are absolutely positioned, which table elements cannot be; the ARIA table roles keep the semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: header rows and cells are not interactive; the body rows take the focus
import { Box, Center, Checkbox, Loader, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import classes from './DataTable.module.css';

export type Column<Row> = {
  key: string;
  label: string;
  /** CSS grid track, e.g. "minmax(200px, 2fr)" or "120px". */
  width: string;
  render: (row: Row) => ReactNode;
  /** The list's sort field this column sorts by, if any. */
  sortField?: string;
  align?: 'left' | 'right' | 'center';
  /** Its text wraps onto more lines rather than being cut (names): the row grows to fit it. */
  wrap?: boolean;
  /** The export's columns that carry this one (CSV export of what is shown); none for display-only columns. */
  exportAs?: readonly string[];
};

export type SortState = { field: string; direction: 'asc' | 'desc' };

type DataTableProps<Row> = {
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => number;
  sort?: SortState | undefined;
  onSort?: (sort: SortState) => void;
  onRowOpen?: (row: Row) => void;
  hasMore?: boolean;
  onLoadMore?: () => void;
  isLoading?: boolean;
  isLoadingMore?: boolean;
  empty?: ReactNode;
  selected?: ReadonlySet<number>;
  onToggleSelected?: (id: number, selected: boolean) => void;
  onToggleAll?: (selected: boolean) => void;
  height?: string;
};

const rowHeight = 40;

/** The least a grid track takes: "120px" → 120, "minmax(200px, 2fr)" → 200; a bare fraction gets 80. */
function minimumWidthOf(track: string): number {
  const pixels = /^(?:minmax\()?\s*(\d+)px/.exec(track);
  return pixels?.[1] ? Number(pixels[1]) : 80;
}

/**
 * Whether a click began on a link or control inside a row: those act for themselves (the name is a
 * link that opens the record, also in a new tab with Ctrl or the middle button), the row does not.
 */
export function isFromControl(target: EventTarget | null): boolean {
  return (
    target instanceof Element && target.closest('a[href], button, input, label, [role="button"]') !== null
  );
}

/**
 * A dense, sortable table whose rows are virtualized: only the visible ones are in the page, so a
 * list of thousands scrolls smoothly. It keeps table semantics (roles, aria-sort, aria-rowcount)
 * for assistive technology, and loads the next page when the end comes into view.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  onRowOpen,
  hasMore,
  onLoadMore,
  isLoading,
  isLoadingMore,
  empty,
  selected,
  onToggleSelected,
  onToggleAll,
  height = 'calc(100vh - 230px)',
}: DataTableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;
  useEffect(() => {
    if (hasMore && !isLoadingMore && onLoadMore && lastIndex >= rows.length - 15) onLoadMore();
  }, [hasMore, isLoadingMore, onLoadMore, lastIndex, rows.length]);

  const selectable = Boolean(onToggleSelected);
  const template = `${selectable ? '40px ' : ''}${columns.map((column) => column.width).join(' ')}`;
  // Every row is as wide as the table, and never narrower than the columns' minimum widths: rows
  // sized by their own content would each lay the columns out differently once space runs short.
  const minimumWidth =
    (selectable ? 40 : 0) + columns.reduce((sum, column) => sum + minimumWidthOf(column.width), 0);
  const gridStyle: CSSProperties = { gridTemplateColumns: template, minWidth: minimumWidth };
  const allSelected = selectable && rows.length > 0 && rows.every((row) => selected?.has(rowKey(row)));

  function headerSort(column: Column<Row>) {
    if (!column.sortField || !onSort) return;
    const direction = sort?.field === column.sortField && sort.direction === 'asc' ? 'desc' : 'asc';
    onSort({ field: column.sortField, direction });
  }

  function onRowKey(event: KeyboardEvent<HTMLDivElement>, row: Row, index: number) {
    // Enter on the name (a link) or another control inside the row is theirs, not the row's.
    if (event.key === 'Enter' && onRowOpen && event.target === event.currentTarget) onRowOpen(row);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = index + (event.key === 'ArrowDown' ? 1 : -1);
      if (next < 0 || next >= rows.length) return;
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() => {
        scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
      });
    }
  }

  return (
    <Box className={classes.frame}>
      <div
        role="table"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        ref={scrollRef}
        className={classes.scroller}
        style={{ height }}
      >
        <div role="rowgroup" className={classes.head} style={{ minWidth: minimumWidth }}>
          <div role="row" aria-rowindex={1} className={classes.row} style={gridStyle}>
            {selectable && (
              <div role="columnheader" className={classes.cell}>
                <Checkbox
                  size="xs"
                  aria-label="Select all rows"
                  checked={allSelected}
                  onChange={(event) => onToggleAll?.(event.currentTarget.checked)}
                />
              </div>
            )}
            {columns.map((column) => {
              const isSorted = sort?.field === column.sortField && column.sortField !== undefined;
              return (
                <div
                  key={column.key}
                  role="columnheader"
                  aria-sort={isSorted ? (sort?.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  className={classes.cell}
                  style={{ justifyContent: column.align === 'right' ? 'flex-end' : 'flex-start' }}
                >
                  {column.sortField && onSort ? (
                    <UnstyledButton className={classes.sortButton} onClick={() => headerSort(column)}>
                      {column.label}
                      <span aria-hidden="true" className={classes.sortMark}>
                        {isSorted ? (sort?.direction === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </UnstyledButton>
                  ) : (
                    <span className={classes.sortButton}>{column.label}</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: minimumWidth }}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            const id = rowKey(row);
            return (
              <div
                key={id}
                role="row"
                aria-rowindex={item.index + 2}
                data-row-index={item.index}
                tabIndex={0}
                className={`${classes.row} ${classes.bodyRow}`}
                ref={virtualizer.measureElement}
                data-index={item.index}
                style={{ ...gridStyle, transform: `translateY(${item.start}px)`, minHeight: rowHeight }}
                onClick={(event) => {
                  if (!isFromControl(event.target)) onRowOpen?.(row);
                }}
                onKeyDown={(event) => onRowKey(event, row, item.index)}
                aria-selected={selected?.has(id) ?? undefined}
              >
                {selectable && (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the checkbox inside handles the keyboard
                  <div role="cell" className={classes.cell} onClick={(event) => event.stopPropagation()}>
                    <Checkbox
                      size="xs"
                      aria-label={`Select row ${item.index + 1}`}
                      checked={selected?.has(id) ?? false}
                      onChange={(event) => onToggleSelected?.(id, event.currentTarget.checked)}
                    />
                  </div>
                )}
                {columns.map((column) => (
                  <div
                    key={column.key}
                    role="cell"
                    data-column={column.key}
                    className={column.wrap ? `${classes.cell} ${classes.cellWrap}` : classes.cell}
                    style={{ justifyContent: column.align === 'right' ? 'flex-end' : 'flex-start' }}
                  >
                    {column.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {isLoading && (
          <Center p="lg">
            <Loader size="sm" aria-label={`Loading ${label}`} />
          </Center>
        )}
        {!isLoading && rows.length === 0 && (
          <Center p="xl">
            {empty ?? (
              <Text c="dimmed" size="sm">
                Nothing to show.
              </Text>
            )}
          </Center>
        )}
        {isLoadingMore && (
          <Center p="xs">
            <Loader size="xs" aria-label="Loading more" />
          </Center>
        )}
      </div>
    </Box>
  );
}
