import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type Opportunity, opportunityPageSchema, origins } from '../../../../core/contract/opportunities.ts';
import { parseDecimalMinor } from '../../../../core/money.ts';
import { mayOwnOpportunities } from '../../../../core/roles.ts';
import type { Column } from '../../../components/DataTable.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { useNewShortcut } from '../../../components/KeyboardShortcuts.tsx';
import { ClientFilterPicker, OwnerFilterPicker } from '../../../components/list/FilterPickers.tsx';
import { RecordListPage } from '../../../components/list/RecordListPage.tsx';
import { TextFilter } from '../../../components/list/TextFilter.tsx';
import { allView, useListView } from '../../../components/list/useListView.ts';
import { Money } from '../../../components/Money.tsx';
import { useCurrencyExponent, useStages } from '../../../hooks/useReferenceData.ts';
import { formatDate } from '../../../lib/format.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { BulkChange } from '../components/BulkChange.tsx';
import { StageBadge } from '../components/StageBadge.tsx';
import { myOpenOpportunitiesView } from '../lib/views.ts';

function ListFlags({ row, inline = false }: { row: Opportunity; inline?: boolean }) {
  const style = inline
    ? { marginInlineStart: 6, verticalAlign: 'middle', display: 'inline-flex' }
    : { flexShrink: 0 };
  return (
    <>
      {row.isStale && (
        <Badge size="xs" color="orange" variant="light" style={style}>
          Stale
        </Badge>
      )}
      {row.passStatus === 'pending' && (
        <Badge size="xs" color="violet" variant="light" style={style}>
          Passed
        </Badge>
      )}
    </>
  );
}

function ContactLink({ row }: { row: Opportunity }) {
  if (row.primaryContactId === null) return row.primaryContactName;
  return (
    <Anchor
      component={Link}
      to={`/contacts/${row.primaryContactId}`}
      size="sm"
      truncate="end"
      miw={0}
      title={row.primaryContactName ?? undefined}
    >
      {row.primaryContactName}
    </Anchor>
  );
}

/** An opportunity as a phone lists it: what, for whom, where it stands, how much, by when. */
function OpportunityListCard({ row }: { row: Opportunity }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text size="xs" c="dimmed" truncate>
            {row.number}
          </Text>
          <ListFlags row={row} />
        </Group>
        <FavoriteStar
          type="opportunity"
          id={row.id}
          isFavorite={row.isFavorite}
          label={`${row.number} ${row.name}`}
        />
      </Group>
      <Anchor component={Link} to={`/opportunities/${row.id}`} fw={600} lineClamp={2} title={row.name}>
        {row.name}
      </Anchor>
      <Text size="sm" c="dimmed" truncate>
        <Anchor component={Link} to={`/clients/${row.clientId}`} size="sm" title={row.clientName}>
          {row.clientName}
        </Anchor>
        {row.primaryContactName ? ' · ' : ''}
        {row.primaryContactName && <ContactLink row={row} />}
      </Text>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <StageBadge label={row.stageLabel} outcome={row.outcome} />
        <Money size="sm" fw={600} amountMinor={row.amountMinor} currency={row.currency} />
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed" truncate>
          {row.ownerName}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          Decision {formatDate(row.decisionDate)} · {row.probability}%
        </Text>
      </Group>
    </Stack>
  );
}

const columns: Column<Opportunity>[] = [
  {
    key: 'star',
    label: '★',
    width: '40px',
    render: (row) => (
      <FavoriteStar
        type="opportunity"
        id={row.id}
        isFavorite={row.isFavorite}
        label={`${row.number} ${row.name}`}
      />
    ),
  },
  {
    key: 'number',
    exportAs: ['number'],
    label: 'Number',
    width: '136px',
    sortField: 'number',
    render: (row) => row.number,
  },
  {
    key: 'name',
    exportAs: ['name'],
    label: 'Opportunity',
    width: 'minmax(150px, 2fr)',
    wrap: true,
    sortField: 'name',
    // The flags flow after the name's last word, so the name keeps the column's whole width.
    render: (row) => (
      <span>
        <Anchor component={Link} to={`/opportunities/${row.id}`} size="sm" fw={500}>
          {row.name}
        </Anchor>
        <ListFlags row={row} inline />
      </span>
    ),
  },
  {
    key: 'client',
    exportAs: ['clientName'],
    label: 'Client',
    width: 'minmax(128px, 1.2fr)',
    wrap: true,
    render: (row) => (
      <Anchor component={Link} to={`/clients/${row.clientId}`} size="sm" miw={0}>
        {row.clientName}
      </Anchor>
    ),
  },
  {
    key: 'contact',
    exportAs: ['primaryContactName'],
    label: 'Primary contact',
    width: 'minmax(130px, 1fr)',
    render: (row) => <ContactLink row={row} />,
  },
  {
    key: 'stage',
    exportAs: ['stageLabel'],
    label: 'Stage',
    width: 'minmax(120px, 1fr)',
    wrap: true,
    sortField: 'stage',
    render: (row) => <StageBadge label={row.stageLabel} outcome={row.outcome} />,
  },
  {
    key: 'amount',
    exportAs: ['amount', 'currency'],
    label: 'Amount',
    width: '120px',
    sortField: 'amount',
    align: 'right',
    render: (row) => <Money size="sm" amountMinor={row.amountMinor} currency={row.currency} />,
  },
  {
    key: 'weighted',
    exportAs: ['weightedAmount', 'currency'],
    label: 'Weighted',
    width: '130px',
    align: 'right',
    render: (row) => <Money size="sm" amountMinor={row.weightedAmountMinor} currency={row.currency} />,
  },
  {
    key: 'probability',
    exportAs: ['probability'],
    label: 'Prob.',
    width: '60px',
    sortField: 'probability',
    align: 'right',
    render: (row) => `${row.probability}%`,
  },
  {
    key: 'decisionDate',
    exportAs: ['decisionDate'],
    label: 'Decision',
    width: '110px',
    sortField: 'decisionDate',
    render: (row) => formatDate(row.decisionDate),
  },
  {
    key: 'owner',
    exportAs: ['ownerName'],
    label: 'Owner',
    width: 'minmax(90px, 1fr)',
    wrap: true,
    render: (row) => row.ownerName,
  },
  {
    key: 'firm',
    exportAs: ['ownerFirmName'],
    label: 'Firm',
    width: 'minmax(120px, 1fr)',
    render: (row) => row.ownerFirmName,
  },
  { key: 'origin', exportAs: ['origin'], label: 'Origin', width: '110px', render: (row) => row.origin },
  {
    key: 'updatedAt',
    exportAs: ['updatedAt'],
    label: 'Updated',
    width: '120px',
    sortField: 'updatedAt',
    render: (row) => formatDate(row.updatedAt),
  },
];

const defaultColumns = [
  'star',
  'number',
  'name',
  'client',
  'stage',
  'amount',
  'probability',
  'decisionDate',
  'owner',
];

function ViewLinks({ view, showMine }: { view: ReturnType<typeof useListView>; showMine: boolean }) {
  const views = [
    ...(showMine ? [{ label: 'My open opportunities', query: myOpenOpportunitiesView }] : []),
    { label: 'All opportunities', query: allView },
  ];
  return (
    <Group component="nav" aria-label="Views" gap={4} wrap="wrap">
      {views.map((each) => {
        const isCurrent = view.hasFilters(each.query);
        return (
          <Button
            key={each.label}
            component={Link}
            to={`/opportunities?${each.query}`}
            replace
            size="sm"
            variant={isCurrent ? 'light' : 'subtle'}
            color={isCurrent ? 'blue' : 'gray'}
            aria-current={isCurrent ? 'page' : undefined}
          >
            {each.label}
          </Button>
        );
      })}
    </Group>
  );
}

export function OpportunityListPage() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const stages = useStages();
  const exponent = useCurrencyExponent()(me?.reportingCurrency ?? 'USD');
  const ownsDeals = me ? mayOwnOpportunities(me.role) : false;
  const view = useListView({
    defaultSort: 'decisionDate',
    defaultColumns,
    // Until the session is known the list waits, rather than open on the wrong view.
    startView: me ? (ownsDeals ? myOpenOpportunitiesView : allView) : undefined,
    opensOnStartView: true,
  });
  // "Me" in the owner filter is the `mine` flag, so a shared "my" view is the reader's own deals.
  const ownerValue = view.get('ownerId') ?? (view.get('mine') === 'true' && me ? String(me.id) : undefined);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const flag = (key: string) => view.get(key) === 'true';
  const toggle = (key: string) => (event: React.ChangeEvent<HTMLInputElement>) =>
    view.set({ [key]: event.currentTarget.checked ? 'true' : null });
  const amountFilter = (key: 'amountMin' | 'amountMax') => {
    const minor = view.get(key);
    return minor ? (Number(minor) / 10 ** exponent).toString() : '';
  };
  const canCreate =
    me &&
    (me.role === 'vendor-rep' || ((me.role === 'seller' || me.role === 'manager') && me.firm.isEligible));
  useNewShortcut(canCreate ? () => navigate('/opportunities/new') : undefined);
  return (
    <RecordListPage
      title="Opportunities"
      entityType="opportunity"
      path="/opportunities"
      pageSchema={opportunityPageSchema}
      view={view}
      columns={columns}
      rowKey={(row) => row.id}
      onOpen={(row) => navigate(`/opportunities/${row.id}`)}
      renderCard={(row) => <OpportunityListCard row={row} />}
      searchPlaceholder="Number, name, client or contact"
      noun={{ one: 'opportunity', many: 'opportunities' }}
      views={<ViewLinks view={view} showMine={ownsDeals} />}
      quickFilterKeys={['ownerId', 'mine', 'clientId', 'status']}
      quickFilters={
        <>
          <OwnerFilterPicker
            size="xs"
            w={{ base: '100%', sm: 200 }}
            currentUser={me ?? undefined}
            value={ownerValue}
            onChange={(value) =>
              view.set(
                me && value === String(me.id)
                  ? { mine: 'true', ownerId: null }
                  : { ownerId: value, mine: null },
              )
            }
          />
          <ClientFilterPicker
            size="xs"
            w={{ base: '100%', sm: 200 }}
            value={view.get('clientId')}
            onChange={(value) => view.set({ clientId: value })}
          />
          <Select
            label="Status"
            size="xs"
            w={{ base: '100%', sm: 170 }}
            clearable
            placeholder="Any"
            data={[
              { value: 'open', label: 'Open' },
              { value: 'won', label: 'Won' },
              { value: 'lost', label: 'Lost' },
              { value: 'closed', label: 'Closed (won or lost)' },
            ]}
            value={view.get('status') ?? null}
            onChange={(value) => view.set({ status: value })}
          />
        </>
      }
      actions={
        <>
          <Button
            variant="default"
            onClick={() => navigate(view.queryString ? `/pipeline?${view.queryString}` : '/pipeline')}
          >
            Pipeline board
          </Button>
          {canCreate && (
            <Button component={Link} to="/opportunities/new" aria-keyshortcuts="n">
              New opportunity
            </Button>
          )}
        </>
      }
      selection={{
        selected,
        onChange: setSelected,
        actions: (rows) => (
          <BulkChange rows={rows} stages={stages.data ?? []} onDone={() => setSelected(new Set())} />
        ),
      }}
      filters={
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
          <MultiSelect
            label="Stages"
            size="xs"
            clearable
            data={(stages.data ?? []).map((stage) => ({ value: stage.code, label: stage.label }))}
            value={view.get('stage')?.split(',').filter(Boolean) ?? []}
            onChange={(value) => view.set({ stage: value.join(',') })}
          />
          <DateInput
            label="Decision from"
            size="xs"
            clearable
            valueFormat="YYYY-MM-DD"
            value={view.get('decisionFrom') ?? null}
            onChange={(value) => view.set({ decisionFrom: value })}
          />
          <DateInput
            label="Decision to"
            size="xs"
            clearable
            valueFormat="YYYY-MM-DD"
            value={view.get('decisionTo') ?? null}
            onChange={(value) => view.set({ decisionTo: value })}
          />
          {(['amountMin', 'amountMax'] as const).map((key) => (
            <TextFilter
              key={key}
              label={`Amount ${key === 'amountMin' ? 'from' : 'to'} (${me?.reportingCurrency ?? 'USD'})`}
              size="xs"
              inputMode="decimal"
              value={amountFilter(key)}
              matches={(text, value) =>
                parseDecimalMinor(text, exponent) ===
                (value === '' ? null : parseDecimalMinor(value, exponent))
              }
              onApply={(text) => view.set({ [key]: parseDecimalMinor(text, exponent)?.toString() })}
            />
          ))}
          <TextFilter
            label="Brand"
            size="xs"
            value={view.get('brand') ?? ''}
            onApply={(text) => view.set({ brand: text.trim() })}
          />
          <Select
            label="Origin"
            size="xs"
            clearable
            data={origins.map((origin) => ({ value: origin, label: origin }))}
            value={view.get('origin') ?? null}
            onChange={(value) => view.set({ origin: value })}
          />
          <Select
            label="Private"
            size="xs"
            clearable
            data={[
              { value: 'true', label: 'Partner-private only' },
              { value: 'false', label: 'Not private' },
            ]}
            value={view.get('private') ?? null}
            onChange={(value) => view.set({ private: value })}
          />
          <Select
            label="Passed"
            size="xs"
            clearable
            data={[
              { value: 'pending', label: 'Waiting (inbox)' },
              { value: 'accepted', label: 'Accepted' },
              { value: 'declined', label: 'Declined' },
            ]}
            value={view.get('passStatus') ?? null}
            onChange={(value) => view.set({ passStatus: value })}
          />
          <Group gap="md" mt="md">
            <Checkbox
              size="xs"
              label="My items"
              checked={flag('mine')}
              onChange={(event) =>
                view.set({ mine: event.currentTarget.checked ? 'true' : null, ownerId: null })
              }
            />
            <Checkbox
              size="xs"
              label="My favorites"
              checked={flag('favorites')}
              onChange={toggle('favorites')}
            />
            <Checkbox size="xs" label="Stale" checked={flag('stale')} onChange={toggle('stale')} />
          </Group>
        </SimpleGrid>
      }
    />
  );
}
