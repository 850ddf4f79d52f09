import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Currency, exchangeRateListSchema } from '../../../../core/contract/currencies.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { formatDate, formatDateTime, todayIso } from '../../../lib/format.ts';

const ratePattern = /^\d{1,12}(\.\d{1,12})?$/;

/** One currency's dated rates, newest first, and a form to add (or correct) the rate from a date on. */
export function CurrencyRatesModal({
  currency,
  reportingCurrency,
  onClose,
}: {
  currency: Currency;
  reportingCurrency: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const isReporting = currency.code === reportingCurrency;
  const [rate, setRate] = useState('');
  const [effectiveDate, setEffectiveDate] = useState<string | null>(todayIso());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const rates = useQuery({
    queryKey: ['currencies', currency.code, 'rates'],
    queryFn: () => api.get(`/currencies/${currency.code}/rates`, exchangeRateListSchema),
  });
  const add = useMutation({
    mutationFn: () =>
      api.post(
        `/currencies/${currency.code}/rates`,
        exchangeRateListSchema,
        { rate: rate.trim(), effectiveDate },
        { ifMatch: currency.version },
      ),
    onSuccess: async (list) => {
      queryClient.setQueryData(['currencies', currency.code, 'rates'], list);
      notifySuccess(
        `1 ${currency.code} = ${rate.trim()} ${reportingCurrency} from ${formatDate(effectiveDate)}`,
      );
      setRate('');
      // Stays pending until the currency is read again, so a next rate carries its new version.
      await queryClient.invalidateQueries({ queryKey: ['currencies'] });
    },
    // A conflict: another administrator changed the currency; read it again and let the user retry.
    onError: () => queryClient.invalidateQueries({ queryKey: ['currencies'] }),
  });
  const errors = { ...fieldErrorsOf(add.error), ...localErrors };
  const general = generalErrorOf(add.error, ['rate', 'effectiveDate']);
  const today = todayIso();
  const items = rates.data?.items ?? [];
  const inForce = items.find((item) => item.effectiveDate <= today);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const text = rate.trim();
    if (!ratePattern.test(text) || Number(text) <= 0)
      found.rate = 'Enter a positive decimal number such as 1.0823 (a point, no thousands separators)';
    if (!effectiveDate) found.effectiveDate = 'Choose the date the rate applies from';
    setLocalErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={`${currency.code} · ${currency.name}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          {isReporting ? (
            <>
              {currency.code} is the <strong>reporting currency</strong>: every total is converted into it,
              and its rate is always 1.
            </>
          ) : inForce ? (
            <>
              In force:{' '}
              <strong>
                1 {currency.code} = {inForce.rate} {reportingCurrency}
              </strong>{' '}
              since {formatDate(inForce.effectiveDate)}.
            </>
          ) : (
            <>
              {currency.code} has no rate in force yet, so no opportunity can use it. Add one to make it
              available.
            </>
          )}
        </Text>

        {!isReporting && (
          <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-label="Add a rate">
            <Stack gap="xs">
              <Title order={3} size="h5">
                Add a rate
              </Title>
              {general && (
                <Alert color="red" role="alert">
                  {general}
                </Alert>
              )}
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <TextInput
                  label={`Rate (${reportingCurrency} per 1 ${currency.code})`}
                  placeholder="1.0823"
                  inputMode="decimal"
                  data-autofocus
                  style={{ flex: 1 }}
                  value={rate}
                  error={errors.rate}
                  onChange={(event) => setRate(event.currentTarget.value)}
                />
                <DateInput
                  label="Effective from"
                  valueFormat="YYYY-MM-DD"
                  w={170}
                  value={effectiveDate}
                  error={errors.effectiveDate}
                  onChange={setEffectiveDate}
                />
                <Button type="submit" mt={25} loading={add.isPending}>
                  Add rate
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                A rate applies from its date until the next one. Adding a rate for a date that already has one
                corrects it. Opportunities already saved keep the rate they were saved with.
              </Text>
            </Stack>
          </Paper>
        )}

        <section aria-labelledby="rate-history-heading">
          <Title order={3} size="h5" id="rate-history-heading" mb="xs">
            History
          </Title>
          {rates.isLoading ? (
            <Center p="md">
              <Loader size="sm" aria-label="Loading rates" />
            </Center>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No rates yet.
            </Text>
          ) : (
            <Table verticalSpacing={4} aria-label={`Rates of ${currency.code}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Effective from</Table.Th>
                  <Table.Th>
                    Rate ({reportingCurrency} per 1 {currency.code})
                  </Table.Th>
                  <Table.Th>Entered</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.effectiveDate}>
                    <Table.Td>{formatDate(item.effectiveDate)}</Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{item.rate}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(item.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {item === inForce && (
                        <Badge size="sm" variant="light" color="green">
                          In force
                        </Badge>
                      )}
                      {item.effectiveDate > today && (
                        <Badge size="sm" variant="light" color="blue">
                          Scheduled
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
