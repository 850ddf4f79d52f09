import type { SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { clientPageSchema, clientSchema } from '../../../core/contract/clients.ts';
import { userListSchema, userSchema } from '../../../core/contract/firms.ts';
import { api } from '../../api/client.ts';
import { RecordPicker } from '../RecordPicker.tsx';

/** The name of a record a filter names by id, so a reloaded or shared address shows who or what it is. */
function useRecordName(kind: 'users' | 'clients', id: string | undefined) {
  return useQuery({
    queryKey: [`/${kind}`, 'name', id],
    queryFn: async () =>
      kind === 'users'
        ? (await api.get(`/users/${id}`, userSchema)).name
        : (await api.get(`/clients/${id}`, clientSchema)).name,
    enabled: Boolean(id),
    staleTime: 10 * 60_000,
  });
}

type FilterPickerProps = Omit<
  SelectProps,
  'data' | 'onChange' | 'value' | 'searchValue' | 'onSearchChange'
> & {
  /** The id in the address, if any. */
  value: string | undefined;
  /** Applied as soon as a person is picked or the field is cleared. */
  onChange: (value: string | null) => void;
};

/** Picks an owner by typing part of their name (the people the caller works with). */
export function OwnerFilterPicker({
  value,
  onChange,
  currentUser,
  ...props
}: FilterPickerProps & { currentUser?: { id: number; name: string } | undefined }) {
  const isMe = value !== undefined && currentUser !== undefined && value === String(currentUser.id);
  const name = useRecordName('users', value && !isMe ? value : undefined);
  const selectedLabel = isMe ? currentUser.name : (name.data ?? null);
  return (
    <RecordPicker
      label="Owner"
      placeholder="Anyone"
      queryKey="filter-owner"
      {...props}
      value={value ?? null}
      selectedLabel={selectedLabel}
      search={async (text) =>
        (await api.get('/users', userListSchema, { query: { q: text || undefined, limit: 30 } })).items.map(
          (user) => ({ value: String(user.id), label: user.name }),
        )
      }
      onChange={(next) => onChange(next)}
    />
  );
}

/** Picks a client by typing part of its name (the clients the caller may see). */
export function ClientFilterPicker({ value, onChange, ...props }: FilterPickerProps) {
  const name = useRecordName('clients', value);
  return (
    <RecordPicker
      label="Client"
      placeholder="Any client"
      queryKey="filter-client"
      {...props}
      value={value ?? null}
      selectedLabel={name.data ?? null}
      search={async (text) =>
        (
          await api.get('/clients', clientPageSchema, { query: { q: text || undefined, limit: 20 } })
        ).items.map((client) => ({ value: String(client.id), label: client.name }))
      }
      onChange={(next) => onChange(next)}
    />
  );
}
