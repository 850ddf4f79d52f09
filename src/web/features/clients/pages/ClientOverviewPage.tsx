import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { clientSchema } from '../../../../core/contract/clients.ts';
import { contactPageSchema } from '../../../../core/contract/contacts.ts';
import { api } from '../../../api/client.ts';
import { ChangeLog } from '../../../components/ChangeLog.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { NotFoundPage } from '../../../components/NotFoundPage.tsx';
import { DetailList, RecordHeader } from '../../../components/RecordHeader.tsx';
import { SubPanel, useOpenPanels } from '../../../components/SubPanel.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useRecordView } from '../../../hooks/useRecordView.ts';
import { ActivityPanel } from '../../activities/components/ActivityPanel.tsx';
import { ClientTimeline } from '../../activities/components/ClientTimeline.tsx';
import { ContactForm } from '../../contacts/components/ContactForm.tsx';
import { OpportunityMiniList } from '../../opportunities/components/OpportunityMiniList.tsx';
import { ClientForm } from '../components/ClientForm.tsx';

/** The client's "Site overview" (SPEC §8) with its BPContacts, Opportunities and Activities drawers. */
export function ClientOverviewPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const panels = useOpenPanels(['contacts', 'opportunities']);
  const [editing, setEditing] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const client = useQuery({
    queryKey: ['client', id],
    queryFn: () => api.get(`/clients/${id}`, clientSchema),
  });
  const contacts = useQuery({
    queryKey: ['/contacts', { clientId: String(id) }],
    queryFn: () => api.get('/contacts', contactPageSchema, { query: { clientId: id, limit: 200 } }),
    enabled: client.isSuccess,
  });
  useRecordView('client', id, client.isSuccess);
  if (client.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading client" />
      </Center>
    );
  }
  if (!client.data) return <NotFoundPage />;
  const data = client.data;
  // Open only as the client of a deal the user works on (SPEC §5): to read, with nothing to add.
  const readOnly = data.isOpenThroughDeal;
  return (
    <Stack gap="md" maw={1200}>
      <RecordHeader
        crumbs={[{ label: 'Clients', to: '/clients' }]}
        title={data.name}
        star={
          <FavoriteStar type="client" id={data.id} isFavorite={data.isFavorite} label={data.name} size="md" />
        }
        badges={
          data.isVendorRegistered ? (
            <Badge variant="light">Vendor-registered</Badge>
          ) : (
            <Badge variant="light" color="gray">
              {data.ownerFirmName}
            </Badge>
          )
        }
        subtitle={[data.clientNumber, data.industry, [data.city, data.country].filter(Boolean).join(', ')]
          .filter(Boolean)
          .join(' · ')}
        actions={
          <>
            {data.canEdit && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {!readOnly && (
              <Button onClick={() => navigate(`/opportunities/new?clientId=${data.id}`)}>
                New opportunity
              </Button>
            )}
          </>
        }
      />
      {readOnly && (
        <Alert variant="light" color="blue" title="Read only">
          You see this client because you work on one of its opportunities. It belongs to {data.ownerFirmName}
          , who keep it up to date; its BPContacts for your deal are on the opportunity.
        </Alert>
      )}
      <DetailList
        items={[
          { label: 'Client number', value: data.clientNumber },
          { label: 'Industry', value: data.industry },
          {
            label: 'Website',
            value: data.website ? (
              <Anchor
                href={data.website.startsWith('http') ? data.website : `https://${data.website}`}
                target="_blank"
                rel="noreferrer"
              >
                {data.website}
              </Anchor>
            ) : null,
          },
          { label: 'Phone', value: data.phone },
          {
            label: 'Address',
            value: [
              data.addressLine1,
              data.addressLine2,
              data.postalCode,
              data.city,
              data.region,
              data.country,
            ]
              .filter(Boolean)
              .join(', '),
          },
          { label: 'Employees', value: data.employees?.toLocaleString() },
          {
            label: 'Parent client',
            value: data.parentClientId ? (
              <Anchor component={Link} to={`/clients/${data.parentClientId}`}>
                {data.parentClientName}
              </Anchor>
            ) : null,
          },
          { label: 'Description', value: data.description },
        ]}
      />
      <SubPanel
        id="contacts"
        title="BPContacts"
        count={contacts.data?.items.length}
        isOpen={panels.isOpen('contacts')}
        onToggle={() => panels.toggle('contacts')}
        onAdd={readOnly ? undefined : () => setAddingContact(true)}
        addLabel={`Add a BPContact at ${data.name}`}
      >
        {contacts.data && contacts.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {readOnly
              ? 'No BPContacts here that you may open. Those of your opportunity are listed on it.'
              : 'No BPContacts yet. Add the people you work with at this client.'}
          </Text>
        )}
        {contacts.data && contacts.data.items.length > 0 && isPhone && (
          // The six columns do not fit a phone: one block per person, a tap to write or call.
          <Stack
            gap={0}
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={`BPContacts at ${data.name}`}
          >
            {contacts.data.items.map((contact) => (
              <Stack
                key={contact.id}
                component="li"
                gap={2}
                py="xs"
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={600} pt={8}>
                    {contact.fullName}
                  </Anchor>
                  <FavoriteStar
                    type="contact"
                    id={contact.id}
                    isFavorite={contact.isFavorite}
                    label={contact.fullName}
                  />
                </Group>
                <Text size="xs" c="dimmed">
                  {[contact.title, contact.ownerFirmName].filter(Boolean).join(' · ')}
                </Text>
                {(contact.email || contact.phone) && (
                  <Group gap="md" wrap="wrap">
                    {contact.email && (
                      <Anchor href={`mailto:${contact.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
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
            ))}
          </Stack>
        )}
        {contacts.data && contacts.data.items.length > 0 && !isPhone && (
          <Table verticalSpacing={4} highlightOnHover aria-label={`BPContacts at ${data.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36} />
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Firm</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.data.items.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <FavoriteStar
                      type="contact"
                      id={contact.id}
                      isFavorite={contact.isFavorite}
                      label={contact.fullName}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm">
                      {contact.fullName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.title}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.phone}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.ownerFirmName}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </SubPanel>
      <SubPanel
        id="opportunities"
        title="Opportunities"
        isOpen={panels.isOpen('opportunities')}
        onToggle={() => panels.toggle('opportunities')}
        onAdd={readOnly ? undefined : () => navigate(`/opportunities/new?clientId=${data.id}`)}
        addLabel={`New opportunity for ${data.name}`}
      >
        <OpportunityMiniList query={{ clientId: String(data.id) }} />
      </SubPanel>
      {/*
        One timeline per client: its activities and those of its deals and BPContacts, each by the
        visibility of its record (SPEC §5, §8). Notes on a client are its firm's own, and its history
        stays with its owner: a reader who opens it only through a deal reads that deal instead.
      */}
      {!readOnly && (
        <SubPanel
          id="activities"
          title="Activities"
          isOpen={panels.isOpen('activities')}
          onToggle={() => panels.toggle('activities')}
        >
          <Stack gap="md">
            <ActivityPanel entityType="client" entityId={data.id} showList={false} />
            <Divider label="Timeline of the client, its opportunities and BPContacts" labelPosition="left" />
            {panels.isOpen('activities') && <ClientTimeline clientId={data.id} />}
          </Stack>
        </SubPanel>
      )}
      {!readOnly && (
        <SubPanel
          id="changes"
          title="Change log"
          isOpen={panels.isOpen('changes')}
          onToggle={() => panels.toggle('changes')}
        >
          {panels.isOpen('changes') && <ChangeLog path={`/clients/${data.id}`} />}
        </SubPanel>
      )}
      {editing && (
        <ClientForm
          opened
          client={data}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
      {addingContact && (
        <ContactForm
          opened
          clientId={data.id}
          clientName={data.name}
          onClose={() => setAddingContact(false)}
          onSaved={(contact) => navigate(`/contacts/${contact.id}`)}
        />
      )}
    </Stack>
  );
}
