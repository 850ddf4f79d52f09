import { BarChart } from '@mantine/charts';
import { Table } from '@mantine/core';
import type {
  PipelineReport,
  WeightedByQuarterReport as QuarterReport,
} from '../../../../core/contract/reports.ts';
import { type MinorTotal, minorTotalToNumber } from '../../../../core/money.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useMoneyFormat } from '../hooks/useMoneyFormat.ts';
import { type ReportFilters, usePipelineReport, useWeightedByQuarter } from '../hooks/useReports.ts';
import { currencyNote, ReportCard } from './ReportCard.tsx';

const totalSeries = [
  { name: 'totalMinor', label: 'Total', color: 'blue.3' },
  { name: 'weightedMinor', label: 'Weighted', color: 'blue.8' },
];

type Row = { key: string; label: string; count: number; totalMinor: MinorTotal; weightedMinor: MinorTotal };

function TotalsTable({
  rows,
  currency,
  first,
  labelledBy,
}: {
  rows: Row[];
  currency: string;
  first: string;
  labelledBy: string;
}) {
  const money = useMoneyFormat(currency);
  const right = { textAlign: 'right' } as const;
  return (
    <Table striped verticalSpacing={4} aria-labelledby={labelledBy}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{first}</Table.Th>
          <Table.Th style={right}>Deals</Table.Th>
          <Table.Th style={right}>Total ({currency})</Table.Th>
          <Table.Th style={right}>Weighted ({currency})</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Td>{row.label}</Table.Td>
            <Table.Td style={right}>{row.count}</Table.Td>
            <Table.Td style={right}>{money.full(row.totalMinor)}</Table.Td>
            <Table.Td style={right}>{money.full(row.weightedMinor)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TotalsChart({ rows, currency, byStage }: { rows: Row[]; currency: string; byStage?: boolean }) {
  const money = useMoneyFormat(currency);
  const labelWidth = useIsPhone() ? 110 : 170;
  // Stage labels are long ("05 Conditional agreement"): stages run down the side, bars across.
  return (
    <BarChart
      h={byStage ? rows.length * 38 + 70 : 260}
      // Bars need magnitudes only (the table shows the exact totals).
      data={rows.map((row) => ({
        ...row,
        totalMinor: minorTotalToNumber(row.totalMinor),
        weightedMinor: minorTotalToNumber(row.weightedMinor),
      }))}
      dataKey="label"
      series={totalSeries}
      valueFormatter={money.compact}
      withLegend
      legendProps={{ verticalAlign: 'top', height: 36 }}
      orientation={byStage ? 'vertical' : 'horizontal'}
      tickLine={byStage ? 'x' : 'y'}
      gridAxis={byStage ? 'x' : 'y'}
      maxBarWidth={byStage ? 14 : 36}
      {...(byStage ? { yAxisProps: { width: labelWidth } } : { yAxisProps: { width: 72 } })}
    />
  );
}

/** SPEC §8 Dashboard: the pipeline per calendar quarter of the decision date, total and weighted. */
export function WeightedByQuarterReport({ filters }: { filters: ReportFilters }) {
  const report = useWeightedByQuarter(filters);
  const data: QuarterReport | undefined = report.data;
  const rows: Row[] = (data?.quarters ?? []).map((quarter) => ({
    key: quarter.quarter,
    label: quarter.quarter,
    ...quarter,
  }));
  return (
    <ReportCard
      id="weighted-by-quarter"
      title="Weighted pipeline by quarter"
      note={data && `${currencyNote(data)} Open deals by the quarter of their decision date.`}
      isLoading={report.isLoading}
      error={report.error}
      isEmpty={rows.length === 0}
      emptyText="No open opportunities yet: their totals by decision quarter appear here."
      chart={data && <TotalsChart rows={rows} currency={data.currency} />}
      table={
        data && (
          <TotalsTable
            rows={rows}
            currency={data.currency}
            first="Quarter"
            labelledBy="weighted-by-quarter-heading"
          />
        )
      }
    />
  );
}

/** SPEC §9.1 `reports/pipeline`: open deals by stage, total and weighted. */
export function PipelineByStageReport({ filters }: { filters: ReportFilters }) {
  const report = usePipelineReport(filters);
  const data: PipelineReport | undefined = report.data;
  const rows: Row[] = (data?.stages ?? [])
    .filter((stage) => !stage.closing)
    .map((stage) => ({ key: stage.stage, ...stage }));
  return (
    <ReportCard
      id="pipeline-by-stage"
      title="Pipeline by stage"
      note={data && currencyNote(data)}
      isLoading={report.isLoading}
      error={report.error}
      isEmpty={(data?.totals.count ?? 0) === 0}
      emptyText="No open opportunities yet: their totals per stage appear here."
      chart={data && <TotalsChart rows={rows} currency={data.currency} byStage />}
      table={
        data && (
          <TotalsTable
            rows={rows}
            currency={data.currency}
            first="Stage"
            labelledBy="pipeline-by-stage-heading"
          />
        )
      }
    />
  );
}
