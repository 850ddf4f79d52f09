import type { ClientRect, KeyboardCoordinateGetter, UniqueIdentifier } from '@dnd-kit/core';

export type BoardDirection = 'left' | 'right' | 'up' | 'down';

export type DropCandidate = { id: UniqueIdentifier; rect: ClientRect };

type Point = { x: number; y: number };

const directions: Record<string, BoardDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

function centerOf(rect: ClientRect): Point {
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** Candidates this close (px) along the main axis count as one column, so the nearer one across wins. */
const sameLine = 12;

/**
 * The drop target an arrow key leads to from `from` (the centre of the target the card is over,
 * or of the card itself): left and right go to the nearest column (or closing summary) that way,
 * the vertically nearest among equals; up and down go to the nearest target stacked above or
 * below in the same column (the closing summaries). Null when there is nothing that way.
 */
export function nextDropTarget(
  direction: BoardDirection,
  from: Point,
  candidates: readonly DropCandidate[],
  currentId: UniqueIdentifier | null,
): DropCandidate | null {
  const horizontal = direction === 'left' || direction === 'right';
  const sign = direction === 'right' || direction === 'down' ? 1 : -1;
  const ahead = candidates
    .filter((candidate) => candidate.id !== currentId)
    .map((candidate) => {
      const center = centerOf(candidate.rect);
      const along = horizontal ? (center.x - from.x) * sign : (center.y - from.y) * sign;
      const across = horizontal ? Math.abs(center.y - from.y) : Math.abs(center.x - from.x);
      const inColumn = candidate.rect.left <= from.x && from.x <= candidate.rect.right;
      return { candidate, along, across, inColumn };
    })
    .filter((entry) => entry.along > 1 && (horizontal || entry.inColumn));
  if (ahead.length === 0) return null;
  const nearest = Math.min(...ahead.map((entry) => entry.along));
  const line = ahead.filter((entry) => entry.along - nearest <= sameLine);
  line.sort((left, right) => left.across - right.across);
  return line[0]?.candidate ?? null;
}

/**
 * Where the dragged card's top-left corner goes to sit over `target`: centred across it, and
 * along a tall column at the height it already has (clamped inside), so a move right or left is a
 * pure horizontal step the sensor can scroll to; centred on a target shorter than the card.
 */
export function coordinatesOver(target: ClientRect, card: ClientRect): Point {
  const x = target.left + (target.width - card.width) / 2;
  if (target.height <= card.height) return { x, y: target.top + (target.height - card.height) / 2 };
  const y = Math.min(Math.max(card.top, target.top), target.bottom - card.height);
  return { x, y };
}

/**
 * Keyboard dragging on the board (dnd-kit's KeyboardSensor): an arrow key jumps to the next stage
 * instead of nudging the card 25 px, so a keyboard user moves a deal with one key press per stage.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const direction = directions[event.code];
  if (!direction) return undefined;
  const { collisionRect, droppableRects, droppableContainers, over } = context;
  if (!collisionRect) return undefined;
  event.preventDefault();
  const candidates: DropCandidate[] = droppableContainers.getEnabled().flatMap((container) => {
    const rect = droppableRects.get(container.id);
    return rect ? [{ id: container.id, rect }] : [];
  });
  const overRect = over ? droppableRects.get(over.id) : undefined;
  // From inside a tall column, keep the card's own height; from a summary, its centre.
  const from = overRect
    ? {
        x: centerOf(overRect).x,
        y: overRect.height > collisionRect.height ? centerOf(collisionRect).y : centerOf(overRect).y,
      }
    : centerOf(collisionRect);
  const target = nextDropTarget(direction, from, candidates, over?.id ?? null);
  return target ? coordinatesOver(target.rect, collisionRect) : undefined;
};
