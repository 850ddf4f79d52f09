import { useDroppable } from '@dnd-kit/core';
import { Anchor, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import type { Board } from '../../../../core/contract/reports.ts';
import { Money } from '../../../components/Money.tsx';
import type { DropHint } from '../lib/drop-hints.ts';
import { countLabel } from './BoardColumn.tsx';
import classes from './PipelineBoard.module.css';

type Summary = Board['closed'][number];

function ClosedSummary({
  summary,
  currency,
  listQuery,
  dropHint,
}: {
  summary: Summary;
  currency: string;
  listQuery: URLSearchParams;
  dropHint: DropHint | null;
}) {
  const { setNodeRef, isOver, active } = useDroppable({ id: summary.stage, data: { label: summary.label } });
  const query = new URLSearchParams(listQuery);
  query.set('stage', summary.stage);
  const headingId = `closed-${summary.stage}-heading`;
  return (
    <section
      ref={setNodeRef}
      className={classes.summary}
      data-outcome={summary.outcome}
      data-over={(isOver && active !== null) || undefined}
      data-stage={summary.stage}
      data-drop={dropHint?.kind}
      aria-labelledby={headingId}
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Anchor
          component={Link}
          to={`/opportunities?${query.toString()}`}
          id={headingId}
          size="sm"
          fw={600}
          c="inherit"
          truncate
        >
          {summary.label}
        </Anchor>
        <Text size="xs" c="dimmed">
          <span aria-hidden="true">{summary.count}</span>
          <VisuallyHidden>{countLabel(summary.count)}</VisuallyHidden>
        </Text>
      </Group>
      <Money size="sm" amountMinor={summary.totalMinor} currency={currency} />
      {dropHint && (
        <Text size="xs" fw={600} className={classes.dropHint} data-kind={dropHint.kind} aria-hidden="true">
          {dropHint.text}
        </Text>
      )}
    </section>
  );
}

/**
 * The four closing stages, collapsed into summaries (SPEC §8): each a drop target that asks for
 * the closing's reason, competitor or note before it closes the deal.
 */
export function ClosedSummaries({
  closed,
  currency,
  listQuery,
  hintOf,
}: {
  closed: Board['closed'];
  currency: string;
  listQuery: URLSearchParams;
  /** While a card is dragged: whether it may close as this stage. */
  hintOf: (stage: string) => DropHint | null;
}) {
  return (
    <section className={classes.closedColumn} aria-labelledby="closed-heading">
      <header className={classes.columnHeader}>
        <Text component="h2" id="closed-heading" size="sm" fw={700}>
          Closed
        </Text>
        <Text size="xs" c="dimmed">
          Drop a deal here to close it. Lost deals count at their value when they closed.
        </Text>
      </header>
      <Stack gap={8} p={8}>
        {closed.map((summary) => (
          <ClosedSummary
            key={summary.stage}
            summary={summary}
            currency={currency}
            listQuery={listQuery}
            dropHint={hintOf(summary.stage)}
          />
        ))}
      </Stack>
    </section>
  );
}
