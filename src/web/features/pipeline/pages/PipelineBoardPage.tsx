import {
  type Active,
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { StageMove } from '../../../../core/contract/opportunities.ts';
import type { OpportunityCard } from '../../../../core/contract/reports.ts';
import { ApiError } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useStages } from '../../../hooks/useReferenceData.ts';
import { ClosingDialog, type ClosingDialogTarget } from '../../opportunities/components/ClosingDialog.tsx';
import { GateRefusal } from '../../opportunities/components/GateRefusal.tsx';
import { type MissingRequirement, missingRequirementsOf } from '../../opportunities/lib/stage-refusal.ts';
import { BoardCardOverlay } from '../components/BoardCard.tsx';
import { BoardColumn } from '../components/BoardColumn.tsx';
import { BoardFilterBar } from '../components/BoardFilterBar.tsx';
import { BoardStageSwitcher, closedColumnKey } from '../components/BoardStageSwitcher.tsx';
import { ClosedSummaries } from '../components/ClosedSummaries.tsx';
import classes from '../components/PipelineBoard.module.css';
import { useBoard, useBoardMove } from '../hooks/useBoard.ts';
import { useBoardFilters } from '../hooks/useBoardFilters.ts';
import { boardKeyboardCoordinates } from '../lib/board-keyboard.ts';

type Refusal = { card: OpportunityCard; stageLabel: string; missing: MissingRequirement[] };

function cardOf(active: Active | null): OpportunityCard | null {
  const data = active?.data.current as { card?: OpportunityCard } | undefined;
  return data?.card ?? null;
}

function labelOf(over: { data: { current?: Record<string, unknown> | undefined } } | null): string {
  const label = over?.data.current?.label;
  return typeof label === 'string' ? label : 'no stage';
}

/** The pointer decides where a pointer drag lands; a keyboard drag (no pointer) lands where the card overlaps most. */
const boardCollisions: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

const announcements: Announcements = {
  onDragStart: ({ active }) => {
    const card = cardOf(active);
    return card
      ? `Picked up ${card.number} ${card.name}, in ${card.stageLabel}. Use the arrow keys to choose a stage, Space to drop, Escape to cancel.`
      : undefined;
  },
  onDragOver: ({ active, over }) => {
    const card = cardOf(active);
    return card ? `${card.number} is over ${labelOf(over)}.` : undefined;
  },
  onDragEnd: ({ active, over }) => {
    const card = cardOf(active);
    if (!card) return undefined;
    return over && over.id !== card.stage
      ? `${card.number} dropped on ${labelOf(over)}.`
      : `${card.number} stays in ${card.stageLabel}.`;
  },
  onDragCancel: ({ active }) => {
    const card = cardOf(active);
    return card ? `Moving ${card.number} was cancelled; it stays in ${card.stageLabel}.` : undefined;
  },
};

const instructions = {
  draggable:
    'To move this opportunity to another stage, press Space or Enter to pick it up, use the arrow keys to choose the stage, and press Space or Enter to drop it. Escape cancels.',
};

/**
 * SPEC §8 Pipeline board: one column per open stage with count, total and weighted total in the
 * reporting currency, the closings as summaries, the list's filters in the address. Dragging a card
 * (pointer or keyboard) moves the deal through the same stage API as the stage bar: the server
 * checks the gates, and a refusal says what each gate still needs while the card stays put.
 */
export function PipelineBoardPage() {
  const isPhone = useIsPhone();
  const filters = useBoardFilters();
  const board = useBoard(filters.query);
  const stages = useStages();
  const move = useBoardMove();
  const queryClient = useQueryClient();
  const [activeCard, setActiveCard] = useState<OpportunityCard | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [closing, setClosing] = useState<{ card: OpportunityCard; target: ClosingDialogTarget } | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Instant scrolling: each arrow key lands on its stage before the next key is read.
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates, scrollBehavior: 'auto' }),
  );

  const catalog = stages.data ?? [];
  const labelOfStage = (code: string) => catalog.find((stage) => stage.code === code)?.label ?? code;
  const moving = move.isPending ? move.variables : undefined;

  /** Moves a card; refusals of a drop show above the board, those of a closing in its dialog. */
  function runMove(card: OpportunityCard, stageMove: StageMove, isFromDialog: boolean) {
    const label = labelOfStage(stageMove.stage);
    setRefusal(null);
    setConflict(null);
    move.mutate(
      { card, move: stageMove },
      {
        onSuccess: () => {
          setClosing(null);
          notifySuccess(`${card.number} moved to ${label}`);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
            setClosing(null);
            setConflict(
              `${card.number} ${card.name} was changed by someone else, so it was not moved. The board now shows its latest state; try the move again.`,
            );
            void queryClient.invalidateQueries({ queryKey: ['board'] });
            return;
          }
          if (isFromDialog) return; // the closing dialog shows the server's answer itself
          const missing = missingRequirementsOf(error);
          if (missing) setRefusal({ card, stageLabel: label, missing });
          else notifyError(error, `${card.number} was not moved to ${label}`);
        },
      },
    );
  }

  function handleDragStart({ active }: DragStartEvent) {
    setActiveCard(cardOf(active));
    setRefusal(null);
    setConflict(null);
  }

  function handleDragEnd({ active, over }: DragEndEvent) {
    setActiveCard(null);
    const card = cardOf(active);
    if (!card || !over || over.id === card.stage) return;
    const target = catalog.find((stage) => stage.code === over.id);
    if (!target) return;
    if (target.closing) {
      move.reset();
      setClosing({ card, target: { stage: target, kind: 'close' } });
      return;
    }
    runMove(card, { stage: target.code }, false);
  }

  const listQuery = new URLSearchParams(filters.query);
  const data = board.data;
  const isEmpty = data?.columns.every((column) => column.count === 0) ?? false;
  // A phone shows one stage at a time (the address keeps which, so coming back from a deal returns to it).
  const chosenColumn = filters.get('column');
  const shownColumn =
    chosenColumn === closedColumnKey || data?.columns.some((column) => column.stage === chosenColumn)
      ? chosenColumn
      : data?.columns[0]?.stage;
  const isShown = (key: string) => !isPhone || key === shownColumn;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div>
          <Title order={1} size="h2">
            Pipeline board
          </Title>
          <Text size="sm" c="dimmed">
            {data
              ? `Column totals in ${data.currency}, the reporting currency; each card shows its own currency.`
              : ' '}
          </Text>
        </div>
        <Group gap="xs">
          <Button component={Link} to={`/opportunities?${listQuery.toString()}`} variant="default" size="xs">
            Show as list
          </Button>
        </Group>
      </Group>
      <BoardFilterBar filters={filters} />
      <Text size="xs" c="dimmed">
        {isPhone
          ? 'One stage at a time: choose it below. To move a deal to another stage, open it and use its stage bar.'
          : 'Drag a card to another stage. From the keyboard: focus a card’s grip ⠿, press Space, choose the stage with the arrow keys and press Space again.'}
      </Text>
      {isPhone && data && shownColumn && (
        <BoardStageSwitcher board={data} value={shownColumn} onChange={(column) => filters.set({ column })} />
      )}
      {refusal && (
        <GateRefusal
          title={`${refusal.card.number} ${refusal.card.name} was not moved to ${refusal.stageLabel}`}
          missing={refusal.missing}
          stages={catalog}
          onClose={() => setRefusal(null)}
          footer={
            <Anchor
              component={Link}
              to={`/opportunities/${refusal.card.id}`}
              size="sm"
              mt="xs"
              display="inline-block"
            >
              Open {refusal.card.number} to complete it
            </Anchor>
          }
        />
      )}
      {conflict && (
        <Alert
          color="yellow"
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setConflict(null)}
        >
          {conflict}
        </Alert>
      )}
      {board.isError && (
        <Alert color="red" title="The board could not be loaded" role="alert">
          {board.error.message}{' '}
          {filters.activeCount > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={filters.clear}>
              Clear filters
            </Button>
          )}
        </Alert>
      )}
      {isEmpty && (
        <Text size="sm" c="dimmed">
          {filters.activeCount > 0
            ? 'No open opportunity matches these filters.'
            : 'There are no open opportunities you can see yet. New opportunities appear in their stage’s column.'}
        </Text>
      )}
      {!data ? (
        !board.isError && (
          <Center h={240}>
            <Loader aria-label="Loading the board" />
          </Center>
        )
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={boardCollisions}
          onDragStart={handleDragStart}
          onDragEnd={handleDragEnd}
          onDragCancel={() => setActiveCard(null)}
          accessibility={{ announcements, screenReaderInstructions: instructions }}
        >
          <section
            className={classes.board}
            aria-label="Stages"
            data-fetching={board.isFetching || undefined}
          >
            {data.columns
              .filter((column) => isShown(column.stage))
              .map((column) => (
                <BoardColumn
                  key={column.stage}
                  column={column}
                  currency={data.currency}
                  query={filters.query}
                  canDrag={!isPhone}
                  leavingCardId={moving && moving.move.stage !== column.stage ? moving.card.id : null}
                  arrivingCard={moving && moving.move.stage === column.stage ? moving.card : null}
                  refusedCardId={refusal?.card.stage === column.stage ? refusal.card.id : null}
                />
              ))}
            {isShown(closedColumnKey) && (
              <ClosedSummaries closed={data.closed} currency={data.currency} listQuery={listQuery} />
            )}
          </section>
          <DragOverlay dropAnimation={null}>
            {activeCard && <BoardCardOverlay card={activeCard} />}
          </DragOverlay>
        </DndContext>
      )}
      <ClosingDialog
        target={closing?.target ?? null}
        subject={closing ? `${closing.card.number} ${closing.card.name}` : undefined}
        stages={catalog}
        isPending={move.isPending}
        error={move.error}
        onCancel={() => setClosing(null)}
        onSubmit={(stageMove) => closing && runMove(closing.card, stageMove, true)}
      />
    </Stack>
  );
}
