import { Center, Loader, Text } from '@mantine/core';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isFromControl } from '../DataTable.tsx';
import classes from './RecordCardList.module.css';

type RecordCardListProps<Row> = {
  label: string;
  rows: Row[];
  rowKey: (row: Row) => number;
  /** The card's content; its record name is a link to the record's overview. */
  renderCard: (row: Row) => ReactNode;
  onOpen: (row: Row) => void;
  hasMore?: boolean;
  onLoadMore?: () => void;
  isLoading?: boolean;
  isLoadingMore?: boolean;
  empty?: ReactNode;
};

/**
 * A list as a phone shows it: one card per record, full width, in the page's own scroll (no box
 * scrolling inside the page). Cards are virtualized like the table's rows, so thousands stay
 * smooth, and the next page loads as the end comes into view. The name on each card is the link
 * (also for the keyboard and assistive technology); a tap anywhere else on the card opens it too.
 */
export function RecordCardList<Row>({
  label,
  rows,
  rowKey,
  renderCard,
  onOpen,
  hasMore,
  onLoadMore,
  isLoading,
  isLoadingMore,
  empty,
}: RecordCardListProps<Row>) {
  const listRef = useRef<HTMLUListElement>(null);
  // Where the list starts in the page; what is above it (filters opening) can move it.
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const top = Math.round((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    if (top !== scrollMargin) setScrollMargin(top);
  });
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 120,
    overscan: 6,
    scrollMargin,
    getItemKey: (index) => {
      const row = rows[index];
      return row === undefined ? index : rowKey(row);
    },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;
  useEffect(() => {
    if (hasMore && !isLoadingMore && onLoadMore && lastIndex >= rows.length - 8) onLoadMore();
  }, [hasMore, isLoadingMore, onLoadMore, lastIndex, rows.length]);

  return (
    <div>
      <ul
        ref={listRef}
        aria-label={label}
        className={classes.list}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              aria-setsize={hasMore ? -1 : rows.length}
              aria-posinset={item.index + 1}
              className={classes.item}
              style={{ transform: `translateY(${item.start - scrollMargin}px)` }}
            >
              {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard opens the record through the name, a link */}
              <article
                className={classes.card}
                onClick={(event) => {
                  if (!isFromControl(event.target)) onOpen(row);
                }}
              >
                {renderCard(row)}
              </article>
            </li>
          );
        })}
      </ul>
      {isLoading && (
        <Center p="lg">
          <Loader size="sm" aria-label={`Loading ${label}`} />
        </Center>
      )}
      {!isLoading && rows.length === 0 && (
        <Center p="xl" className={classes.empty}>
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
  );
}
