import { Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatRelative } from '../../../lib/format.ts';
import { useMarkNotificationsRead, useUnreadNotifications } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';

/** Unread notifications about passed opportunities (SPEC §6), each readable and dismissible here. */
export function NotificationList() {
  const notifications = useUnreadNotifications();
  const markRead = useMarkNotificationsRead();
  const items = notifications.data?.items ?? [];
  const unreadCount = notifications.data?.unreadCount;
  return (
    <HomeSection
      id="notifications"
      title="Notifications"
      count={unreadCount ? unreadCount : undefined}
      actions={
        items.length > 0 && (
          <Button
            size="compact-xs"
            variant="subtle"
            loading={markRead.isPending && markRead.variables === undefined}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        )
      }
    >
      {notifications.isLoading ? (
        <Loader size="sm" aria-label="Loading notifications" />
      ) : items.length === 0 ? (
        <EmptyHint>
          You are all caught up. You hear here when an opportunity is passed to your firm, and when one you
          passed is accepted or declined.
        </EmptyHint>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((notification) => (
            <li key={notification.id}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Anchor
                    component={Link}
                    to={`/opportunities/${notification.opportunityId}`}
                    size="sm"
                    onClick={() => markRead.mutate([notification.id])}
                  >
                    {notification.message}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatRelative(notification.createdAt)}
                  </Text>
                </div>
                <Button
                  size="compact-xs"
                  variant="default"
                  style={{ flexShrink: 0 }}
                  aria-label={`Mark read: ${notification.message}`}
                  onClick={() => markRead.mutate([notification.id])}
                >
                  Read
                </Button>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </HomeSection>
  );
}
