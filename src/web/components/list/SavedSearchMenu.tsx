import { Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { savedSearchListSchema, savedSearchSchema } from '../../../core/contract/saved-searches.ts';
import { ApiError, api } from '../../api/client.ts';
import { notifyError, notifySuccess } from '../../api/notify.ts';

type SavedSearchMenuProps = {
  entityType: 'client' | 'contact' | 'opportunity';
  path: string;
  /** The current view as a query string (filters, sort, columns). */
  queryString: string;
};

/** SPEC §8 saved searches: keep the current view under a name and reopen it from its URL. */
export function SavedSearchMenu({ entityType, path, queryString }: SavedSearchMenuProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const saved = useQuery({
    queryKey: ['saved-searches', entityType],
    queryFn: () => api.get('/saved-searches', savedSearchListSchema, { query: { entityType } }),
  });
  const save = useMutation({
    mutationFn: () =>
      api.post('/saved-searches', savedSearchSchema, { entityType, name, query: queryString }),
    onSuccess: () => {
      setNaming(false);
      setName('');
      notifySuccess('Search saved');
      void queryClient.invalidateQueries({ queryKey: ['saved-searches', entityType] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError) setError(failure.fieldErrors.name ?? failure.message);
      else notifyError(failure);
    },
  });
  const remove = useMutation({
    mutationFn: (search: { id: number; version: number }) =>
      api.delete(`/saved-searches/${search.id}`, { ifMatch: search.version }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['saved-searches', entityType] }),
    onError: (failure) => {
      notifyError(failure);
      // A conflict means it changed elsewhere: show it as it is now.
      void queryClient.invalidateQueries({ queryKey: ['saved-searches', entityType] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    save.mutate();
  }

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" size="xs">
            Saved searches
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={240}>
          <Menu.Item onClick={() => setNaming(true)}>Save this view…</Menu.Item>
          <Menu.Divider />
          {saved.data?.items.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              No saved searches yet
            </Text>
          )}
          {saved.data?.items.map((search) => (
            <Menu.Item
              key={search.id}
              onClick={() => navigate(`${path}?${search.query}`)}
              rightSection={
                <Text
                  component="span"
                  size="xs"
                  c="red"
                  role="button"
                  aria-label={`Delete saved search ${search.name}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    remove.mutate(search);
                  }}
                >
                  Delete
                </Text>
              }
            >
              {search.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view" size="sm">
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={name}
              error={error}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
