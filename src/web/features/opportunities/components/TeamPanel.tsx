import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import type { Opportunity } from '../../../../core/contract/opportunities.ts';
import { type TeamMember, teamRoles, teamSchema } from '../../../../core/contract/team.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { fieldErrorsOf } from '../../../lib/form-errors.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';
import classes from './CardList.module.css';

type Member = {
  userId: number;
  name: string;
  firmName: string;
  role: string | null;
  access: 'read' | 'edit';
  isOwner: boolean;
};

/** The sales team (SPEC §5): people of any firm with a role and read or edit access; the owner always edits. */
export function TeamPanel({ opportunity, team }: { opportunity: Opportunity; team: TeamMember[] }) {
  const refresh = useRefreshOpportunity(opportunity.id);
  const [editing, setEditing] = useState(false);
  const [members, setMembers] = useState<Member[]>([]);
  const [adding, setAdding] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.put(
        `/opportunities/${opportunity.id}/team`,
        teamSchema,
        members.map((member) => ({ userId: member.userId, role: member.role, access: member.access })),
        { ifMatch: opportunity.version },
      ),
    onSuccess: () => {
      setEditing(false);
      notifySuccess('Sales team saved');
      refresh();
    },
    onError: (error) => notifyError(error, 'The sales team was not saved'),
  });
  const errors = fieldErrorsOf(save.error);
  const rows: Member[] = editing ? members : team;
  const isPhone = useIsPhone();
  const change = (userId: number, patch: Partial<Pick<Member, 'role' | 'access'>>) =>
    setMembers((current) => current.map((each) => (each.userId === userId ? { ...each, ...patch } : each)));
  const remove = (userId: number) =>
    setMembers((current) => current.filter((each) => each.userId !== userId));

  return (
    <Stack gap="xs">
      {isPhone ? (
        // A phone lists the members as cards, each field under its name, instead of a table wider
        // than the screen.
        <Stack component="ul" aria-label="Sales team" gap="xs" className={classes.cards}>
          {rows.map((member, index) => (
            <Paper component="li" key={member.userId} withBorder radius="sm" p="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <MemberName member={member} />
                  <Text size="sm" c="dimmed">
                    {member.firmName}
                  </Text>
                </div>
                {editing && <RemoveMember member={member} onRemove={remove} />}
              </Group>
              <MemberError message={errors[`items.${index}.userId`]} />
              {editing ? (
                <Group grow gap="xs" mt="xs" align="flex-start">
                  <RoleField member={member} onChange={change} label="Role" />
                  <AccessField member={member} onChange={change} label="Access" />
                </Group>
              ) : (
                <Text size="sm" mt={4}>
                  {[member.role, member.access === 'edit' ? 'Edit access' : 'Read access']
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      ) : (
        <TableScroll label="Sales team" minWidth={560}>
          <Table verticalSpacing={4} aria-label="Sales team">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Firm</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Access</Table.Th>
                {editing && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((member, index) => (
                <Table.Tr key={member.userId}>
                  <Table.Td>
                    <MemberName member={member} />
                    <MemberError message={errors[`items.${index}.userId`]} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{member.firmName}</Text>
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <RoleField member={member} onChange={change} />
                    ) : (
                      <Text size="sm">{member.role}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editing ? (
                      <AccessField member={member} onChange={change} />
                    ) : (
                      <Text size="sm">{member.access === 'edit' ? 'Edit' : 'Read'}</Text>
                    )}
                  </Table.Td>
                  {editing && (
                    <Table.Td>
                      <RemoveMember member={member} onRemove={remove} />
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
          <RecordPicker
            label="Add a person"
            size="xs"
            w={isPhone ? '100%' : 280}
            queryKey={`team-users-${opportunity.id}`}
            value={adding}
            search={async (text) =>
              (
                await api.get('/users', userListSchema, {
                  // Only the people who may join this deal's team (SPEC §5).
                  query: { q: text || undefined, opportunityId: opportunity.id, limit: 30 },
                })
              ).items.map((user) => ({
                value: String(user.id),
                label: `${user.name} · ${user.firmName}`,
              }))
            }
            onChange={(value, option) => {
              setAdding(null);
              if (!value || !option || members.some((member) => member.userId === Number(value))) return;
              const [name, firmName] = option.label.split(' · ');
              setMembers((current) => [
                ...current,
                {
                  userId: Number(value),
                  name: name ?? option.label,
                  firmName: firmName ?? '',
                  role: null,
                  access: 'read',
                  isOwner: false,
                },
              ]);
            }}
          />
          <Button size="xs" onClick={() => save.mutate()} loading={save.isPending}>
            Save team
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
                setMembers(team.map((member) => ({ ...member })));
                setEditing(true);
              }}
            >
              Change team
            </Button>
          </Group>
        )
      )}
    </Stack>
  );
}

function MemberName({ member }: { member: Member }) {
  return (
    <Group gap={6}>
      <Text size="sm">{member.name}</Text>
      {member.isOwner && (
        <Badge size="xs" variant="light">
          Owner
        </Badge>
      )}
    </Group>
  );
}

function MemberError({ message }: { message: string | undefined }) {
  return message ? (
    <Text size="xs" c="red">
      {message}
    </Text>
  ) : null;
}

type MemberChange = (userId: number, patch: Partial<Pick<Member, 'role' | 'access'>>) => void;

type FieldProps = { member: Member; onChange: MemberChange; label?: string };

/** `label` shows the field's name above it (a phone's card has no column headers). */
function RoleField({ member, onChange, label }: FieldProps) {
  return (
    <Select
      size="xs"
      label={label}
      aria-label={`Role of ${member.name}`}
      data={[...teamRoles]}
      clearable
      value={member.role}
      onChange={(value) => onChange(member.userId, { role: value })}
    />
  );
}

/** The owner always edits (SPEC §5): their access is shown, not offered. */
function AccessField({ member, onChange, label }: FieldProps) {
  if (member.isOwner) {
    return label ? (
      <div>
        <Text size="xs" fw={500}>
          {label}
        </Text>
        <Text size="sm">Edit (the owner always edits)</Text>
      </div>
    ) : (
      <Text size="sm">Edit</Text>
    );
  }
  return (
    <Select
      size="xs"
      label={label}
      aria-label={`Access of ${member.name}`}
      allowDeselect={false}
      data={[
        { value: 'read', label: 'Read' },
        { value: 'edit', label: 'Edit' },
      ]}
      value={member.access}
      onChange={(value) => onChange(member.userId, { access: value === 'edit' ? 'edit' : 'read' })}
    />
  );
}

function RemoveMember({ member, onRemove }: { member: Member; onRemove: (userId: number) => void }) {
  if (member.isOwner) return null;
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      aria-label={`Remove ${member.name} from the team`}
      onClick={() => onRemove(member.userId)}
    >
      ×
    </ActionIcon>
  );
}
