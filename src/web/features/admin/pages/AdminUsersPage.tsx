import { Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type User, userListSchema } from '../../../../core/contract/firms.ts';
import { roleLabels } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { type Column, DataTable } from '../../../components/DataTable.tsx';
import { useFirms } from '../../../hooks/useReferenceData.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { UserCreateForm } from '../components/UserCreateForm.tsx';
import { UserEditForm } from '../components/UserEditForm.tsx';

const columns: Column<User>[] = [
  {
    key: 'name',
    label: 'Name',
    width: 'minmax(180px, 1.4fr)',
    render: (user) => (
      <Text size="sm" fw={500} truncate>
        {user.name}
      </Text>
    ),
  },
  {
    key: 'email',
    label: 'Email',
    width: 'minmax(200px, 1.6fr)',
    render: (user) => (
      <Text size="sm" truncate>
        {user.email}
      </Text>
    ),
  },
  {
    key: 'firm',
    label: 'Firm',
    width: 'minmax(160px, 1.2fr)',
    render: (user) => (
      <Text size="sm" truncate>
        {user.firmName}
      </Text>
    ),
  },
  { key: 'role', label: 'Role', width: '130px', render: (user) => roleLabels[user.role] },
  {
    key: 'status',
    label: 'Status',
    width: '120px',
    render: (user) =>
      user.isActive ? (
        <Badge size="sm" variant="light" color="green">
          Active
        </Badge>
      ) : (
        <Badge size="sm" variant="light" color="gray">
          Deactivated
        </Badge>
      ),
  },
  {
    key: 'lastLogin',
    label: 'Last sign-in',
    width: '190px',
    render: (user) =>
      user.lastLoginAt ? (
        formatDateTime(user.lastLoginAt)
      ) : (
        <Text size="sm" c="dimmed">
          Never
        </Text>
      ),
  },
];

/** Admin → Users: find people by name, email or firm; create them; open one to change it. */
export function AdminUsersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const firmId = params.get('firmId');
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const firms = useFirms();
  const setParam = (key: string, value: string | null) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const applySearch = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 250);
  useEffect(() => {
    setText((current) => (current.trim() === q ? current : q));
  }, [q]);

  const users = useInfiniteQuery({
    queryKey: ['/users', 'admin', { q, firmId }],
    queryFn: ({ pageParam, signal }) =>
      api.get('/users', userListSchema, {
        query: { q: q || undefined, firmId, limit: 100, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => users.data?.pages.flatMap((page) => page.items) ?? [], [users.data]);
  const filtered = Boolean(q || firmId);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Group gap="xs" align="flex-end">
          <TextInput
            label="Search users"
            placeholder="Name or email"
            value={text}
            w={260}
            onChange={(event) => {
              setText(event.currentTarget.value);
              applySearch(event.currentTarget.value);
            }}
          />
          <Select
            label="Firm"
            placeholder="Every firm"
            clearable
            searchable
            w={240}
            data={(firms.data?.items ?? []).map((firm) => ({ value: String(firm.id), label: firm.name }))}
            value={firmId}
            onChange={(value) => setParam('firmId', value)}
          />
        </Group>
        <Button onClick={() => setCreating(true)}>New user</Button>
      </Group>
      <DataTable
        label="Users"
        columns={columns}
        rows={rows}
        rowKey={(user) => user.id}
        onRowOpen={setEditing}
        hasMore={users.hasNextPage}
        onLoadMore={() => void users.fetchNextPage()}
        isLoading={users.isLoading}
        isLoadingMore={users.isFetchingNextPage}
        height={`min(${Math.max(rows.length, 3) * 40 + 44}px, calc(100vh - 300px))`}
        empty={
          <Text c="dimmed" size="sm">
            {filtered ? 'No user matches this search.' : 'There are no users yet.'}
          </Text>
        }
      />
      <Text size="xs" c="dimmed">
        Open a user to change their name or role, deactivate them or set a new password.
      </Text>
      {creating && (
        <UserCreateForm
          presetFirmId={firmId ? Number(firmId) : null}
          onClose={() => setCreating(false)}
          onCreated={() => setCreating(false)}
        />
      )}
      {editing && <UserEditForm user={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
