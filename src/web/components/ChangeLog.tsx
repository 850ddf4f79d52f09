import { Button, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type AuditEntry, auditPageSchema } from '../../core/contract/common.ts';
import { api } from '../api/client.ts';
import { formatDateTime } from '../lib/format.ts';

function capitalized(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A creation or deletion lists the record's values under its sentence; a change says it all. */
function detailsOf(entry: AuditEntry): string | null {
  if (entry.entityType === 'line-item') return null;
  if (entry.action === 'create' || entry.action === 'restore') return entry.newText;
  if (entry.action === 'delete') return entry.oldText;
  return null;
}

/**
 * Who changed what, when, as sentences a person reads (the audit trail of SPEC §2). The server words
 * each entry (field labels, money in the deal's currency, stage labels, names the reader may see),
 * so integrations read the same sentences.
 */
export function ChangeLog({ path }: { path: string }) {
  const changes = useInfiniteQuery({
    queryKey: [path, 'changes'],
    queryFn: ({ pageParam }) =>
      api.get(`${path}/changes`, auditPageSchema, { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = changes.data?.pages.flatMap((page) => page.items) ?? [];
  if (changes.isSuccess && entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No changes recorded.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Stack
        component="ol"
        gap={8}
        aria-label="Change log"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {entries.map((entry) => {
          const details = detailsOf(entry);
          return (
            <li key={entry.id} data-testid="change-entry">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {capitalized(entry.summary)}
              </Text>
              {details && (
                <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                  {details}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {entry.changedBy?.name ?? 'System'} ·{' '}
                <time dateTime={entry.changedAt}>{formatDateTime(entry.changedAt)}</time>
              </Text>
            </li>
          );
        })}
      </Stack>
      {changes.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void changes.fetchNextPage()}
          loading={changes.isFetchingNextPage}
        >
          Older changes
        </Button>
      )}
    </Stack>
  );
}
