import { ActionIcon, Anchor, Button, Group, Paper, Radio, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { contactPageSchema } from '../../../../core/contract/contacts.ts';
import {
  contactRoles,
  type Opportunity,
  type OpportunityContact,
  opportunityContactSchema,
} from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';
import classes from './CardList.module.css';

const contactListSchema = z.object({ items: z.array(opportunityContactSchema) });

/** BPContacts of the deal with their roles; one is primary (what 02 Validate asks for). */
export function OpportunityContactsPanel({
  opportunity,
  contacts,
}: {
  opportunity: Opportunity;
  contacts: OpportunityContact[];
}) {
  const refresh = useRefreshOpportunity(opportunity.id);
  const [editing, setEditing] = useState(false);
  const [links, setLinks] = useState<OpportunityContact[]>([]);
  const candidates = useQuery({
    queryKey: ['/contacts', { clientId: String(opportunity.clientId) }],
    queryFn: () =>
      api.get('/contacts', contactPageSchema, { query: { clientId: opportunity.clientId, limit: 200 } }),
    enabled: editing,
  });
  const save = useMutation({
    mutationFn: () =>
      api.put(
        `/opportunities/${opportunity.id}/contacts`,
        contactListSchema,
        links.map((link) => ({ contactId: link.contactId, role: link.role, isPrimary: link.isPrimary })),
        { ifMatch: opportunity.version },
      ),
    onSuccess: () => {
      setEditing(false);
      notifySuccess('BPContacts saved');
      refresh();
    },
    onError: (error) => notifyError(error, 'The BPContacts were not saved'),
  });
  const rows = editing ? links : contacts;
  const isPhone = useIsPhone();
  const setRole = (contactId: number, role: string | null) =>
    setLinks((current) => current.map((each) => (each.contactId === contactId ? { ...each, role } : each)));
  const choosePrimary = (contactId: number) =>
    setLinks((current) => current.map((each) => ({ ...each, isPrimary: each.contactId === contactId })));
  const remove = (contactId: number) =>
    setLinks((current) => current.filter((each) => each.contactId !== contactId));
  const addable = (candidates.data?.items ?? []).filter(
    (candidate) => !links.some((link) => link.contactId === candidate.id),
  );

  return (
    <Stack gap="xs">
      {rows.length === 0 && !editing && (
        <Text size="sm" c="dimmed">
          No BPContacts yet.
        </Text>
      )}
      {rows.length > 0 && isPhone && (
        // A phone lists them as cards, each field under its name, not a table scrolling sideways.
        <Stack component="ul" aria-label="BPContacts of the opportunity" gap="xs" className={classes.cards}>
          {rows.map((link) => (
            <Paper component="li" key={link.contactId} withBorder radius="sm" p="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <ContactName link={link} />
                  {link.title && (
                    <Text size="sm" c="dimmed">
                      {link.title}
                    </Text>
                  )}
                </div>
                {editing && <RemoveContact link={link} onRemove={remove} />}
              </Group>
              {editing ? (
                <Stack gap={4} mt="xs">
                  <RoleField link={link} onChange={setRole} label="Role" />
                  <PrimaryField link={link} onChoose={choosePrimary} label="Primary contact" />
                </Stack>
              ) : (
                <Text size="sm" mt={4}>
                  {[link.role, link.isPrimary ? 'Primary' : null].filter(Boolean).join(' · ')}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
      {rows.length > 0 && !isPhone && (
        <TableScroll label="BPContacts of the opportunity" minWidth={560}>
          <Table verticalSpacing={4} aria-label="BPContacts of the opportunity">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Primary</Table.Th>
                {editing && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((link) => (
                <Table.Tr key={link.contactId}>
                  <Table.Td>
                    <ContactName link={link} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{link.title}</Text>
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <RoleField link={link} onChange={setRole} />
                    ) : (
                      <Text size="sm">{link.role}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <PrimaryField link={link} onChoose={choosePrimary} />
                    ) : (
                      <Text size="sm">{link.isPrimary ? 'Primary' : ''}</Text>
                    )}
                  </Table.Td>
                  {editing && (
                    <Table.Td>
                      <RemoveContact link={link} onRemove={remove} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {editing ? (
        <Group gap="xs" align="flex-end">
          <Select
            label="Add a BPContact of this client"
            size="xs"
            w={isPhone ? '100%' : 280}
            searchable
            data={addable.map((candidate) => ({ value: String(candidate.id), label: candidate.fullName }))}
            value={null}
            onChange={(value) => {
              const candidate = addable.find((each) => String(each.id) === value);
              if (!candidate) return;
              setLinks((current) => [
                ...current,
                {
                  contactId: candidate.id,
                  fullName: candidate.fullName,
                  title: candidate.title,
                  email: candidate.email,
                  phone: candidate.phone,
                  role: null,
                  isPrimary: current.length === 0,
                },
              ]);
            }}
          />
          <Button size="xs" onClick={() => save.mutate()} loading={save.isPending}>
            Save BPContacts
          </Button>
          <Button size="xs" variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      ) : (
        opportunity.canEdit && (
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setLinks(contacts.map((contact) => ({ ...contact })));
                setEditing(true);
              }}
            >
              Change BPContacts
            </Button>
          </Group>
        )
      )}
    </Stack>
  );
}

function ContactName({ link }: { link: OpportunityContact }) {
  return (
    <Anchor component={Link} to={`/contacts/${link.contactId}`} size="sm">
      {link.fullName}
    </Anchor>
  );
}

/** `label` shows the field's name with it (a phone's card has no column headers). */
function RoleField({
  link,
  onChange,
  label,
}: {
  link: OpportunityContact;
  onChange: (contactId: number, role: string | null) => void;
  label?: string;
}) {
  return (
    <Select
      size="xs"
      clearable
      label={label}
      aria-label={`Role of ${link.fullName}`}
      data={[...contactRoles]}
      value={link.role}
      onChange={(value) => onChange(link.contactId, value)}
    />
  );
}

function PrimaryField({
  link,
  onChoose,
  label,
}: {
  link: OpportunityContact;
  onChoose: (contactId: number) => void;
  label?: string;
}) {
  return (
    <Radio
      label={label}
      aria-label={`${link.fullName} is the primary contact`}
      checked={link.isPrimary}
      onChange={() => onChoose(link.contactId)}
    />
  );
}

function RemoveContact({
  link,
  onRemove,
}: {
  link: OpportunityContact;
  onRemove: (contactId: number) => void;
}) {
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      aria-label={`Remove ${link.fullName}`}
      onClick={() => onRemove(link.contactId)}
    >
      ×
    </ActionIcon>
  );
}
