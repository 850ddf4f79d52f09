import { useDroppable } from '@dnd-kit/core';
import { Badge, Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Board, OpportunityCard } from '../../../../core/contract/reports.ts';
import { Money } from '../../../components/Money.tsx';
import { cardsPerPage, useMoreCards } from '../hooks/useBoard.ts';
import { toBoardCard } from '../lib/board-cards.ts';
import type { DropHint } from '../lib/drop-hints.ts';
import { BoardCard } from './BoardCard.tsx';
import classes from './PipelineBoard.module.css';

export function countLabel(count: number): string {
  return `${count} ${count === 1 ? 'opportunity' : 'opportunities'}`;
}

type BoardColumnProps = {
  column: Board['columns'][number];
  currency: string;
  query: Record<string, string>;
  /** Whether cards can be dragged to another stage (not on a phone, which shows one stage at a time). */
  canDrag: boolean;
  /** A card on its way out of this column (being moved), hidden here. */
  leavingCardId: number | null;
  /** A card on its way into this column, shown on top until the board is read again. */
  arrivingCard: OpportunityCard | null;
  refusedCardId: number | null;
  /** While a card is dragged: whether it may drop here, or what this stage needs of it. */
  dropHint: DropHint | null;
};

/**
 * One open stage of the board (SPEC §8): its count, total and weighted total in the reporting
 * currency, and its cards by decision date. Further cards load with "Load more", or by themselves
 * when the end of the column scrolls into view, from the column's own cursor.
 */
export function BoardColumn({
  column,
  currency,
  query,
  canDrag,
  leavingCardId,
  arrivingCard,
  refusedCardId,
  dropHint,
}: BoardColumnProps) {
  const { setNodeRef, isOver, active } = useDroppable({ id: column.stage, data: { label: column.label } });
  const [isMoreRequested, setMoreRequested] = useState(false);
  const more = useMoreCards(column.stage, query, column.nextCursor, isMoreRequested);
  const bodyRef = useRef<HTMLDivElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const hasMore = column.nextCursor !== null && (!isMoreRequested || more.hasNextPage || more.isLoading);

  const loadMore = () => {
    if (!isMoreRequested) setMoreRequested(true);
    else if (more.hasNextPage && !more.isFetchingNextPage) void more.fetchNextPage();
  };
  const loadMoreOnScroll = useEffectEvent(loadMore);
  useEffect(() => {
    const sentinel = sentinelRef.current;
    const root = bodyRef.current;
    if (!sentinel || !root || !hasMore) return;
    // Only when the person scrolled the column: a short column must not pull every page at once.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && root.scrollTop > 0) loadMoreOnScroll();
      },
      { root, rootMargin: '0px 0px 120px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasMore]);

  const now = new Date();
  const extra = (more.data?.pages ?? []).flatMap((page) => page.items.map((item) => toBoardCard(item, now)));
  const seen = new Set<number>();
  const cards = [...(arrivingCard ? [arrivingCard] : []), ...column.items, ...extra].filter((card) => {
    if (card.id === leavingCardId || seen.has(card.id)) return false;
    seen.add(card.id);
    return true;
  });
  const headingId = `column-${column.stage}-heading`;
  const isDropTarget = isOver && active !== null;

  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      aria-labelledby={headingId}
      data-over={isDropTarget || undefined}
      data-drop={dropHint?.kind}
      data-stage={column.stage}
    >
      <header className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
          <Text component="h2" id={headingId} size="sm" fw={700} lh={1.3}>
            {column.label}
          </Text>
          <Badge size="sm" variant="light" color="gray">
            <span aria-hidden="true">{column.count}</span>
            <VisuallyHidden>{countLabel(column.count)}</VisuallyHidden>
          </Badge>
        </Group>
        <div>
          <Text size="xs" c="dimmed">
            {column.probability}% probability
          </Text>
          <dl className={classes.columnTotals}>
            <dt>Total</dt>
            <dd>
              <Money amountMinor={column.totalMinor} currency={currency} />
            </dd>
            <dt>Weighted</dt>
            <dd>
              <Money amountMinor={column.weightedMinor} currency={currency} />
            </dd>
          </dl>
        </div>
        {dropHint && (
          // Shown on every column during a drag; screen readers hear it through the drag's announcements.
          <Text size="xs" fw={600} className={classes.dropHint} data-kind={dropHint.kind} aria-hidden="true">
            {dropHint.text}
          </Text>
        )}
      </header>
      <div ref={bodyRef} className={classes.columnBody}>
        <Stack gap={8}>
          {cards.map((card) => (
            <BoardCard
              key={card.id}
              card={card}
              canDrag={canDrag}
              isMoving={card.id === arrivingCard?.id}
              isRefused={card.id === refusedCardId}
            />
          ))}
          {cards.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {column.count === 0
                ? `No opportunities in this stage.${canDrag ? ' Drop one here to move it.' : ''}`
                : ''}
            </Text>
          )}
          {hasMore && (
            <div ref={sentinelRef}>
              <Button
                variant="subtle"
                size="compact-xs"
                fullWidth
                loading={more.isFetching}
                onClick={loadMore}
              >
                {/* The name is what the button shows, then its column: "Load more (3 more) in 01 Identify". */}
                Load more ({Math.max(0, column.count - cards.length)} more)
                <VisuallyHidden>{` in ${column.label}`}</VisuallyHidden>
              </Button>
            </div>
          )}
          {more.isError && (
            <Text size="xs" c="red.7" role="alert">
              {more.error.message}
            </Text>
          )}
        </Stack>
      </div>
      <Text size="xs" c="dimmed" className={classes.columnFooter}>
        {cards.length < column.count
          ? `${cards.length} of ${column.count} shown`
          : column.count > cardsPerPage
            ? `All ${column.count} shown`
            : ''}
      </Text>
    </section>
  );
}
