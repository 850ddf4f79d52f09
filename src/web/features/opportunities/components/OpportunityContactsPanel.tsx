import { ActionIcon, Anchor, Button, Group, Radio, Select, Stack, Table, Text } from '@mantine/core';
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
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';

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
      {rows.length > 0 && (
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
                    <Anchor component={Link} to={`/contacts/${link.contactId}`} size="sm">
                      {link.fullName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{link.title}</Text>
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <Select
                        size="xs"
                        clearable
                        aria-label={`Role of ${link.fullName}`}
                        data={[...contactRoles]}
                        value={link.role}
                        onChange={(value) =>
                          setLinks((current) =>
                            current.map((each) =>
                              each.contactId === link.contactId ? { ...each, role: value } : each,
                            ),
                          )
                        }
                      />
                    ) : (
                      <Text size="sm">{link.role}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <Radio
                        aria-label={`${link.fullName} is the primary contact`}
                        checked={link.isPrimary}
                        onChange={() =>
                          setLinks((current) =>
                            current.map((each) => ({
                              ...each,
                              isPrimary: each.contactId === link.contactId,
                            })),
                          )
                        }
                      />
                    ) : (
                      <Text size="sm">{link.isPrimary ? 'Primary' : ''}</Text>
                    )}
                  </Table.Td>
                  {editing && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${link.fullName}`}
                        onClick={() =>
                          setLinks((current) => current.filter((each) => each.contactId !== link.contactId))
                        }
                      >
                        ×
                      </ActionIcon>
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
            w={280}
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
