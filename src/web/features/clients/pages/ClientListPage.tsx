import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type Client, clientPageSchema } from '../../../../core/contract/clients.ts';
import type { Column } from '../../../components/DataTable.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { useNewShortcut } from '../../../components/KeyboardShortcuts.tsx';
import { RecordListPage } from '../../../components/list/RecordListPage.tsx';
import { useListView } from '../../../components/list/useListView.ts';
import { formatDate } from '../../../lib/format.ts';
import { ClientForm } from '../components/ClientForm.tsx';

function RegisteredBy({ client }: { client: Client }) {
  return client.isVendorRegistered ? (
    <Badge size="sm" variant="light">
      Vendor
    </Badge>
  ) : (
    client.ownerFirmName
  );
}

/** A client as a phone lists it: its name, number, trade and place, and who registered it. */
function ClientListCard({ client }: { client: Client }) {
  const place = [client.city, client.country].filter(Boolean).join(', ');
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Anchor component={Link} to={`/clients/${client.id}`} fw={600} lineClamp={2} pt={6}>
          {client.name}
        </Anchor>
        <FavoriteStar type="client" id={client.id} isFavorite={client.isFavorite} label={client.name} />
      </Group>
      <Text size="sm" c="dimmed" truncate>
        {[client.clientNumber, client.industry].filter(Boolean).join(' · ')}
      </Text>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" truncate>
          {place || '—'}
        </Text>
        <Text size="xs" c="dimmed" component="div" style={{ whiteSpace: 'nowrap' }}>
          <RegisteredBy client={client} />
        </Text>
      </Group>
    </Stack>
  );
}

export const clientColumns: Column<Client>[] = [
  {
    key: 'star',
    label: '★',
    width: '44px',
    render: (client) => (
      <FavoriteStar type="client" id={client.id} isFavorite={client.isFavorite} label={client.name} />
    ),
  },
  {
    key: 'name',
    exportAs: ['name'],
    label: 'Name',
    width: 'minmax(220px, 2fr)',
    sortField: 'name',
    render: (client) => (
      <Anchor component={Link} to={`/clients/${client.id}`} size="sm" fw={500} truncate="end" miw={0}>
        {client.name}
      </Anchor>
    ),
  },
  {
    key: 'clientNumber',
    exportAs: ['clientNumber'],
    label: 'Number',
    width: '120px',
    sortField: 'clientNumber',
    render: (client) => client.clientNumber,
  },
  {
    key: 'industry',
    exportAs: ['industry'],
    label: 'Industry',
    width: 'minmax(120px, 1fr)',
    sortField: 'industry',
    render: (client) => client.industry,
  },
  {
    key: 'city',
    exportAs: ['city'],
    label: 'City',
    width: 'minmax(110px, 1fr)',
    render: (client) => client.city,
  },
  {
    key: 'country',
    exportAs: ['country'],
    label: 'Country',
    width: 'minmax(110px, 1fr)',
    sortField: 'country',
    render: (client) => client.country,
  },
  {
    key: 'owner',
    exportAs: ['ownerFirmName', 'isVendorRegistered'],
    label: 'Registered by',
    width: 'minmax(140px, 1fr)',
    wrap: true,
    render: (client) => <RegisteredBy client={client} />,
  },
  {
    key: 'updatedAt',
    exportAs: ['updatedAt'],
    label: 'Updated',
    width: '120px',
    sortField: 'updatedAt',
    render: (client) => formatDate(client.updatedAt),
  },
];

const defaultColumns = ['star', 'name', 'clientNumber', 'industry', 'city', 'country', 'owner'];

export function ClientListPage() {
  const navigate = useNavigate();
  const view = useListView({ defaultSort: 'name', defaultColumns });
  const [creating, setCreating] = useState(false);
  useNewShortcut(() => setCreating(true));
  const flag = (key: string) => view.get(key) === 'true';
  return (
    <>
      <RecordListPage
        title="Clients"
        entityType="client"
        path="/clients"
        pageSchema={clientPageSchema}
        view={view}
        columns={clientColumns}
        rowKey={(client) => client.id}
        onOpen={(client) => navigate(`/clients/${client.id}`)}
        renderCard={(client) => <ClientListCard client={client} />}
        searchPlaceholder="Name, number, city or website"
        actions={
          <Button onClick={() => setCreating(true)} aria-keyshortcuts="n">
            New client
          </Button>
        }
        filters={
          <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
            <TextInput
              label="Country"
              size="xs"
              value={view.get('country') ?? ''}
              onChange={(event) => view.set({ country: event.currentTarget.value })}
            />
            <TextInput
              label="Industry"
              size="xs"
              value={view.get('industry') ?? ''}
              onChange={(event) => view.set({ industry: event.currentTarget.value })}
            />
            <Select
              label="Registered by"
              size="xs"
              clearable
              data={[
                { value: 'true', label: 'The vendor' },
                { value: 'false', label: 'Partner firms' },
              ]}
              value={view.get('vendorRegistered') ?? null}
              onChange={(value) => view.set({ vendorRegistered: value })}
            />
            <Group gap="md" mt="lg">
              <Checkbox
                size="xs"
                label="My favorites"
                checked={flag('favorites')}
                onChange={(event) => view.set({ favorites: event.currentTarget.checked ? 'true' : null })}
              />
              <Checkbox
                size="xs"
                label="Created by me"
                checked={flag('mine')}
                onChange={(event) => view.set({ mine: event.currentTarget.checked ? 'true' : null })}
              />
            </Group>
          </SimpleGrid>
        }
      />
      {creating && (
        <ClientForm
          opened
          onClose={() => setCreating(false)}
          onSaved={(client) => navigate(`/clients/${client.id}`)}
        />
      )}
    </>
  );
}
