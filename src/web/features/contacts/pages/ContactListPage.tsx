import { Anchor, Button, Checkbox, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type Contact, contactPageSchema } from '../../../../core/contract/contacts.ts';
import type { Column } from '../../../components/DataTable.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { useNewShortcut } from '../../../components/KeyboardShortcuts.tsx';
import { RecordListPage } from '../../../components/list/RecordListPage.tsx';
import { useListView } from '../../../components/list/useListView.ts';
import { formatDate } from '../../../lib/format.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { ContactForm } from '../components/ContactForm.tsx';

/** A BPContact as a phone lists it: name, title and client, and a tap to write or call. */
function ContactListCard({ contact }: { contact: Contact }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Anchor component={Link} to={`/contacts/${contact.id}`} fw={600} lineClamp={2} pt={6}>
          {contact.fullName}
        </Anchor>
        <FavoriteStar
          type="contact"
          id={contact.id}
          isFavorite={contact.isFavorite}
          label={contact.fullName}
        />
      </Group>
      <Text size="sm" c="dimmed" truncate>
        {contact.title ? `${contact.title} · ` : ''}
        <Anchor component={Link} to={`/clients/${contact.clientId}`} size="sm">
          {contact.clientName}
        </Anchor>
      </Text>
      {(contact.email || contact.phone) && (
        <Group gap="md" wrap="wrap">
          {contact.email && (
            <Anchor href={`mailto:${contact.email}`} size="sm" truncate="end" miw={0} maw="100%">
              {contact.email}
            </Anchor>
          )}
          {contact.phone && (
            <Anchor href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} size="sm">
              {contact.phone}
            </Anchor>
          )}
        </Group>
      )}
    </Stack>
  );
}

const columns: Column<Contact>[] = [
  {
    key: 'star',
    label: '★',
    width: '44px',
    render: (contact) => (
      <FavoriteStar type="contact" id={contact.id} isFavorite={contact.isFavorite} label={contact.fullName} />
    ),
  },
  {
    key: 'name',
    exportAs: ['fullName'],
    label: 'Name',
    width: 'minmax(180px, 1.5fr)',
    sortField: 'name',
    render: (contact) => (
      <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500} truncate="end" miw={0}>
        {contact.fullName}
      </Anchor>
    ),
  },
  {
    key: 'title',
    exportAs: ['title'],
    label: 'Title',
    width: 'minmax(160px, 1.5fr)',
    sortField: 'title',
    render: (contact) => contact.title,
  },
  {
    key: 'client',
    exportAs: ['clientName'],
    label: 'Client',
    width: 'minmax(160px, 1.5fr)',
    render: (contact) => (
      <Anchor component={Link} to={`/clients/${contact.clientId}`} size="sm" truncate="end" miw={0}>
        {contact.clientName}
      </Anchor>
    ),
  },
  {
    key: 'email',
    exportAs: ['email'],
    label: 'Email',
    width: 'minmax(200px, 1.5fr)',
    wrap: true,
    sortField: 'email',
    // A long address wraps at its @ and dots rather than being cut.
    render: (contact) =>
      contact.email ? (
        <Anchor href={`mailto:${contact.email}`} size="sm">
          {contact.email.split(/(?=[@.])/).map((part, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one address, in order
            <span key={index}>
              {index > 0 && <wbr />}
              {part}
            </span>
          ))}
        </Anchor>
      ) : null,
  },
  { key: 'phone', exportAs: ['phone'], label: 'Phone', width: '150px', render: (contact) => contact.phone },
  {
    key: 'owner',
    exportAs: ['ownerFirmName'],
    label: 'Firm',
    width: 'minmax(140px, 1fr)',
    wrap: true,
    render: (contact) => contact.ownerFirmName,
  },
  {
    key: 'updatedAt',
    exportAs: ['updatedAt'],
    label: 'Updated',
    width: '120px',
    sortField: 'updatedAt',
    render: (contact) => formatDate(contact.updatedAt),
  },
];

const defaultColumns = ['star', 'name', 'title', 'client', 'email', 'phone'];

export function ContactListPage() {
  const navigate = useNavigate();
  const view = useListView({ defaultSort: 'name', defaultColumns });
  const [creating, setCreating] = useState(false);
  const { data: me } = useMe();
  // Vendor reviewers only ever read (SPEC §1).
  const canCreate = me !== undefined && me !== null && me.role !== 'vendor-reviewer';
  useNewShortcut(canCreate ? () => setCreating(true) : undefined);
  return (
    <>
      <RecordListPage
        title="BPContacts"
        entityType="contact"
        path="/contacts"
        pageSchema={contactPageSchema}
        view={view}
        columns={columns}
        rowKey={(contact) => contact.id}
        onOpen={(contact) => navigate(`/contacts/${contact.id}`)}
        renderCard={(contact) => <ContactListCard contact={contact} />}
        searchPlaceholder="Name, email, title or client"
        actions={
          <Button onClick={() => setCreating(true)} aria-keyshortcuts="n">
            New BPContact
          </Button>
        }
        filters={
          <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
            <Group gap="md">
              <Checkbox
                size="xs"
                label="My favorites"
                checked={view.get('favorites') === 'true'}
                onChange={(event) => view.set({ favorites: event.currentTarget.checked ? 'true' : null })}
              />
              <Checkbox
                size="xs"
                label="Created by me"
                checked={view.get('mine') === 'true'}
                onChange={(event) => view.set({ mine: event.currentTarget.checked ? 'true' : null })}
              />
            </Group>
          </SimpleGrid>
        }
      />
      {creating && (
        <ContactForm
          opened
          onClose={() => setCreating(false)}
          onSaved={(contact) => navigate(`/contacts/${contact.id}`)}
        />
      )}
    </>
  );
}
