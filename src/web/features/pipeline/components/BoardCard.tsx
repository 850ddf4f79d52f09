import { useDraggable } from '@dnd-kit/core';
import { Anchor, Group, Loader, Text, Tooltip } from '@mantine/core';
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import type { OpportunityCard } from '../../../../core/contract/reports.ts';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { Money } from '../../../components/Money.tsx';
import { formatDate, todayIso } from '../../../lib/format.ts';
import { OpportunityFlags } from '../../opportunities/components/OpportunityFlags.tsx';
import classes from './PipelineBoard.module.css';

type BoardCardViewProps = {
  card: OpportunityCard;
  handle?: ReactNode;
  nodeRef?: Ref<HTMLElement>;
  state?: { isDragging?: boolean; isMoving?: boolean; isRefused?: boolean; isOverlay?: boolean };
  listeners?: Record<string, unknown>;
};

/** What a card shows: number, name, client, amount in its own currency, decision date, owner, flags, star. */
function BoardCardView({ card, handle, nodeRef, state = {}, listeners }: BoardCardViewProps) {
  const isOverdue = card.decisionDate < todayIso();
  return (
    <article
      ref={nodeRef}
      className={classes.card}
      aria-label={`${card.number} ${card.name}`}
      aria-busy={state.isMoving || undefined}
      data-dragging={state.isDragging || undefined}
      data-moving={state.isMoving || undefined}
      data-refused={state.isRefused || undefined}
      data-overlay={state.isOverlay || undefined}
      data-card-id={card.id}
      // A link or text dragged natively would cancel the pointer drag of the card.
      onDragStart={(event) => event.preventDefault()}
      {...listeners}
    >
      <Group gap={4} wrap="nowrap" justify="space-between">
        <Group gap={4} wrap="nowrap" miw={0}>
          {handle}
          <Text size="xs" c="dimmed" truncate>
            {card.number}
          </Text>
        </Group>
        {state.isMoving ? (
          <Loader size={14} aria-label="Moving" />
        ) : (
          <FavoriteStar
            type="opportunity"
            id={card.id}
            isFavorite={card.isFavorite}
            label={`${card.number} ${card.name}`}
          />
        )}
      </Group>
      <Anchor
        component={Link}
        to={`/opportunities/${card.id}`}
        size="sm"
        fw={600}
        lineClamp={2}
        className={classes.cardName}
        draggable={false}
      >
        {card.name}
      </Anchor>
      <Text size="xs" c="dimmed" truncate>
        <Anchor component={Link} to={`/clients/${card.clientId}`} size="xs" c="dimmed" draggable={false}>
          {card.clientName}
        </Anchor>
      </Text>
      <Group justify="space-between" wrap="nowrap" gap={4} mt={4}>
        <Money size="sm" fw={500} amountMinor={card.amountMinor} currency={card.currency} />
        <Text
          size="xs"
          c={isOverdue ? 'red.7' : 'dimmed'}
          fw={isOverdue ? 600 : undefined}
          title={isOverdue ? 'Decision date has passed' : 'Decision date'}
          style={{ whiteSpace: 'nowrap' }}
        >
          {formatDate(card.decisionDate)}
        </Text>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap={4} mt={4} align="flex-start">
        <Text size="xs" c="dimmed" truncate>
          {card.ownerName}
        </Text>
        <OpportunityFlags
          isStale={card.isStale}
          passStatus={card.passStatus}
          mustReachClosing={card.mustReachClosing}
        />
      </Group>
    </article>
  );
}

type BoardCardProps = { card: OpportunityCard; canDrag: boolean; isMoving: boolean; isRefused: boolean };

/**
 * A card that can be dragged to another stage: with the pointer from anywhere on it, or from the
 * keyboard through its grip (Space or Enter to pick up, arrows to choose the stage, Space or Enter
 * to drop, Escape to cancel). Cards the user may not move have a grip that says why.
 */
export function BoardCard({ card, canDrag, isMoving, isRefused }: BoardCardProps) {
  const isLocked = !card.canEdit;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: `card-${card.id}`,
    data: { card },
    disabled: isLocked || isMoving || !canDrag,
  });
  // Where cards are not dragged (a phone), there is no grip: the deal's stage bar moves it.
  const handle = !canDrag ? null : isLocked ? (
    <Tooltip
      label={
        card.passStatus === 'pending' ? 'Accept it before moving it' : 'You may view this deal, not move it'
      }
    >
      <span className={classes.lockedHandle} aria-hidden="true">
        ⠿
      </span>
    </Tooltip>
  ) : (
    <button
      type="button"
      ref={setActivatorNodeRef}
      className={classes.handle}
      data-card-grip
      {...attributes}
      aria-label={`Move ${card.number} ${card.name}, now in ${card.stageLabel}`}
    >
      <span aria-hidden="true">⠿</span>
    </button>
  );
  return (
    <BoardCardView
      card={card}
      handle={handle}
      nodeRef={setNodeRef}
      state={{ isDragging, isMoving, isRefused }}
      {...(listeners && !isLocked && canDrag && { listeners })}
    />
  );
}

/** The copy of a card that follows the pointer (or the arrow keys) while it is dragged. */
export function BoardCardOverlay({ card }: { card: OpportunityCard }) {
  return (
    <BoardCardView
      card={card}
      handle={
        <span className={classes.lockedHandle} aria-hidden="true">
          ⠿
        </span>
      }
      state={{ isOverlay: true }}
    />
  );
}
