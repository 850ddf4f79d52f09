import {
  Alert,
  Anchor,
  Button,
  Center,
  Checkbox,
  Divider,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../../../core/contract/auth.ts';
import { type OpportunityDefaults, opportunityDefaultsSchema } from '../../../../core/contract/defaults.ts';
import { type Firm, userSchema } from '../../../../core/contract/firms.ts';
import { productListSchema } from '../../../../core/contract/products.ts';
import { defaultDecisionDate, defaultDecisionDays } from '../../../../core/defaults.ts';
import { mayNameDistributor, mayNameReseller } from '../../../../core/opportunity-access.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { ConflictAlert } from '../../../components/ConflictAlert.tsx';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { useCurrencies, useFirms, useStages } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { formatDate, todayIso } from '../../../lib/format.ts';
import {
  isVersionConflict,
  rebaseValues,
  type VersionConflict,
  versionConflictOf,
} from '../../../lib/version-conflict.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { DefaultTeamEditor, type DefaultTeamMember } from '../components/DefaultTeamEditor.tsx';

type Values = {
  currency: string | null;
  stage: string | null;
  decisionDateDays: number | string;
  partnerPrivate: boolean;
  distributorFirmId: string | null;
  resellerFirmId: string | null;
  leadSource: string;
  team: DefaultTeamMember[];
  productId: string | null;
  productLabel: string | null;
};

const shownFields = [
  'currency',
  'stage',
  'decisionDateDays',
  'partnerPrivate',
  'distributorFirmId',
  'resellerFirmId',
  'leadSource',
  'team',
  'productId',
];

type Names = {
  person: (userId: number) => Pick<DefaultTeamMember, 'name' | 'firmName'>;
  product: (productId: number) => string;
};

function valuesOf(defaults: OpportunityDefaults, names: Names): Values {
  return {
    currency: defaults.currency,
    stage: defaults.stage,
    decisionDateDays: defaults.decisionDateDays ?? '',
    partnerPrivate: defaults.partnerPrivate ?? false,
    distributorFirmId: defaults.distributorFirmId === null ? null : String(defaults.distributorFirmId),
    resellerFirmId: defaults.resellerFirmId === null ? null : String(defaults.resellerFirmId),
    leadSource: defaults.leadSource ?? '',
    team: defaults.team.map((member) => ({
      userId: member.userId,
      role: member.role,
      access: member.access,
      ...names.person(member.userId),
    })),
    productId: defaults.productId === null ? null : String(defaults.productId),
    productLabel: defaults.productId === null ? null : names.product(defaults.productId),
  };
}

const emptyValues: Values = {
  currency: null,
  stage: null,
  decisionDateDays: '',
  partnerPrivate: false,
  distributorFirmId: null,
  resellerFirmId: null,
  leadSource: '',
  team: [],
  productId: null,
  productLabel: null,
};

/**
 * SPEC §7 "Set defaults": what prefills a new opportunity. Saved whole (PUT) with the version it
 * was read at; a default only fills what the person leaves untouched on the new-opportunity form.
 */
export function DefaultsPage() {
  const { data: me } = useMe();
  const defaults = useQuery({
    queryKey: ['defaults'],
    queryFn: () => api.get('/me/opportunity-defaults', opportunityDefaultsSchema),
  });
  const stages = useStages();
  const firms = useFirms();
  const currencies = useCurrencies();
  const people = useQueries({
    queries: (defaults.data?.team ?? []).map((member) => ({
      queryKey: ['user', member.userId],
      queryFn: () => api.get(`/users/${member.userId}`, userSchema),
      retry: false,
    })),
  });
  const products = useQuery({
    queryKey: ['products'],
    queryFn: () => api.get('/products', productListSchema),
    enabled: defaults.data?.productId != null,
  });
  const isReady =
    me &&
    defaults.isSuccess &&
    stages.isSuccess &&
    firms.isSuccess &&
    currencies.isSuccess &&
    people.every((query) => !query.isLoading) &&
    (defaults.data.productId === null || !products.isLoading);

  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={1} size="h2">
          Set defaults
        </Title>
        <Text c="dimmed" size="sm" maw={760}>
          Your defaults prefill every new opportunity you create: from the Opportunities list, and from the +
          on a client's or BPContact's Opportunities panel. They never override what you type: anything you
          change on the new opportunity before saving is what counts, and fields you leave empty here simply
          have no default.
        </Text>
      </div>
      {defaults.isError ? (
        <Alert color="red" role="alert" title="Your defaults could not be loaded">
          {defaults.error instanceof ApiError
            ? defaults.error.message
            : 'Check your connection and reload the page.'}
        </Alert>
      ) : !isReady ? (
        <Center p="xl">
          <Loader aria-label="Loading your defaults" />
        </Center>
      ) : (
        <DefaultsForm
          me={me}
          defaults={defaults.data}
          stages={stages.data.filter((stage) => !stage.closing)}
          firms={firms.data.items}
          currencyOptions={currencies.data.items.map((currency) => ({
            value: currency.code,
            label: `${currency.code} · ${currency.name}`,
          }))}
          names={{
            person: (userId) => {
              const user = people.find((query) => query.data?.id === userId)?.data;
              return user
                ? { name: user.name, firmName: user.firmName }
                : { name: `Person no. ${userId}`, firmName: 'No longer available to you' };
            },
            product: (productId) =>
              products.data?.items.find((product) => product.id === productId)?.label ??
              `Product no. ${productId} (no longer offered)`,
          }}
        />
      )}
    </Stack>
  );
}

function DefaultsForm({
  me,
  defaults,
  stages,
  firms,
  currencyOptions,
  names,
}: {
  me: Me;
  defaults: OpportunityDefaults;
  stages: { code: string; label: string; probability: number }[];
  firms: Firm[];
  currencyOptions: { value: string; label: string }[];
  names: Names;
}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(defaults);
  const [values, setValues] = useState(() => valuesOf(defaults, names));
  const [conflict, setConflict] = useState<VersionConflict<OpportunityDefaults> | null>(null);
  const isPartner = me.firm.kind === 'partner';
  const partners = firms.filter((firm) => firm.kind === 'partner');
  // SPEC §5: the caller's firm owns the deals these defaults make; only firms it may name are offered.
  const ownFirm = firms.find((firm) => firm.id === me.firm.id);
  const firmDistributorId = firms.find((firm) => firm.id === me.firm.id)?.distributorFirmId ?? null;
  const firmDistributor = firms.find((firm) => firm.id === firmDistributorId);

  const save = useMutation({
    mutationFn: () =>
      api.put(
        '/me/opportunity-defaults',
        opportunityDefaultsSchema,
        {
          currency: values.currency,
          stage: values.stage,
          decisionDateDays: values.decisionDateDays === '' ? null : Number(values.decisionDateDays),
          partnerPrivate: isPartner ? values.partnerPrivate : null,
          distributorFirmId: values.distributorFirmId ? Number(values.distributorFirmId) : null,
          resellerFirmId: values.resellerFirmId ? Number(values.resellerFirmId) : null,
          leadSource: values.leadSource,
          team: values.team.map((member) => ({
            userId: member.userId,
            role: member.role,
            access: member.access,
          })),
          productId: values.productId ? Number(values.productId) : null,
        },
        { ifMatch: base.version },
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['defaults'], saved);
      setBase(saved);
      setConflict(null);
      notifySuccess('Your next new opportunity starts with them', 'Defaults saved');
    },
    onError: (error) => {
      if (!isVersionConflict(error)) return;
      void queryClient.invalidateQueries({ queryKey: ['defaults'] });
      const found = versionConflictOf(error, opportunityDefaultsSchema, base, {
        currency: 'Currency',
        stage: 'Initial stage',
        decisionDateDays: 'Decision date (days from today)',
        partnerPrivate: 'Partner-private',
        distributorFirmId: 'Distributor',
        resellerFirmId: 'Reseller',
        leadSource: 'Lead source',
        team: 'Default sales team',
        productId: 'Product for the first line item',
      });
      if (found?.current) {
        const theirs = found.current;
        const known: Names = {
          person: (userId) => values.team.find((member) => member.userId === userId) ?? names.person(userId),
          product: (productId) =>
            values.productId === String(productId) && values.productLabel
              ? values.productLabel
              : names.product(productId),
        };
        setValues((mine) => rebaseValues(mine, valuesOf(base, known), valuesOf(theirs, known)));
        setBase(theirs);
      }
      setConflict(found ?? { current: null, changes: [] });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general = isVersionConflict(save.error) ? null : generalErrorOf(save.error, shownFields);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const firstStage = stages[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate aria-label="Opportunity defaults">
      <Stack gap="md">
        {conflict && (
          <ConflictAlert
            title="Your defaults were changed elsewhere (another tab or an integration) while you were editing"
            conflict={conflict}
          />
        )}
        {general && (
          <Alert color="red" role="alert" title="Not saved">
            {general}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Select
            label="Currency"
            searchable
            clearable
            placeholder={`Your reporting currency (${me.reportingCurrency})`}
            data={currencyOptions}
            value={values.currency}
            error={errors.currency}
            onChange={(value) => set('currency', value)}
          />
          <Select
            label="Initial stage"
            clearable
            placeholder={firstStage ? `${firstStage.label} (the first gate)` : undefined}
            data={stages.map((stage) => ({
              value: stage.code,
              label: `${stage.label} (${stage.probability}%)`,
            }))}
            value={values.stage}
            error={errors.stage}
            onChange={(value) => set('stage', value)}
          />
          <NumberInput
            label="Decision date, in days from today"
            min={0}
            max={3650}
            allowDecimal={false}
            placeholder={`${defaultDecisionDays} when empty`}
            description={`Created today → due ${formatDate(
              defaultDecisionDate(todayIso(), {
                decisionDateDays: values.decisionDateDays === '' ? null : Number(values.decisionDateDays),
              }),
            )}`}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={values.decisionDateDays}
            error={errors.decisionDateDays}
            onChange={(value) => set('decisionDateDays', value)}
          />
          <Select
            label="Distributor"
            clearable
            placeholder={firmDistributor ? `Your firm's: ${firmDistributor.name}` : 'None'}
            description={
              firmDistributor ? "When empty, your firm's distributor is offered" : 'For two-tier deals'
            }
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            data={partners
              .filter((firm) => ownFirm && mayNameDistributor(ownFirm, firm))
              .map((firm) => ({ value: String(firm.id), label: firm.name }))}
            value={values.distributorFirmId}
            error={errors.distributorFirmId}
            onChange={(value) => set('distributorFirmId', value)}
          />
          <Select
            label="Reseller"
            clearable
            placeholder="None"
            data={partners
              .filter((firm) => ownFirm && mayNameReseller(ownFirm, firm))
              .map((firm) => ({ value: String(firm.id), label: firm.name }))}
            value={values.resellerFirmId}
            error={errors.resellerFirmId}
            onChange={(value) => set('resellerFirmId', value)}
          />
          <TextInput
            label="Lead source"
            placeholder="e.g. Web, Event, Vendor referral"
            value={values.leadSource}
            error={errors.leadSource}
            onChange={(event) => set('leadSource', event.currentTarget.value)}
          />
        </SimpleGrid>
        {isPartner && (
          <Checkbox
            label="Make new opportunities partner-private (hidden from vendor staff who are not on the sales team)"
            checked={values.partnerPrivate}
            error={errors.partnerPrivate}
            onChange={(event) => set('partnerPrivate', event.currentTarget.checked)}
          />
        )}
        <Divider />
        <Stack gap={4}>
          <Title order={2} size="h5">
            Default sales team
          </Title>
          <Text size="xs" c="dimmed">
            These people join every new opportunity you create, with the role and access given here. You are
            on the team anyway, as its owner.
          </Text>
        </Stack>
        <DefaultTeamEditor
          members={values.team}
          onChange={(team) => set('team', team)}
          errors={errors}
          ownUserId={me.id}
        />
        <Divider />
        <RecordPicker
          label="Product for the first line item"
          description="A new opportunity starts with one line item for this product, ready to price"
          placeholder="No first line item"
          w={{ base: '100%', sm: 480 }}
          queryKey="default-product"
          value={values.productId}
          selectedLabel={values.productLabel}
          error={errors.productId}
          search={async (text) =>
            (await api.get('/products', productListSchema, { query: { q: text || undefined } })).items
              .slice(0, 50)
              .map((product) => ({
                value: String(product.id),
                label: product.partNumber ? `${product.label} (${product.partNumber})` : product.label,
              }))
          }
          onChange={(value, option) =>
            setValues((current) => ({ ...current, productId: value, productLabel: option?.label ?? null }))
          }
        />
        <Group justify="space-between">
          <Anchor component={Link} to="/opportunities/new" size="sm">
            Start a new opportunity
          </Anchor>
          <Group gap="xs">
            <Button variant="default" onClick={() => setValues(emptyValues)}>
              Clear all
            </Button>
            <Button type="submit" loading={save.isPending}>
              {conflict ? 'Save on top of their version' : 'Save defaults'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
