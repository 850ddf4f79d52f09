import { Alert, Button, Card, Center, Collapse, Group, Loader, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';

type ReportCardProps = {
  id: string;
  title: string;
  /** Which currency the amounts are in, and how they were converted. */
  note?: ReactNode;
  controls?: ReactNode;
  isLoading: boolean;
  error: Error | null;
  isEmpty: boolean;
  emptyText: string;
  chart: ReactNode;
  /** The same figures as a table: the chart's accessible alternative, and the exact amounts. */
  table: ReactNode;
};

/** A report of the dashboard (SPEC §8): a heading, its chart, and the figures as a table on request. */
export function ReportCard({
  id,
  title,
  note,
  controls,
  isLoading,
  error,
  isEmpty,
  emptyText,
  chart,
  table,
}: ReportCardProps) {
  const [isTableShown, setTableShown] = useState(false);
  const headingId = `${id}-heading`;
  const tableId = `${id}-table`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      {/* On a narrow card the controls go below the heading instead of squeezing it to a column. */}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" mb="sm">
        <div style={{ minWidth: 0, flex: '1 1 14rem' }}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {note && (
            <Text size="xs" c="dimmed">
              {note}
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          {controls}
          <Button
            variant="default"
            size="compact-xs"
            aria-expanded={isTableShown}
            aria-controls={tableId}
            disabled={isEmpty || isLoading}
            onClick={() => setTableShown((shown) => !shown)}
          >
            {isTableShown ? 'Hide table' : 'Show as table'}
          </Button>
        </Group>
      </Group>
      {error ? (
        <Alert color="red" role="alert" title="This report could not be loaded">
          {error.message}
        </Alert>
      ) : isLoading ? (
        <Center h={200}>
          <Loader size="sm" aria-label={`Loading ${title}`} />
        </Center>
      ) : isEmpty ? (
        <Text size="sm" c="dimmed" py="lg">
          {emptyText}
        </Text>
      ) : (
        <figure aria-labelledby={headingId} style={{ margin: 0 }}>
          {chart}
        </figure>
      )}
      <Collapse expanded={isTableShown && !isEmpty} id={tableId}>
        <div style={{ marginTop: 'var(--mantine-spacing-sm)', overflowX: 'auto' }}>{table}</div>
      </Collapse>
    </Card>
  );
}

/** "Amounts in EUR, converted from USD at today's rate (1 EUR = 1.08 USD)". */
export function currencyNote(report: { currency: string; reportingCurrency: string; rate: string | null }) {
  return report.rate === null
    ? `Amounts in ${report.currency}, the reporting currency.`
    : `Amounts in ${report.currency}, converted from ${report.reportingCurrency} at today’s rate (1 ${report.currency} = ${report.rate} ${report.reportingCurrency}).`;
}
