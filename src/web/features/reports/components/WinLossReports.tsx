import { BarChart, DonutChart } from '@mantine/charts';
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useState } from 'react';
import type { WinLossReport } from '../../../../core/contract/reports.ts';
import { type MinorTotal, minorTotalToNumber } from '../../../../core/money.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { formatDate } from '../../../lib/format.ts';
import { useMoneyFormat } from '../hooks/useMoneyFormat.ts';
import { type ReportFilters, useWinLoss } from '../hooks/useReports.ts';
import { currencyNote, ReportCard } from './ReportCard.tsx';

type Measure = 'count' | 'amount';

const right = { textAlign: 'right' } as const;

/** One bar per closing stage and reason of the list (issue 10), won and lost alike. */
function reasonLabel(row: WinLossReport['byReason'][number]): string {
  return row.reason ? `${row.stageLabel}: ${row.reason}` : `${row.stageLabel}: no reason given`;
}

function periodText(report: WinLossReport | undefined): string {
  if (!report) return '';
  if (report.closedFrom && report.closedTo)
    return `Closed between ${formatDate(report.closedFrom)} and ${formatDate(report.closedTo)}.`;
  if (report.closedFrom) return `Closed on or after ${formatDate(report.closedFrom)}.`;
  if (report.closedTo) return `Closed on or before ${formatDate(report.closedTo)}.`;
  return 'All closed deals.';
}

function WinLossSummary({ report, measure }: { report: WinLossReport; measure: Measure }) {
  const money = useMoneyFormat(report.currency);
  const { totals } = report;
  // The chart needs magnitudes only; the text below shows the exact amounts.
  const won = measure === 'count' ? totals.wonCount : minorTotalToNumber(totals.wonMinor);
  const lost = measure === 'count' ? totals.lostCount : minorTotalToNumber(totals.lostMinor);
  const hasClosed = totals.wonCount + totals.lostCount > 0;
  return (
    <Group gap="lg" wrap="nowrap">
      {hasClosed && (
        <figure
          style={{ margin: 0 }}
          aria-label={`Won against lost, by ${measure === 'count' ? 'deals' : 'amount'}`}
        >
          <DonutChart
            size={96}
            thickness={14}
            data={[
              { name: 'Won', value: won, color: 'green.6' },
              { name: 'Lost', value: lost, color: 'red.5' },
            ]}
            chartLabel={totals.winRatePercent === null ? '' : `${totals.winRatePercent}%`}
            valueFormatter={measure === 'count' ? (value) => String(value) : money.compact}
          />
        </figure>
      )}
      <Stack gap={2}>
        <Text size="sm">
          <Text span fw={600} c="green.8">
            Won {totals.wonCount}
          </Text>{' '}
          {totals.wonCount === 1 ? 'deal' : 'deals'}, {money.full(totals.wonMinor)}
        </Text>
        <Text size="sm">
          <Text span fw={600} c="red.8">
            Lost {totals.lostCount}
          </Text>{' '}
          {totals.lostCount === 1 ? 'deal' : 'deals'}, {money.full(totals.lostMinor)}
        </Text>
        <Text size="sm">
          Win rate by count:{' '}
          <Text span fw={600}>
            {totals.winRatePercent === null ? 'no closed deals' : `${totals.winRatePercent}%`}
          </Text>
        </Text>
      </Stack>
    </Group>
  );
}

/**
 * SPEC §8 Dashboard: won and lost deals by close reason and by the last open stage before they
 * closed, for a period of closing (`closedFrom`/`closedTo`), by number of deals or by amount.
 */
export function WinLossReports({ filters }: { filters: ReportFilters }) {
  const report = useWinLoss(filters);
  // Stage and reason names down the side: narrower on a phone, so the bars keep some room.
  const labelWidth = useIsPhone() ? 110 : 190;
  const [measure, setMeasure] = useState<Measure>('count');
  const data = report.data;
  const money = useMoneyFormat(data?.currency ?? 'USD');
  const isEmpty = !data || data.totals.wonCount + data.totals.lostCount === 0;
  const value = (count: number, amountMinor: MinorTotal) =>
    measure === 'count' ? count : minorTotalToNumber(amountMinor);
  const formatter = measure === 'count' ? (amount: number) => String(amount) : money.compact;
  const reasonRows = (data?.byReason ?? []).map((row) => ({
    label: reasonLabel(row),
    won: row.outcome === 'won' ? value(row.count, row.amountMinor) : 0,
    lost: row.outcome === 'lost' ? value(row.count, row.amountMinor) : 0,
  }));
  const stageRows = (data?.byLastOpenStage ?? []).map((row) => ({
    label: row.label,
    won: value(row.wonCount, row.wonMinor),
    lost: value(row.lostCount, row.lostMinor),
  }));
  const series = [
    { name: 'won', label: measure === 'count' ? 'Won (deals)' : 'Won', color: 'green.6' },
    { name: 'lost', label: measure === 'count' ? 'Lost (deals)' : 'Lost', color: 'red.5' },
  ];
  const hasPeriod = Boolean(data?.closedFrom || data?.closedTo);
  const emptyText = hasPeriod
    ? 'No deal was won or lost in this period. Widen the period (Closed from / Closed to) to see more.'
    : 'No deal has been won or lost yet. Deals appear here once they reach a closing stage.';
  const note =
    data && `${periodText(data)} ${measure === 'amount' ? currencyNote(data) : 'By number of deals.'}`;

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" role="group" aria-labelledby="win-loss-period-label">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Text id="win-loss-period-label" size="sm" fw={600} pb={6}>
              Won and lost deals
            </Text>
            <DateInput
              label="Closed from"
              size="xs"
              w={140}
              clearable
              valueFormat="YYYY-MM-DD"
              value={filters.get('closedFrom') ?? null}
              onChange={(date) => filters.set({ closedFrom: date })}
            />
            <DateInput
              label="Closed to"
              size="xs"
              w={140}
              clearable
              valueFormat="YYYY-MM-DD"
              value={filters.get('closedTo') ?? null}
              onChange={(date) => filters.set({ closedTo: date })}
            />
            <SegmentedControl
              size="xs"
              aria-label="Measure won and lost deals by"
              value={measure}
              onChange={(next) => setMeasure(next as Measure)}
              data={[
                { value: 'count', label: 'Deals' },
                { value: 'amount', label: 'Amount' },
              ]}
            />
          </Group>
          {data && <WinLossSummary report={data} measure={measure} />}
        </Group>
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ReportCard
          id="win-loss-by-reason"
          title="Win/loss by close reason"
          note={note}
          isLoading={report.isLoading}
          error={report.error}
          isEmpty={isEmpty}
          emptyText={emptyText}
          chart={
            <BarChart
              h={Math.max(160, reasonRows.length * 40 + 70)}
              data={reasonRows}
              dataKey="label"
              series={series}
              type="stacked"
              orientation="vertical"
              valueFormatter={formatter}
              withLegend
              legendProps={{ verticalAlign: 'top', height: 36 }}
              tickLine="x"
              gridAxis="x"
              xAxisProps={{ allowDecimals: measure === 'amount' }}
              maxBarWidth={18}
              yAxisProps={{ width: labelWidth }}
            />
          }
          table={
            data && (
              <Table striped verticalSpacing={4} aria-labelledby="win-loss-by-reason-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Closing</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th style={right}>Deals</Table.Th>
                    <Table.Th style={right}>Amount ({data.currency})</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.byReason.map((row) => (
                    <Table.Tr key={`${row.stage}-${row.reasonId ?? 'none'}`}>
                      <Table.Td>
                        {row.stageLabel} ({row.outcome})
                      </Table.Td>
                      <Table.Td>{row.reason ?? 'No reason given'}</Table.Td>
                      <Table.Td style={right}>{row.count}</Table.Td>
                      <Table.Td style={right}>{money.full(row.amountMinor)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        />
        <ReportCard
          id="win-loss-by-stage"
          title="Win/loss by last open stage"
          note={note}
          isLoading={report.isLoading}
          error={report.error}
          isEmpty={isEmpty}
          emptyText={emptyText}
          chart={
            <BarChart
              h={stageRows.length * 38 + 70}
              data={stageRows}
              dataKey="label"
              series={series}
              orientation="vertical"
              valueFormatter={formatter}
              withLegend
              legendProps={{ verticalAlign: 'top', height: 36 }}
              tickLine="x"
              gridAxis="x"
              xAxisProps={{ allowDecimals: measure === 'amount' }}
              maxBarWidth={12}
              yAxisProps={{ width: labelWidth }}
            />
          }
          table={
            data && (
              <Table striped verticalSpacing={4} aria-labelledby="win-loss-by-stage-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Last open stage</Table.Th>
                    <Table.Th style={right}>Won</Table.Th>
                    <Table.Th style={right}>Won ({data.currency})</Table.Th>
                    <Table.Th style={right}>Lost</Table.Th>
                    <Table.Th style={right}>Lost ({data.currency})</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.byLastOpenStage.map((row) => (
                    <Table.Tr key={row.stage ?? 'unknown'}>
                      <Table.Td>{row.label}</Table.Td>
                      <Table.Td style={right}>{row.wonCount}</Table.Td>
                      <Table.Td style={right}>{money.full(row.wonMinor)}</Table.Td>
                      <Table.Td style={right}>{row.lostCount}</Table.Td>
                      <Table.Td style={right}>{money.full(row.lostMinor)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        />
      </SimpleGrid>
    </Stack>
  );
}
