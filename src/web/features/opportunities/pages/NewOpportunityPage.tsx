import {
  Alert,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { clientPageSchema, clientSchema } from '../../../../core/contract/clients.ts';
import { contactPageSchema, contactSchema } from '../../../../core/contract/contacts.ts';
import { opportunityDefaultsSchema } from '../../../../core/contract/defaults.ts';
import { opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { applyOpportunityDefaults } from '../../../../core/defaults.ts';
import { formatMoney, moneyInputError, parseDecimalMinor } from '../../../../core/money.ts';
import { mayNameDistributor, mayNameReseller } from '../../../../core/opportunity-access.ts';
import { api } from '../../../api/client.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { useCurrencies, useCurrencyExponent, useFirms, useStages } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, fieldRefusal, generalErrorOf } from '../../../lib/form-errors.ts';
import { todayIso } from '../../../lib/format.ts';
import { useMe } from '../../auth/hooks/useSession.ts';

type FormState = {
  name: string;
  clientId: string | null;
  clientLabel: string | null;
  primaryContactId: string | null;
  stage: string;
  decisionDate: string;
  currency: string;
  amount: string;
  partnerPrivate: boolean;
  distributorFirmId: string | null;
  resellerFirmId: string | null;
  leadSource: string;
  nextStep: string;
  description: string;
};

const shownFields = [
  'name',
  'clientId',
  'contactId',
  'primaryContactId',
  'stage',
  'decisionDate',
  'currency',
  'amountMinor',
  'partnerPrivate',
  'distributorFirmId',
  'resellerFirmId',
  'leadSource',
  'nextStep',
  'description',
];

/**
 * The new-opportunity form (SPEC §7, §8): started from a BPContact or client it arrives with them
 * filled in, and with the user's defaults applied; anything may be changed before saving.
 */
export function NewOpportunityPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const contactId = params.get('contactId');
  const presetClientId = params.get('clientId');
  const { data: me } = useMe();
  const stages = useStages();
  const currencies = useCurrencies();
  const firms = useFirms();
  const exponentOf = useCurrencyExponent();
  const defaults = useQuery({
    queryKey: ['defaults'],
    queryFn: () => api.get('/me/opportunity-defaults', opportunityDefaultsSchema),
  });
  const contact = useQuery({
    queryKey: ['contact', Number(contactId)],
    queryFn: () => api.get(`/contacts/${contactId}`, contactSchema),
    enabled: contactId !== null,
  });
  const presetClient = useQuery({
    queryKey: ['client', Number(presetClientId)],
    queryFn: () => api.get(`/clients/${presetClientId}`, clientSchema),
    enabled: presetClientId !== null,
  });
  const [form, setForm] = useState<FormState | null>(null);

  const ready =
    defaults.isSuccess &&
    stages.isSuccess &&
    firms.isSuccess &&
    (!contactId || contact.isFetched) &&
    (!presetClientId || presetClient.isFetched);
  useEffect(() => {
    if (!ready || form) return;
    // SPEC §7: the user's defaults fill the empty form by the same rule the server applies to what is
    // posted (core's applyOpportunityDefaults), the firm's distributor included (SPEC §1).
    const prefilled = applyOpportunityDefaults({ name: '' }, defaults.data ?? null, {
      today: todayIso(),
      firmDistributorId: firms.data?.items.find((firm) => firm.id === me?.firm.id)?.distributorFirmId ?? null,
    });
    const client = contact.data
      ? { id: contact.data.clientId, name: contact.data.clientName }
      : presetClient.data
        ? { id: presetClient.data.id, name: presetClient.data.name }
        : null;
    setForm({
      name: '',
      clientId: client ? String(client.id) : null,
      clientLabel: client?.name ?? null,
      primaryContactId: contact.data ? String(contact.data.id) : null,
      stage: prefilled.stage ?? 'identify',
      decisionDate: prefilled.decisionDate,
      currency: prefilled.currency ?? me?.reportingCurrency ?? 'USD',
      amount: '',
      partnerPrivate: prefilled.partnerPrivate ?? false,
      distributorFirmId: prefilled.distributorFirmId ? String(prefilled.distributorFirmId) : null,
      resellerFirmId: prefilled.resellerFirmId ? String(prefilled.resellerFirmId) : null,
      leadSource: prefilled.leadSource ?? '',
      nextStep: '',
      description: '',
    });
  }, [ready, form, defaults.data, contact.data, presetClient.data, me, firms.data]);

  const clientContacts = useQuery({
    queryKey: ['/contacts', { clientId: form?.clientId }],
    queryFn: () =>
      api.get('/contacts', contactPageSchema, { query: { clientId: form?.clientId, limit: 200 } }),
    enabled: Boolean(form?.clientId),
  });

  const create = useMutation({
    mutationFn: () => {
      if (!form) throw new Error('form not ready');
      const exponent = exponentOf(form.currency);
      // An amount core's parser cannot read is refused on the field, never dropped silently.
      const amountError =
        form.amount.trim() === '' ? null : moneyInputError(form.amount, form.currency, exponent);
      if (amountError) throw fieldRefusal('amountMinor', amountError);
      const amountMinor = form.amount.trim() === '' ? null : parseDecimalMinor(form.amount, exponent);
      return api.post('/opportunities', opportunitySchema, {
        name: form.name,
        ...(form.clientId && { clientId: Number(form.clientId) }),
        primaryContactId: form.primaryContactId ? Number(form.primaryContactId) : null,
        stage: form.stage,
        decisionDate: form.decisionDate,
        currency: form.currency,
        ...(amountMinor !== null && { amountMinor }),
        ...(me?.firm.kind === 'partner' && { partnerPrivate: form.partnerPrivate }),
        distributorFirmId: form.distributorFirmId ? Number(form.distributorFirmId) : null,
        resellerFirmId: form.resellerFirmId ? Number(form.resellerFirmId) : null,
        ...(form.leadSource && { leadSource: form.leadSource }),
        ...(form.nextStep && { nextStep: form.nextStep }),
        ...(form.description && { description: form.description }),
      });
    },
    onSuccess: (opportunity) => {
      void queryClient.invalidateQueries({ queryKey: ['/opportunities'] });
      navigate(`/opportunities/${opportunity.id}?open=lines,team`, { replace: true });
    },
  });

  if (!form || !stages.data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the form" />
      </Center>
    );
  }
  const errors = fieldErrorsOf(create.error);
  const general = generalErrorOf(create.error, shownFields);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((current) => (current ? { ...current, [key]: value } : current));
  const openStages = stages.data.filter((stage) => !stage.closing);
  const partnerFirms = firms.data?.items.filter((firm) => firm.kind === 'partner') ?? [];
  // SPEC §5: the caller's firm will own the deal; only the firms it may name are offered.
  const ownFirm = firms.data?.items.find((firm) => firm.id === me?.firm.id);
  const distributorOptions = ownFirm ? partnerFirms.filter((firm) => mayNameDistributor(ownFirm, firm)) : [];
  const resellerOptions = ownFirm ? partnerFirms.filter((firm) => mayNameReseller(ownFirm, firm)) : [];
  const amountPreview = parseDecimalMinor(form.amount, exponentOf(form.currency));
  const defaultsNote = [
    (defaults.data?.team.length ?? 0) > 0 ? 'your default sales team' : null,
    defaults.data?.productId ? 'a first line item with your default product' : null,
  ].filter(Boolean);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Stack gap="md" maw={900}>
      <Title order={1} size="h2">
        New opportunity
      </Title>
      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate aria-label="New opportunity">
        <Stack gap="md">
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <TextInput
            label="Opportunity name"
            required
            data-autofocus
            autoFocus
            value={form.name}
            error={errors.name}
            onChange={(event) => set('name', event.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <RecordPicker
              label="Client"
              required
              queryKey="clients"
              value={form.clientId}
              selectedLabel={form.clientLabel}
              error={errors.clientId ?? errors.contactId}
              search={async (text) =>
                (
                  await api.get('/clients', clientPageSchema, { query: { q: text || undefined, limit: 20 } })
                ).items.map((client) => ({
                  value: String(client.id),
                  label: client.name,
                }))
              }
              onChange={(value, option) =>
                setForm((current) =>
                  current
                    ? {
                        ...current,
                        clientId: value,
                        clientLabel: option?.label ?? null,
                        primaryContactId: null,
                      }
                    : current,
                )
              }
            />
            <Select
              label="Primary BPContact"
              clearable
              disabled={!form.clientId}
              data={(clientContacts.data?.items ?? []).map((each) => ({
                value: String(each.id),
                label: each.fullName,
              }))}
              value={form.primaryContactId}
              error={errors.primaryContactId}
              onChange={(value) => set('primaryContactId', value)}
            />
            <Select
              label="Stage"
              required
              allowDeselect={false}
              data={openStages.map((stage) => ({
                value: stage.code,
                label: `${stage.label} (${stage.probability}%)`,
              }))}
              value={form.stage}
              error={errors.stage}
              onChange={(value) => value && set('stage', value)}
            />
            <DateInput
              label="Decision date"
              required
              valueFormat="YYYY-MM-DD"
              value={form.decisionDate}
              error={errors.decisionDate}
              onChange={(value) => value && set('decisionDate', value)}
            />
            <Select
              label="Currency"
              required
              searchable
              allowDeselect={false}
              data={(currencies.data?.items ?? []).map((currency) => ({
                value: currency.code,
                label: `${currency.code} · ${currency.name}`,
              }))}
              value={form.currency}
              error={errors.currency}
              onChange={(value) => value && set('currency', value)}
            />
            <TextInput
              label="Estimated amount"
              description={
                amountPreview !== null
                  ? formatMoney(amountPreview, form.currency, exponentOf(form.currency))
                  : 'Line items replace the estimate'
              }
              inputMode="decimal"
              value={form.amount}
              error={errors.amountMinor}
              onChange={(event) => set('amount', event.currentTarget.value)}
            />
            <Select
              label="Distributor"
              clearable
              data={distributorOptions.map((firm) => ({ value: String(firm.id), label: firm.name }))}
              value={form.distributorFirmId}
              error={errors.distributorFirmId}
              onChange={(value) => set('distributorFirmId', value)}
            />
            <Select
              label="Reseller"
              clearable
              data={resellerOptions.map((firm) => ({ value: String(firm.id), label: firm.name }))}
              value={form.resellerFirmId}
              error={errors.resellerFirmId}
              onChange={(value) => set('resellerFirmId', value)}
            />
            <TextInput
              label="Lead source"
              value={form.leadSource}
              error={errors.leadSource}
              onChange={(event) => set('leadSource', event.currentTarget.value)}
            />
            <TextInput
              label="Next step"
              value={form.nextStep}
              error={errors.nextStep}
              onChange={(event) => set('nextStep', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={form.description}
            error={errors.description}
            onChange={(event) => set('description', event.currentTarget.value)}
          />
          {me?.firm.kind === 'partner' && (
            <Checkbox
              label="Partner-private (hidden from vendor staff who are not on the sales team)"
              checked={form.partnerPrivate}
              onChange={(event) => set('partnerPrivate', event.currentTarget.checked)}
              error={errors.partnerPrivate}
            />
          )}
          {defaultsNote.length > 0 && (
            <Text size="xs" c="dimmed">
              From your defaults, the opportunity also gets {defaultsNote.join(' and ')}.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate(-1)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save opportunity
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
