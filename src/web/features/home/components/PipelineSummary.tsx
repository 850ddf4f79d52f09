import { Anchor, Box, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Home } from '../../../../core/contract/reports.ts';
import { type MinorTotal, minorTotalToNumber } from '../../../../core/money.ts';
import { Money } from '../../../components/Money.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import type { HomeScope } from '../hooks/useHome.ts';
import classes from './PipelineSummary.module.css';

type PipelineSummaryProps = {
  pipeline: Home['pipeline'];
  currency: string;
  scope: HomeScope;
  canCreate: boolean;
};

/**
 * SPEC §8 Home: the open pipeline by stage, with count, total and weighted total in the reporting
 * currency. The bars are plain boxes (no chart library on the landing screen): the light bar is the
 * stage's total against the largest stage, the dark part its weighted share.
 */
function barWidth(totalMinor: MinorTotal, largest: number): string {
  const total = minorTotalToNumber(totalMinor);
  if (total <= 0) return '0';
  return `${Math.max(1, (total / largest) * 100)}%`;
}

/** The weighted share of a stage's total, in percent (a proportion: doubles are fine here). */
function weightedShare(stage: { totalMinor: MinorTotal; weightedMinor: MinorTotal }): number {
  const total = minorTotalToNumber(stage.totalMinor);
  return total > 0 ? (minorTotalToNumber(stage.weightedMinor) / total) * 100 : 0;
}

type Stage = Home['pipeline']['stages'][number];

/**
 * On a phone the five columns do not fit: each stage is a block of its own, the name and count on a
 * line, the bar across the width, the total and weighted total below.
 */
function PhoneSummary({
  pipeline,
  currency,
  largest,
  listLink,
}: {
  pipeline: Home['pipeline'];
  currency: string;
  largest: number;
  listLink: (stage?: string) => string;
}) {
  const block = (stage: Stage) => (
    <li key={stage.stage} className={classes.phoneStage}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={listLink(stage.stage)} size="sm" fw={500} c="inherit" truncate="end">
          {stage.label}
        </Anchor>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {stage.count} {stage.count === 1 ? 'deal' : 'deals'}
        </Text>
      </Group>
      <Box className={classes.bar} style={{ width: barWidth(stage.totalMinor, largest) }} aria-hidden="true">
        <Box className={classes.weighted} style={{ width: `${weightedShare(stage)}%` }} />
      </Box>
      <Group justify="space-between" wrap="wrap" gap={4}>
        <Text size="xs" c="dimmed">
          Total <Money amountMinor={stage.totalMinor} currency={currency} c="var(--mantine-color-text)" />
        </Text>
        <Text size="xs" c="dimmed">
          Weighted{' '}
          <Money amountMinor={stage.weightedMinor} currency={currency} c="var(--mantine-color-text)" />
        </Text>
      </Group>
    </li>
  );
  return (
    <ul className={classes.phoneList} aria-label={`Open pipeline by stage, amounts in ${currency}`}>
      {pipeline.stages.map(block)}
      <li className={classes.phoneStage}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Anchor component={Link} to={listLink()} size="sm" fw={600} c="inherit">
            All open
          </Anchor>
          <Text size="sm" fw={600}>
            {pipeline.totals.count} {pipeline.totals.count === 1 ? 'deal' : 'deals'}
          </Text>
        </Group>
        <Group justify="space-between" wrap="wrap" gap={4}>
          <Text size="xs" c="dimmed">
            Total{' '}
            <Money
              amountMinor={pipeline.totals.totalMinor}
              currency={currency}
              fw={600}
              c="var(--mantine-color-text)"
            />
          </Text>
          <Text size="xs" c="dimmed">
            Weighted{' '}
            <Money
              amountMinor={pipeline.totals.weightedMinor}
              currency={currency}
              fw={600}
              c="var(--mantine-color-text)"
            />
          </Text>
        </Group>
      </li>
    </ul>
  );
}

export function PipelineSummary({ pipeline, currency, scope, canCreate }: PipelineSummaryProps) {
  const isPhone = useIsPhone();
  const largest = Math.max(1, ...pipeline.stages.map((stage) => minorTotalToNumber(stage.totalMinor)));
  const listLink = (stage?: string) => {
    const query = new URLSearchParams({ status: 'open' });
    if (stage) query.set('stage', stage);
    if (scope === 'mine') query.set('mine', 'true');
    return `/opportunities?${query.toString()}`;
  };
  if (pipeline.totals.count === 0) {
    return (
      <Box>
        <Text size="sm" c="dimmed">
          {scope === 'mine'
            ? 'You have no open opportunities yet. Open a client or one of its BPContacts and add one from its Opportunities panel.'
            : 'There are no open opportunities you can see yet.'}
        </Text>
        {canCreate && (
          <Button component={Link} to="/opportunities/new" size="xs" mt="sm">
            New opportunity
          </Button>
        )}
      </Box>
    );
  }
  const footnote = (
    <Text size="xs" c="dimmed" mt="xs">
      Amounts in {currency}, the reporting currency; each deal is converted at its own rate. Weighted = amount
      × the stage’s probability.
    </Text>
  );
  if (isPhone) {
    return (
      <>
        <PhoneSummary pipeline={pipeline} currency={currency} largest={largest} listLink={listLink} />
        {footnote}
      </>
    );
  }
  return (
    <>
      <Table
        verticalSpacing={6}
        horizontalSpacing="xs"
        className={classes.table}
        aria-label={`Open pipeline by stage, amounts in ${currency}`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th className={classes.stage}>Stage</Table.Th>
            <Table.Th className={classes.number}>Deals</Table.Th>
            <Table.Th className={classes.barCell}>
              <span className={classes.legend}>
                <span className={classes.legendTotal} aria-hidden="true" /> total
                <span className={classes.legendWeighted} aria-hidden="true" /> weighted
              </span>
            </Table.Th>
            <Table.Th className={classes.number}>Total</Table.Th>
            <Table.Th className={classes.number}>Weighted</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pipeline.stages.map((stage) => (
            <Table.Tr key={stage.stage}>
              <Table.Td className={classes.stage}>
                <Anchor component={Link} to={listLink(stage.stage)} size="sm" c="inherit">
                  {stage.label}
                </Anchor>
                {/* On narrow screens the stage name needs the room; the footnote explains weighting. */}
                <Text span size="xs" c="dimmed" ml={6} visibleFrom="lg">
                  {stage.probability}%
                </Text>
              </Table.Td>
              <Table.Td className={classes.number}>{stage.count}</Table.Td>
              <Table.Td className={classes.barCell}>
                <Box
                  className={classes.bar}
                  style={{ width: barWidth(stage.totalMinor, largest) }}
                  aria-hidden="true"
                >
                  <Box
                    className={classes.weighted}
                    style={{
                      width: `${weightedShare(stage)}%`,
                    }}
                  />
                </Box>
              </Table.Td>
              <Table.Td className={classes.number}>
                <Money amountMinor={stage.totalMinor} currency={currency} />
              </Table.Td>
              <Table.Td className={classes.number}>
                <Money amountMinor={stage.weightedMinor} currency={currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th>
              <Anchor component={Link} to={listLink()} size="sm" fw={600} c="inherit">
                All open
              </Anchor>
            </Table.Th>
            <Table.Th className={classes.number}>{pipeline.totals.count}</Table.Th>
            <Table.Th className={classes.barCell} />
            <Table.Th className={classes.number}>
              <Money amountMinor={pipeline.totals.totalMinor} currency={currency} />
            </Table.Th>
            <Table.Th className={classes.number}>
              <Money amountMinor={pipeline.totals.weightedMinor} currency={currency} />
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {footnote}
    </>
  );
}
