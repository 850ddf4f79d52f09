import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Currency, currencyListSchema, currencySchema } from '../../../../core/contract/currencies.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { formatDate } from '../../../lib/format.ts';
import { CurrencyRatesModal } from '../components/CurrencyRatesModal.tsx';

/**
 * Admin → Currencies and rates (SPEC §4): the currencies with a rate against the reporting
 * currency (or every ISO 4217 currency), the rate in force and since when, and each one's dated rates.
 */
export function AdminCurrenciesPage() {
  const queryClient = useQueryClient();
  const [showAll, setShowAll] = useState(false);
  const [filter, setFilter] = useState('');
  const [openCode, setOpenCode] = useState<string | null>(null);
  // Always every currency: one switched off in pickers must stay reachable here to switch it back on.
  const currencies = useQuery({
    queryKey: ['currencies', 'all'],
    queryFn: () => api.get('/currencies', currencyListSchema, { query: { all: 'true' } }),
  });
  const offer = useMutation({
    mutationFn: ({ currency, isActive }: { currency: Currency; isActive: boolean }) =>
      api.patch(`/currencies/${currency.code}`, currencySchema, { isActive }, { ifMatch: currency.version }),
    onSuccess: (currency) => {
      void queryClient.invalidateQueries({ queryKey: ['currencies'] });
      notifySuccess(
        currency.isActive
          ? `${currency.code} is offered when choosing a currency`
          : `${currency.code} is no longer offered; opportunities already in ${currency.code} keep it`,
      );
    },
    onError: (error) => {
      notifyError(error, 'The currency was not changed');
      // After a conflict the switch shows the currency as another administrator left it.
      void queryClient.invalidateQueries({ queryKey: ['currencies'] });
    },
  });

  if (currencies.isLoading || !currencies.data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading currencies" />
      </Center>
    );
  }
  const reporting = currencies.data.reportingCurrency;
  const needle = filter.trim().toLowerCase();
  const rows = currencies.data.items
    .filter((currency) => showAll || currency.rate !== null)
    .filter(
      (currency) =>
        !needle ||
        currency.code.toLowerCase().includes(needle) ||
        currency.name.toLowerCase().includes(needle),
    )
    .sort((left, right) =>
      left.code === reporting ? -1 : right.code === reporting ? 1 : left.code.localeCompare(right.code),
    );
  const withRate = currencies.data.items.filter((currency) => currency.rate !== null).length;
  // The open currency as last read, so the rates dialog always sends its latest version.
  const open = currencies.data.items.find((currency) => currency.code === openCode);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="md" align="flex-end">
          <TextInput
            label="Find a currency"
            placeholder="Code or name"
            w={240}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
          />
          <Switch
            label="Show every ISO 4217 currency"
            mb={8}
            checked={showAll}
            onChange={(event) => setShowAll(event.currentTarget.checked)}
          />
        </Group>
        <Text size="sm" c="dimmed" pb={8}>
          {withRate} of {currencies.data.items.length} currencies have a rate · reporting currency {reporting}
        </Text>
      </Group>
      <Paper withBorder>
        <TableScroll label="Currencies" minWidth={860}>
          <Table verticalSpacing={6} highlightOnHover aria-label="Currencies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Rate in force</Table.Th>
                <Table.Th w={130}>Since</Table.Th>
                <Table.Th w={110}>Offered</Table.Th>
                <Table.Th w={110}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((currency) => {
                const isReporting = currency.code === reporting;
                return (
                  <Table.Tr key={currency.code}>
                    <Table.Td>
                      <Text size="sm" fw={600} ff="monospace">
                        {currency.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm">{currency.name}</Text>
                        {isReporting && (
                          <Badge size="sm" variant="filled">
                            Reporting currency
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {isReporting ? (
                        <Text size="sm">1 (always)</Text>
                      ) : currency.rate !== null ? (
                        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          1 {currency.code} = {currency.rate} {reporting}
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          No rate yet
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(currency.rateDate)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {currency.rate !== null && (
                        <Switch
                          size="sm"
                          aria-label={`Offer ${currency.code} when choosing a currency`}
                          checked={currency.isActive}
                          disabled={
                            isReporting ||
                            (offer.isPending && offer.variables?.currency.code === currency.code)
                          }
                          onChange={(event) =>
                            offer.mutate({ currency, isActive: event.currentTarget.checked })
                          }
                        />
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant={currency.rate === null ? 'light' : 'subtle'}
                        aria-label={`Rates of ${currency.code}`}
                        onClick={() => setOpenCode(currency.code)}
                      >
                        {currency.rate === null ? 'Add rate' : 'Rates'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {rows.length === 0 && (
          <Center p="lg">
            <Text size="sm" c="dimmed">
              {showAll
                ? 'No currency matches this search.'
                : 'No currency with a rate matches; try showing every ISO 4217 currency.'}
            </Text>
          </Center>
        )}
      </Paper>
      <Text size="xs" c="dimmed">
        A rate says how many {reporting} one unit of the currency is worth, from its date until the next rate.
        Opportunities keep the rate they were saved with, and it freezes when they close. A currency can hold
        opportunities once it has a rate; switch "Offered" off to stop offering it without losing its history.
      </Text>
      {open && (
        <CurrencyRatesModal currency={open} reportingCurrency={reporting} onClose={() => setOpenCode(null)} />
      )}
    </Stack>
  );
}
