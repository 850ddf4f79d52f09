import { BarChart } from '@mantine/charts';
import { Checkbox, Table } from '@mantine/core';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { type ReportFilters, useTimeInStage } from '../hooks/useReports.ts';
import { ReportCard } from './ReportCard.tsx';

const right = { textAlign: 'right' } as const;

function days(value: number | null): string {
  return value === null ? '—' : `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} d`;
}

/** SPEC §8 Dashboard: how long deals stay in each open stage, from the stage history (average and median days). */
export function TimeInStageReport({ filters }: { filters: ReportFilters }) {
  const report = useTimeInStage(filters);
  // Stage names down the side: narrower on a phone, so the bars keep some room.
  const labelWidth = useIsPhone() ? 110 : 190;
  const data = report.data;
  const rows = (data?.stages ?? []).map((stage) => ({
    label: stage.label,
    averageDays: stage.averageDays,
    medianDays: stage.medianDays,
  }));
  const isEmpty = !data || data.stages.every((stage) => stage.count === 0);
  return (
    <ReportCard
      id="time-in-stage"
      title="Time in stage"
      note={
        data?.includeCurrent
          ? 'Days per stay, finished stays and the current stay of open deals up to today.'
          : 'Days per stay, finished stays only: a stay ends with the next stage change.'
      }
      controls={
        <Checkbox
          size="xs"
          label="Count current stays"
          checked={filters.includeCurrent}
          onChange={(event) => filters.set({ includeCurrent: event.currentTarget.checked ? 'true' : null })}
        />
      }
      isLoading={report.isLoading}
      error={report.error}
      isEmpty={isEmpty}
      emptyText="No stay in a stage has ended yet. Once deals move between stages, their time in each stage appears here; tick “Count current stays” to include the stages deals are in now."
      chart={
        <BarChart
          h={rows.length * 38 + 70}
          data={rows}
          dataKey="label"
          series={[
            { name: 'averageDays', label: 'Average days', color: 'teal.4' },
            { name: 'medianDays', label: 'Median days', color: 'teal.8' },
          ]}
          orientation="vertical"
          valueFormatter={(value) => days(value)}
          // Stays can be shorter than a day: the figure at each bar keeps a 0.2-day stay readable.
          withBarValueLabel
          withLegend
          legendProps={{ verticalAlign: 'top', height: 36 }}
          tickLine="x"
          gridAxis="x"
          maxBarWidth={12}
          yAxisProps={{ width: labelWidth }}
        />
      }
      table={
        data && (
          <Table striped verticalSpacing={4} aria-labelledby="time-in-stage-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Stage</Table.Th>
                <Table.Th style={right}>Stays</Table.Th>
                <Table.Th style={right}>Average</Table.Th>
                <Table.Th style={right}>Median</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.stages.map((stage) => (
                <Table.Tr key={stage.stage}>
                  <Table.Td>{stage.label}</Table.Td>
                  <Table.Td style={right}>{stage.count}</Table.Td>
                  <Table.Td style={right}>{days(stage.averageDays)}</Table.Td>
                  <Table.Td style={right}>{days(stage.medianDays)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      }
    />
  );
}
