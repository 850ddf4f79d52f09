import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type Activity,
  type ActivityKind,
  activityPageSchema,
  activitySchema,
} from '../../../../core/contract/activities.ts';
import { api } from '../../../api/client.ts';
import { notifyError } from '../../../api/notify.ts';
import { fieldErrorsOf } from '../../../lib/form-errors.ts';
import { formatDate, formatRelative } from '../../../lib/format.ts';
import { useMe } from '../../auth/hooks/useSession.ts';

type ActivityPanelProps = {
  entityType: 'client' | 'contact' | 'opportunity';
  entityId: number;
  /** Which kinds this panel shows and creates; all by default. */
  kinds?: ActivityKind[];
  /** False when another list shows the record's activities (the client's timeline): the form alone. */
  showList?: boolean;
};

export const kindLabels: Record<ActivityKind, string> = {
  task: 'Task',
  call: 'Call',
  meeting: 'Meeting',
  note: 'Note',
};
const pathOf = { client: 'clients', contact: 'contacts', opportunity: 'opportunities' } as const;

/** Tasks, calls, meetings and notes on a record (SPEC §2), newest first, with a quick way to add one. */
export function ActivityPanel({
  entityType,
  entityId,
  kinds = ['task', 'call', 'meeting', 'note'],
  showList = true,
}: ActivityPanelProps) {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const onlyNotes = kinds.length === 1 && kinds[0] === 'note';
  const [kind, setKind] = useState<ActivityKind>(kinds[0] ?? 'task');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [dueDate, setDueDate] = useState<string | null>(null);
  const key = ['activities', entityType, entityId, kinds.join(',')];
  const list = useInfiniteQuery({
    enabled: showList,
    queryKey: key,
    queryFn: ({ pageParam }) =>
      api.get(`/${pathOf[entityType]}/${entityId}/activities`, activityPageSchema, {
        query: { kind: kinds.join(','), limit: 25, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const add = useMutation({
    mutationFn: () =>
      api.post('/activities', activitySchema, {
        entityType,
        entityId,
        kind,
        subject: onlyNotes && !subject.trim() ? body.trim().split('\n')[0]?.slice(0, 200) : subject,
        ...(body.trim() && { body }),
        ...(dueDate && kind !== 'note' && { dueDate }),
      }),
    onSuccess: () => {
      setSubject('');
      setBody('');
      setDueDate(null);
      void queryClient.invalidateQueries({ queryKey: ['activities'] });
    },
  });
  const complete = useMutation({
    mutationFn: (activity: Activity) =>
      api.patch(
        `/activities/${activity.id}`,
        activitySchema,
        { status: activity.status === 'done' ? 'open' : 'done' },
        { ifMatch: activity.version },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['activities'] }),
    onError: (error) => notifyError(error, 'The activity was not changed'),
  });
  const remove = useMutation({
    mutationFn: (activity: Activity) =>
      api.delete(`/activities/${activity.id}`, { ifMatch: activity.version }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['activities'] }),
    onError: (error) => notifyError(error, 'The activity was not removed'),
  });
  const errors = fieldErrorsOf(add.error);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const canAdd = me?.role !== 'vendor-reviewer';

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <Stack gap="sm">
      {canAdd && (
        <form onSubmit={submit} aria-label={onlyNotes ? 'Add a note' : 'Add an activity'}>
          <Group align="flex-end" gap="xs" wrap="wrap">
            {!onlyNotes && (
              <Select
                label="Kind"
                size="xs"
                w={110}
                allowDeselect={false}
                data={kinds.map((each) => ({ value: each, label: kindLabels[each] }))}
                value={kind}
                onChange={(value) => value && setKind(value as ActivityKind)}
              />
            )}
            {!onlyNotes && (
              <TextInput
                label="Subject"
                size="xs"
                style={{ flex: 1, minWidth: 200 }}
                value={subject}
                error={errors.subject}
                onChange={(event) => setSubject(event.currentTarget.value)}
              />
            )}
            {onlyNotes && (
              <Textarea
                label="New note"
                size="xs"
                autosize
                minRows={2}
                style={{ flex: 1, minWidth: 260 }}
                value={body}
                error={errors.subject ?? errors.body}
                onChange={(event) => setBody(event.currentTarget.value)}
              />
            )}
            {!onlyNotes && kind !== 'note' && (
              <DateInput
                label="Due"
                size="xs"
                w={130}
                clearable
                valueFormat="YYYY-MM-DD"
                value={dueDate}
                onChange={setDueDate}
              />
            )}
            <Button
              type="submit"
              size="xs"
              loading={add.isPending}
              disabled={onlyNotes ? !body.trim() : !subject.trim()}
            >
              {onlyNotes ? 'Add note' : 'Add'}
            </Button>
          </Group>
        </form>
      )}
      {showList && (
        <>
          {list.isSuccess && items.length === 0 && (
            <Text size="sm" c="dimmed">
              {onlyNotes ? 'No notes yet.' : 'No activities yet.'}
            </Text>
          )}
          <Stack
            gap={6}
            component="ul"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
            aria-label={onlyNotes ? 'Notes' : 'Activities'}
          >
            {items.map((activity) => (
              <li key={activity.id}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  {activity.kind !== 'note' && (
                    <Checkbox
                      mt={2}
                      size="xs"
                      aria-label={`Mark “${activity.subject}” ${activity.status === 'done' ? 'not done' : 'done'}`}
                      checked={activity.status === 'done'}
                      disabled={!activity.canEdit}
                      onChange={() => complete.mutate(activity)}
                    />
                  )}
                  <Stack gap={0} style={{ flex: 1 }}>
                    <Group gap={6}>
                      <Badge size="xs" variant="light" color={activity.kind === 'note' ? 'gray' : 'blue'}>
                        {kindLabels[activity.kind]}
                      </Badge>
                      <Text
                        size="sm"
                        fw={500}
                        td={
                          activity.status === 'done' && activity.kind !== 'note' ? 'line-through' : undefined
                        }
                      >
                        {activity.subject}
                      </Text>
                      {activity.dueDate && (
                        <Text size="xs" c={activity.isOverdue ? 'red' : 'dimmed'}>
                          due {formatDate(activity.dueDate)}
                        </Text>
                      )}
                    </Group>
                    {activity.body && activity.body !== activity.subject && (
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {activity.body}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {activity.createdBy.name} · {formatRelative(activity.createdAt)}
                      {activity.ownerName !== activity.createdBy.name ? ` · for ${activity.ownerName}` : ''}
                    </Text>
                  </Stack>
                  {activity.canEdit && (
                    <Tooltip label="Remove">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={`Remove “${activity.subject}”`}
                        onClick={() => remove.mutate(activity)}
                      >
                        ×
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
          {list.hasNextPage && (
            <Button variant="subtle" size="xs" onClick={() => void list.fetchNextPage()}>
              Older
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
