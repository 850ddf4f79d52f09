import '@mantine/charts/styles.css';
import { Checkbox, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCurrencies } from '../../../hooks/useReferenceData.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { PipelineByStageReport, WeightedByQuarterReport } from '../components/PipelineCharts.tsx';
import { TimeInStageReport } from '../components/TimeInStageReport.tsx';
import { WinLossReports } from '../components/WinLossReports.tsx';
import { useReportFilters } from '../hooks/useReports.ts';

/**
 * SPEC §8 Dashboard/reports: weighted pipeline by quarter, pipeline by stage, win/loss by close
 * reason and by last open stage, time in stage; charts with their figures as tables. Only what the
 * viewer may open counts (SPEC §5), in the reporting currency or one they choose to display.
 * This is the only screen that loads the chart library.
 */
export function ReportsPage() {
  const { data: me } = useMe();
  const filters = useReportFilters();
  const currencies = useCurrencies();
  const reporting = currencies.data?.reportingCurrency ?? me?.reportingCurrency ?? 'USD';
  const options = (currencies.data?.items ?? [])
    .filter((currency) => currency.isActive && (currency.rate !== null || currency.code === reporting))
    .map((currency) => ({
      value: currency.code,
      label:
        currency.code === reporting
          ? `${currency.code} (reporting currency)`
          : `${currency.code} · ${currency.name}`,
    }));
  return (
    <Stack gap="md" maw={1500}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            Reports
          </Title>
          <Text size="sm" c="dimmed">
            Every figure counts only the opportunities you may open.
          </Text>
        </div>
        <Group gap="md" align="flex-end" wrap="wrap">
          <Checkbox
            size="xs"
            mb={8}
            label="Only my opportunities"
            checked={filters.get('mine') === 'true'}
            onChange={(event) => filters.set({ mine: event.currentTarget.checked ? 'true' : null })}
          />
          <Select
            label="Show amounts in"
            size="xs"
            w={230}
            searchable
            allowDeselect={false}
            data={options}
            value={filters.get('displayCurrency') ?? reporting}
            onChange={(code) => filters.set({ displayCurrency: code === reporting ? null : code })}
          />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <WeightedByQuarterReport filters={filters} />
        <PipelineByStageReport filters={filters} />
      </SimpleGrid>
      <WinLossReports filters={filters} />
      <TimeInStageReport filters={filters} />
    </Stack>
  );
}
