import { ActionIcon, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import { teamRoles } from '../../../../core/contract/team.ts';
import { api } from '../../../api/client.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';

export type DefaultTeamMember = {
  userId: number;
  name: string;
  firmName: string;
  role: string | null;
  access: 'read' | 'edit';
};

/**
 * The default sales team of SPEC §7: people of any firm you work with, each with a team role and
 * read or edit access. You yourself join every opportunity you create as its owner anyway.
 */
export function DefaultTeamEditor({
  members,
  onChange,
  errors,
  ownUserId,
}: {
  members: DefaultTeamMember[];
  onChange: (members: DefaultTeamMember[]) => void;
  errors: Record<string, string>;
  ownUserId: number | undefined;
}) {
  const [adding, setAdding] = useState<string | null>(null);
  const update = (userId: number, change: Partial<DefaultTeamMember>) =>
    onChange(members.map((member) => (member.userId === userId ? { ...member, ...change } : member)));

  return (
    <Stack gap="xs">
      {members.length === 0 ? (
        <Text size="sm" c="dimmed">
          No default team: new opportunities start with you alone on the team.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Default sales team">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th w={220}>Team role</Table.Th>
              <Table.Th w={130}>Access</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member, index) => (
              <Table.Tr key={member.userId}>
                <Table.Td>
                  <Text size="sm">{member.name}</Text>
                  <Text size="xs" c="dimmed">
                    {member.firmName}
                  </Text>
                  {errors[`team.${index}.userId`] && (
                    <Text size="xs" c="red" role="alert">
                      {errors[`team.${index}.userId`]}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Team role of ${member.name}`}
                    placeholder="No role"
                    clearable
                    data={[...teamRoles]}
                    value={member.role}
                    error={errors[`team.${index}.role`]}
                    onChange={(value) => update(member.userId, { role: value })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Access of ${member.name}`}
                    allowDeselect={false}
                    data={[
                      { value: 'read', label: 'Read' },
                      { value: 'edit', label: 'Edit' },
                    ]}
                    value={member.access}
                    onChange={(value) =>
                      update(member.userId, { access: value === 'edit' ? 'edit' : 'read' })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${member.name} from the default team`}
                    onClick={() => onChange(members.filter((each) => each.userId !== member.userId))}
                  >
                    <span aria-hidden="true">×</span>
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {errors.team && (
        <Text size="xs" c="red" role="alert">
          {errors.team}
        </Text>
      )}
      <Group>
        <RecordPicker
          label="Add a person to the default team"
          placeholder="Search people by name or email"
          w={360}
          queryKey="default-team-users"
          value={adding}
          search={async (text) =>
            (await api.get('/users', userListSchema, { query: { q: text || undefined, limit: 30 } })).items
              .filter((user) => user.isActive && user.id !== ownUserId)
              .map((user) => ({ value: String(user.id), label: `${user.name} · ${user.firmName}` }))
          }
          onChange={(value, option) => {
            setAdding(null);
            if (!value || !option || members.some((member) => member.userId === Number(value))) return;
            const [name, firmName] = option.label.split(' · ');
            onChange([
              ...members,
              {
                userId: Number(value),
                name: name ?? option.label,
                firmName: firmName ?? '',
                role: null,
                access: 'read',
              },
            ]);
          }}
        />
      </Group>
    </Stack>
  );
}
