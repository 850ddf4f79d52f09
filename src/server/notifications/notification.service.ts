import type { Kysely } from 'kysely';
import type { NotificationListQuery, NotificationRead } from '../../core/contract/notifications.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { toNotification } from './notification.mapper.ts';
import {
  countUnreadNotifications,
  findNotifications,
  markNotificationsRead,
} from './notification.repository.ts';

/** SPEC §6: the caller's inbox, newest first, with the number still unread. */
export async function listNotifications(
  db: Kysely<Database>,
  principal: Principal,
  query: NotificationListQuery,
) {
  const before = decodeCursor(query.cursor, 1);
  const rows = await findNotifications(db, principal, {
    unreadOnly: query.unread === true,
    limit: query.limit + 1,
    ...(before && { beforeId: Number(before[0]) }),
  });
  const page = toPage(rows, query.limit, toNotification, (row) => [row.id]);
  return { ...page, unreadCount: await countUnreadNotifications(db, principal) };
}

/** Marks the listed notifications of the caller read, or all of them; ids of anyone else's are ignored. */
export async function readNotifications(
  db: Kysely<Database>,
  principal: Principal,
  input: NotificationRead | null,
): Promise<{ unreadCount: number }> {
  await markNotificationsRead(db, principal.userId, input?.ids ?? 'all', nowIso());
  return { unreadCount: await countUnreadNotifications(db, principal) };
}
