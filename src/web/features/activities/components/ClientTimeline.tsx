import { Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  type Activity,
  type ActivityKind,
  activityKinds,
  activityPageSchema,
  type TimelineSource,
} from '../../../../core/contract/activities.ts';
import { api } from '../../../api/client.ts';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format.ts';
import { kindLabels } from './ActivityPanel.tsx';

const sourceOptions: { value: 'all' | TimelineSource; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'client', label: 'Client' },
  { value: 'opportunities', label: 'Opportunities' },
  { value: 'contacts', label: 'BPContacts' },
];

const kindOptions = [
  { value: 'all', label: 'All kinds' },
  ...activityKinds.map((kind) => ({ value: kind, label: `${kindLabels[kind]}s` })),
];

/** Where an entry belongs: a link to its deal or BPContact; the client's own entries say so. */
function BelongsTo({ activity }: { activity: Activity }) {
  if (activity.entityType === 'client') return <>on this client</>;
  const path = activity.entityType === 'opportunity' ? 'opportunities' : 'contacts';
  return (
    <>
      on {activity.entityType === 'opportunity' ? 'opportunity' : 'BPContact'}{' '}
      <Anchor component={Link} to={`/${path}/${activity.entityId}`} size="xs" fw={500}>
        {activity.entityTitle}
      </Anchor>
    </>
  );
}

/**
 * One timeline per client (SPEC §8): its own activities and those of its opportunities and BPContacts,
 * newest first, filtered by source and kind, paged by the server (a client may have thousands of deals).
 * The server shows only what the reader may see.
 */
export function ClientTimeline({ clientId }: { clientId: number }) {
  const [source, setSource] = useState<'all' | TimelineSource>('all');
  const [kind, setKind] = useState<'all' | ActivityKind>('all');
  const timeline = useInfiniteQuery({
    queryKey: ['activities', 'client-timeline', clientId, source, kind],
    queryFn: ({ pageParam }) =>
      api.get(`/clients/${clientId}/timeline`, activityPageSchema, {
        query: {
          limit: 25,
          cursor: pageParam,
          ...(source !== 'all' && { source }),
          ...(kind !== 'all' && { kind }),
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Text size="xs" fw={500} id={`timeline-source-${clientId}`}>
            From
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby={`timeline-source-${clientId}`}
            data={sourceOptions}
            value={source}
            onChange={(value) => setSource(value as 'all' | TimelineSource)}
          />
        </Stack>
        <Select
          label="Kind of activity"
          size="xs"
          w={150}
          allowDeselect={false}
          data={kindOptions}
          value={kind}
          onChange={(value) => value && setKind(value as 'all' | ActivityKind)}
        />
      </Group>
      {timeline.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {source === 'all' && kind === 'all' ? 'No activities yet.' : 'No activities match these filters.'}
        </Text>
      )}
      <Stack
        gap={8}
        component="ol"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
        aria-label="Client timeline"
      >
        {items.map((activity) => (
          <li key={activity.id} data-testid="timeline-entry">
            <Group gap={6} wrap="wrap">
              <Badge size="xs" variant="light" color={activity.kind === 'note' ? 'gray' : 'blue'}>
                {kindLabels[activity.kind]}
              </Badge>
              <Text
                size="sm"
                fw={500}
                style={{ overflowWrap: 'anywhere' }}
                td={activity.status === 'done' && activity.kind !== 'note' ? 'line-through' : undefined}
              >
                {activity.subject}
              </Text>
              {activity.dueDate && activity.status === 'open' && (
                <Text size="xs" c={activity.isOverdue ? 'red' : 'dimmed'}>
                  due {formatDate(activity.dueDate)}
                </Text>
              )}
            </Group>
            {activity.body && activity.body !== activity.subject && (
              <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {activity.body}
              </Text>
            )}
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              <BelongsTo activity={activity} /> · {activity.createdBy.name} ·{' '}
              <time dateTime={activity.createdAt} title={formatDateTime(activity.createdAt)}>
                {formatRelative(activity.createdAt)}
              </time>
            </Text>
          </li>
        ))}
      </Stack>
      {timeline.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void timeline.fetchNextPage()}
          loading={timeline.isFetchingNextPage}
        >
          Older
        </Button>
      )}
    </Stack>
  );
}
