import { Alert, Anchor, Badge, Button, Center, Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { contactSchema } from '../../../../core/contract/contacts.ts';
import { api } from '../../../api/client.ts';
import { ChangeLog } from '../../../components/ChangeLog.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { NotFoundPage } from '../../../components/NotFoundPage.tsx';
import { DetailList, RecordHeader } from '../../../components/RecordHeader.tsx';
import { SubPanel, useOpenPanels } from '../../../components/SubPanel.tsx';
import { useRecordView } from '../../../hooks/useRecordView.ts';
import { ActivityPanel } from '../../activities/components/ActivityPanel.tsx';
import { OpportunityMiniList } from '../../opportunities/components/OpportunityMiniList.tsx';
import { ContactForm } from '../components/ContactForm.tsx';

/** The Contact overview (SPEC §8) with its Opportunities and Activities drawers. */
export function ContactOverviewPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const panels = useOpenPanels(['opportunities']);
  const [editing, setEditing] = useState(false);
  const contact = useQuery({
    queryKey: ['contact', id],
    queryFn: () => api.get(`/contacts/${id}`, contactSchema),
  });
  useRecordView('contact', id, contact.isSuccess);
  if (contact.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading contact" />
      </Center>
    );
  }
  if (!contact.data) return <NotFoundPage />;
  const data = contact.data;
  // Open only as a BPContact of a deal the user works on (SPEC §5): to read, with nothing to add.
  const readOnly = data.isOpenThroughDeal;
  const newOpportunity = `/opportunities/new?contactId=${data.id}`;
  return (
    <Stack gap="md" maw={1200}>
      <RecordHeader
        crumbs={[
          { label: 'Clients', to: '/clients' },
          { label: data.clientName, to: `/clients/${data.clientId}` },
        ]}
        title={data.fullName}
        star={
          <FavoriteStar
            type="contact"
            id={data.id}
            isFavorite={data.isFavorite}
            label={data.fullName}
            size="md"
          />
        }
        badges={
          <Badge variant="light" color="gray">
            {data.ownerFirmName}
          </Badge>
        }
        subtitle={[data.title, data.clientName].filter(Boolean).join(' · ')}
        actions={
          <>
            {data.canEdit && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {!readOnly && <Button onClick={() => navigate(newOpportunity)}>New opportunity</Button>}
          </>
        }
      />
      {readOnly && (
        <Alert variant="light" color="blue" title="Read only">
          You see this BPContact because you work on an opportunity with them. They belong to{' '}
          {data.ownerFirmName}, who keep their details up to date.
        </Alert>
      )}
      <DetailList
        items={[
          {
            label: 'Client',
            value: (
              <Anchor component={Link} to={`/clients/${data.clientId}`}>
                {data.clientName}
              </Anchor>
            ),
          },
          { label: 'Title', value: data.title },
          { label: 'Department', value: data.department },
          {
            label: 'Email',
            value: data.email ? <Anchor href={`mailto:${data.email}`}>{data.email}</Anchor> : null,
          },
          { label: 'Phone', value: data.phone },
          { label: 'Mobile', value: data.mobile },
          { label: 'Notes', value: data.notes },
        ]}
      />
      <SubPanel
        id="opportunities"
        title="Opportunities"
        isOpen={panels.isOpen('opportunities')}
        onToggle={() => panels.toggle('opportunities')}
        onAdd={readOnly ? undefined : () => navigate(newOpportunity)}
        addLabel={`New opportunity with ${data.fullName}`}
      >
        <OpportunityMiniList query={{ contactId: String(data.id) }} />
      </SubPanel>
      {/* Notes on a contact are its firm's own, and its history stays with its owner (SPEC §5). */}
      {!readOnly && (
        <SubPanel
          id="activities"
          title="Activities"
          isOpen={panels.isOpen('activities')}
          onToggle={() => panels.toggle('activities')}
        >
          <ActivityPanel entityType="contact" entityId={data.id} />
        </SubPanel>
      )}
      {!readOnly && (
        <SubPanel
          id="changes"
          title="Change log"
          isOpen={panels.isOpen('changes')}
          onToggle={() => panels.toggle('changes')}
        >
          {panels.isOpen('changes') && <ChangeLog path={`/contacts/${data.id}`} />}
        </SubPanel>
      )}
      {editing && (
        <ContactForm
          opened
          contact={data}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}
