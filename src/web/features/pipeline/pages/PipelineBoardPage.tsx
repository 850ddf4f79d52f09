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
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { opportunityOverviewSchema, type StageMove } from '../../../../core/contract/opportunities.ts';
import type { OpportunityCard } from '../../../../core/contract/reports.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useStages } from '../../../hooks/useReferenceData.ts';
import { ClosingDialog, type ClosingDialogTarget } from '../../opportunities/components/ClosingDialog.tsx';
import { GatePanel } from '../../opportunities/components/GatePanel.tsx';
import { overviewKey } from '../../opportunities/hooks/useOpportunity.ts';
import { missingRequirementsOf } from '../../opportunities/lib/stage-refusal.ts';
import { BoardCardOverlay } from '../components/BoardCard.tsx';
import { BoardColumn } from '../components/BoardColumn.tsx';
import { BoardFilterBar } from '../components/BoardFilterBar.tsx';
import { BoardStageSwitcher, closedColumnKey } from '../components/BoardStageSwitcher.tsx';
import { ClosedSummaries } from '../components/ClosedSummaries.tsx';
import classes from '../components/PipelineBoard.module.css';
import { useBoard, useBoardMove } from '../hooks/useBoard.ts';
import { useBoardFilters } from '../hooks/useBoardFilters.ts';
import { boardKeyboardCoordinates } from '../lib/board-keyboard.ts';
import { type DropHint, dropHintFor } from '../lib/drop-hints.ts';

type GateTarget = { card: OpportunityCard; stage: StageDefinition };

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

/**
 * What a screen reader hears during a drag: where the card is, and whether it may drop there (the
 * same hint the column shows), read through `hintOf` at the moment of the event.
 */
function boardAnnouncements(
  hintOf: (card: OpportunityCard, stage: string) => DropHint | null,
): Announcements {
  return {
    onDragStart: ({ active }) => {
      const card = cardOf(active);
      return card
        ? `Picked up ${card.number} ${card.name}, in ${card.stageLabel}. Use the arrow keys to choose a stage, Space to drop, Escape to cancel. Each stage says whether the deal may move there.`
        : undefined;
    },
    onDragOver: ({ active, over }) => {
      const card = cardOf(active);
      if (!card) return undefined;
      const hint = over ? hintOf(card, String(over.id)) : null;
      return `${card.number} is over ${labelOf(over)}${hint ? `: ${hint.spoken}` : ''}.`;
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
}

const instructions = {
  draggable:
    'To move this opportunity to another stage, press Space or Enter to pick it up, use the arrow keys to choose the stage, and press Space or Enter to drop it. Escape cancels.',
};

/**
 * SPEC §8 Pipeline board: one column per open stage with count, total and weighted total in the
 * reporting currency, the closings as summaries, the list's filters in the address. Dragging a card
 * (pointer or keyboard) moves the deal through the same stage API as the stage bar: the server
 * checks the gates. While a card is dragged each stage says whether it may drop there; a drop on a
 * stage whose gate is not met opens the panel that asks for exactly what is missing, then moves it.
 */
export function PipelineBoardPage() {
  const isPhone = useIsPhone();
  const filters = useBoardFilters();
  const board = useBoard(filters.query);
  const stages = useStages();
  const move = useBoardMove();
  const queryClient = useQueryClient();
  const [activeCard, setActiveCard] = useState<OpportunityCard | null>(null);
  const [gate, setGate] = useState<GateTarget | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [closing, setClosing] = useState<{ card: OpportunityCard; target: ClosingDialogTarget } | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Instant scrolling: each arrow key lands on its stage before the next key is read.
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates, scrollBehavior: 'auto' }),
  );

  const catalog = stages.data ?? [];
  // While a card is dragged, what each stage would need of it: the server's readiness of the deal.
  const dragged = useQuery({
    queryKey: overviewKey(activeCard?.id ?? 0),
    queryFn: ({ signal }) =>
      api.get(`/opportunities/${activeCard?.id}/overview`, opportunityOverviewSchema, { signal }),
    enabled: activeCard !== null,
    staleTime: 10_000,
  });
  const readiness =
    activeCard && dragged.data?.opportunity.id === activeCard.id ? dragged.data.readiness : undefined;
  const hintOf = (card: OpportunityCard, stageCode: string): DropHint | null => {
    const target = catalog.find((stage) => stage.code === stageCode);
    return target ? dropHintFor(card.stage, target, readiness) : null;
  };
  const hintRef = useRef(hintOf);
  hintRef.current = hintOf;
  const announcements = useMemo(() => boardAnnouncements((card, stage) => hintRef.current(card, stage)), []);
  const missingOf = (stageCode: string) => readiness?.find((item) => item.stage === stageCode)?.missing ?? [];
  const labelOfStage = (code: string) => catalog.find((stage) => stage.code === code)?.label ?? code;
  const moving = move.isPending ? move.variables : undefined;

  /** Moves a card; a gate not met opens the gate panel, the refusal of a closing shows in its dialog. */
  function runMove(card: OpportunityCard, stageMove: StageMove, isFromDialog: boolean) {
    const label = labelOfStage(stageMove.stage);
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
          // A gate not met (the readiness was not read yet, or the deal changed): ask for what it needs.
          const target = catalog.find((stage) => stage.code === stageMove.stage);
          if (missingRequirementsOf(error) && target) setGate({ card, stage: target });
          else notifyError(error, `${card.number} was not moved to ${label}`);
        },
      },
    );
  }

  function handleDragStart({ active }: DragStartEvent) {
    setActiveCard(cardOf(active));
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
    if (missingOf(target.code).length > 0) {
      setGate({ card, stage: target });
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
                  refusedCardId={gate?.card.stage === column.stage ? gate.card.id : null}
                  dropHint={activeCard ? hintOf(activeCard, column.stage) : null}
                />
              ))}
            {isShown(closedColumnKey) && (
              <ClosedSummaries
                closed={data.closed}
                currency={data.currency}
                listQuery={listQuery}
                hintOf={(stage) => (activeCard ? hintOf(activeCard, stage) : null)}
              />
            )}
          </section>
          <DragOverlay dropAnimation={null}>
            {activeCard && <BoardCardOverlay card={activeCard} />}
          </DragOverlay>
        </DndContext>
      )}
      <GatePanel
        target={
          gate
            ? {
                opportunityId: gate.card.id,
                stage: gate.stage,
                subject: `${gate.card.number} ${gate.card.name}`,
              }
            : null
        }
        stages={catalog}
        onClose={() => {
          if (gate) returnFocusToCard(gate.card.id);
          setGate(null);
        }}
      />
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

/**
 * After the gate panel closes (saved and moved, or cancelled), the keyboard goes back to the card's
 * grip rather than to the page: the board redraws the card in its new column, so the element the
 * panel was opened from may be gone. Only while the focus has nowhere else to be (the page body).
 */
function returnFocusToCard(id: number) {
  let tries = 0;
  const attempt = () => {
    const card = document.querySelector<HTMLElement>(`[data-card-id="${id}"]:not([data-overlay])`);
    const grip = card?.querySelector<HTMLElement>('[data-card-grip]');
    const active = document.activeElement;
    if (grip && (active === null || active === document.body)) grip.focus();
    tries += 1;
    if (tries < 15) window.setTimeout(attempt, 80);
  };
  window.setTimeout(attempt, 0);
}
