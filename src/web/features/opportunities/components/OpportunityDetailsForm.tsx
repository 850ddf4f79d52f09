import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { formatMinorInput, formatMoney, moneyInputError, parseDecimalMinor } from '../../../../core/money.ts';
import { mayNameDistributor, mayNameReseller } from '../../../../core/opportunity-access.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { useCurrencies, useCurrencyExponent, useFirms } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, fieldRefusal, generalErrorOf } from '../../../lib/form-errors.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';

type Values = {
  name: string;
  description: string;
  ownerId: string;
  ownerLabel: string;
  decisionDate: string;
  currency: string;
  amount: string;
  probability: number;
  partnerPrivate: boolean;
  distributorFirmId: string | null;
  resellerFirmId: string | null;
  leadSource: string;
  competitor: string;
  nextStep: string;
};

function valuesOf(opportunity: Opportunity, exponent: number): Values {
  return {
    name: opportunity.name,
    description: opportunity.description ?? '',
    ownerId: String(opportunity.ownerId),
    ownerLabel: opportunity.ownerName,
    decisionDate: opportunity.decisionDate,
    currency: opportunity.currency,
    amount: formatMinorInput(opportunity.amountMinor, exponent),
    probability: opportunity.probability,
    partnerPrivate: opportunity.partnerPrivate,
    distributorFirmId: opportunity.distributorFirmId === null ? null : String(opportunity.distributorFirmId),
    resellerFirmId: opportunity.resellerFirmId === null ? null : String(opportunity.resellerFirmId),
    leadSource: opportunity.leadSource ?? '',
    competitor: opportunity.competitor ?? '',
    nextStep: opportunity.nextStep ?? '',
  };
}

const labels: Partial<Record<keyof Opportunity, string>> = {
  name: 'Name',
  description: 'Description',
  ownerName: 'Owner',
  decisionDate: 'Decision date',
  currency: 'Currency',
  amountMinor: 'Amount',
  probability: 'Probability',
  partnerPrivate: 'Partner-private',
  distributorFirmName: 'Distributor',
  resellerFirmName: 'Reseller',
  leadSource: 'Lead source',
  competitor: 'Competitor',
  nextStep: 'Next step',
  stage: 'Stage',
};

/**
 * Edit the opportunity's details. Sends only what changed, with the version it was read at; if
 * someone else saved in between, it shows what they changed and keeps what you typed, so you can
 * save again on top of their version (SPEC §9: no update is ever lost).
 */
export function OpportunityDetailsForm({
  opportunity,
  onClose,
}: {
  opportunity: Opportunity;
  onClose: () => void;
}) {
  const exponentOf = useCurrencyExponent();
  const currencies = useCurrencies();
  const firms = useFirms();
  const refresh = useRefreshOpportunity(opportunity.id);
  const [base, setBase] = useState(opportunity);
  const [values, setValues] = useState(() => valuesOf(opportunity, exponentOf(opportunity.currency)));
  const [conflict, setConflict] = useState<{ theirs: Opportunity; fields: string[] } | null>(null);
  const original = valuesOf(opportunity, exponentOf(opportunity.currency));

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      const text = (key: 'name' | 'description' | 'leadSource' | 'competitor' | 'nextStep') => {
        if (values[key] !== original[key]) body[key] = values[key];
      };
      text('name');
      text('description');
      text('leadSource');
      text('competitor');
      text('nextStep');
      if (values.ownerId !== original.ownerId) body.ownerId = Number(values.ownerId);
      if (values.decisionDate !== original.decisionDate) body.decisionDate = values.decisionDate;
      if (values.currency !== original.currency) body.currency = values.currency;
      if (!opportunity.isAmountFromLineItems && values.amount !== original.amount) {
        const exponent = exponentOf(values.currency);
        const amountMinor = parseDecimalMinor(values.amount, exponent);
        // What core's parser cannot read is refused here, on the field, rather than sent as text.
        if (amountMinor === null)
          throw fieldRefusal('amountMinor', moneyInputError(values.amount, values.currency, exponent) ?? '');
        body.amountMinor = amountMinor;
      }
      if (values.probability !== original.probability) body.probability = values.probability;
      if (values.partnerPrivate !== original.partnerPrivate) body.partnerPrivate = values.partnerPrivate;
      if (values.distributorFirmId !== original.distributorFirmId) {
        body.distributorFirmId = values.distributorFirmId === null ? null : Number(values.distributorFirmId);
      }
      if (values.resellerFirmId !== original.resellerFirmId) {
        body.resellerFirmId = values.resellerFirmId === null ? null : Number(values.resellerFirmId);
      }
      return api.patch(`/opportunities/${opportunity.id}`, opportunitySchema, body, {
        ifMatch: base.version,
      });
    },
    onSuccess: () => {
      notifySuccess('Opportunity saved');
      refresh();
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        const parsed = opportunitySchema.safeParse(error.details?.current);
        if (parsed.success) {
          const theirs = parsed.data;
          const fields = (Object.keys(labels) as (keyof Opportunity)[])
            .filter((key) => JSON.stringify(theirs[key]) !== JSON.stringify(base[key]))
            .map((key) => `${labels[key]}: ${String(theirs[key] ?? '—')}`);
          setConflict({ theirs, fields });
          setBase(theirs);
        }
        refresh();
      }
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general =
    save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT'
      ? null
      : generalErrorOf(save.error, Object.keys(values).concat('amountMinor'));
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const partners = firms.data?.items.filter((firm) => firm.kind === 'partner') ?? [];
  // SPEC §5: the owning firm names the distributor and reseller (the server decides who may), and
  // only firms it may name are offered; the firm named now is always shown.
  const owningFirm = firms.data?.items.find((firm) => firm.id === opportunity.ownerFirmId);
  const nameable = (
    mayName: typeof mayNameDistributor,
    currentId: number | null,
    currentName: string | null,
  ) => {
    const offered = owningFirm ? partners.filter((firm) => mayName(owningFirm, firm)) : [];
    const options = offered.map((firm) => ({ value: String(firm.id), label: firm.name }));
    if (currentId !== null && !offered.some((firm) => firm.id === currentId)) {
      options.unshift({ value: String(currentId), label: currentName ?? `Firm ${currentId}` });
    }
    return options;
  };
  const amountPreview = parseDecimalMinor(values.amount, exponentOf(values.currency));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={`Edit ${opportunity.number}`} size="xl">
      <form onSubmit={submit} noValidate aria-label="Edit opportunity">
        <Stack gap="sm">
          {conflict && (
            <Alert
              color="orange"
              role="alert"
              title="Someone else changed this opportunity while you were editing"
            >
              {conflict.fields.length > 0 ? (
                <List size="sm">
                  {conflict.fields.map((field) => (
                    <List.Item key={field}>{field}</List.Item>
                  ))}
                </List>
              ) : (
                'Its line items, team or contacts changed.'
              )}
              Your changes below are kept. Save again to apply them on top of that version, or Cancel to
              discard them.
            </Alert>
          )}
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <TextInput
            label="Name"
            required
            value={values.name}
            error={errors.name}
            onChange={(event) => set('name', event.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }}>
            <RecordPicker
              label="Owner"
              queryKey={`owners-${opportunity.id}`}
              value={values.ownerId}
              selectedLabel={values.ownerLabel}
              error={errors.ownerId}
              search={async (text) =>
                (
                  await api.get('/users', userListSchema, {
                    query: {
                      q: text || undefined,
                      firmId: opportunity.ownerFirmId,
                      opportunityId: opportunity.id,
                      limit: 30,
                    },
                  })
                ).items.map((user) => ({ value: String(user.id), label: user.name }))
              }
              onChange={(value, option) =>
                value &&
                setValues((current) => ({ ...current, ownerId: value, ownerLabel: option?.label ?? '' }))
              }
            />
            <DateInput
              label="Decision date"
              valueFormat="YYYY-MM-DD"
              value={values.decisionDate}
              error={errors.decisionDate}
              description={opportunity.lineItemCount > 0 ? 'Moves every open line item' : undefined}
              onChange={(value) => value && set('decisionDate', value)}
            />
            <NumberInput
              label="Probability %"
              min={0}
              max={100}
              allowDecimal={false}
              value={values.probability}
              error={errors.probability}
              onChange={(value) => set('probability', typeof value === 'number' ? value : Number(value))}
            />
            <Select
              label="Currency"
              searchable
              allowDeselect={false}
              disabled={opportunity.lineItemCount > 0}
              data={(currencies.data?.items ?? []).map((currency) => ({
                value: currency.code,
                label: currency.code,
              }))}
              value={values.currency}
              error={errors.currency}
              onChange={(value) => value && set('currency', value)}
            />
            {opportunity.isAmountFromLineItems ? (
              // Computed from the line items (SPEC §4): read as text, not as a field that refuses typing.
              <div>
                <Text size="sm" fw={500}>
                  Amount
                </Text>
                <Text size="sm" mt={6}>
                  {formatMoney(
                    opportunity.amountMinor,
                    opportunity.currency,
                    exponentOf(opportunity.currency),
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  the sum of {opportunity.lineItemCount} line item{opportunity.lineItemCount === 1 ? '' : 's'}
                </Text>
              </div>
            ) : (
              <TextInput
                label={`Estimated amount (${values.currency})`}
                inputMode="decimal"
                value={values.amount}
                description={
                  amountPreview !== null
                    ? formatMoney(amountPreview, values.currency, exponentOf(values.currency))
                    : undefined
                }
                error={errors.amountMinor}
                onChange={(event) => set('amount', event.currentTarget.value)}
              />
            )}
            <TextInput
              label="Lead source"
              value={values.leadSource}
              error={errors.leadSource}
              onChange={(event) => set('leadSource', event.currentTarget.value)}
            />
            <Select
              label="Distributor"
              clearable
              data={nameable(
                mayNameDistributor,
                opportunity.distributorFirmId,
                opportunity.distributorFirmName,
              )}
              disabled={!opportunity.canSetDealFirms}
              value={values.distributorFirmId}
              error={errors.distributorFirmId}
              onChange={(value) => set('distributorFirmId', value)}
            />
            <Select
              label="Reseller"
              clearable
              data={nameable(mayNameReseller, opportunity.resellerFirmId, opportunity.resellerFirmName)}
              disabled={!opportunity.canSetDealFirms}
              value={values.resellerFirmId}
              error={errors.resellerFirmId}
              onChange={(value) => set('resellerFirmId', value)}
            />
            <TextInput
              label="Competitor"
              value={values.competitor}
              error={errors.competitor}
              onChange={(event) => set('competitor', event.currentTarget.value)}
            />
          </SimpleGrid>
          <TextInput
            label="Next step"
            value={values.nextStep}
            error={errors.nextStep}
            onChange={(event) => set('nextStep', event.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={values.description}
            error={errors.description}
            onChange={(event) => set('description', event.currentTarget.value)}
          />
          {(opportunity.canSetPartnerPrivate || opportunity.partnerPrivate) && (
            <Checkbox
              label="Partner-private (once cleared, it can never be set again)"
              checked={values.partnerPrivate}
              // The server decides who may set or clear it (SPEC §5: the owner or a manager of the owning firm).
              disabled={!opportunity.canSetPartnerPrivate}
              error={errors.partnerPrivate}
              onChange={(event) => set('partnerPrivate', event.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {conflict ? 'Save on top of their version' : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
