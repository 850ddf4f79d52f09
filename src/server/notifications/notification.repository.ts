import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { visibleOpportunities } from '../access/visibility.ts';
import type { Database } from '../db/schema.ts';
import type { NotificationTable } from './notification.table.ts';

export async function notifyUsers(
  db: Kysely<Database>,
  userIds: readonly number[],
  notification: {
    kind: NotificationTable['kind'];
    opportunity_id: number;
    message: string;
    created_at: string;
  },
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values(userIds.map((userId) => ({ ...notification, user_id: userId })))
    .execute();
}

/**
 * The caller's own notifications about opportunities they can still open: a notification is a link
 * to its opportunity, and lists never hold records the caller may not see (SPEC §5).
 */
function selectInbox(db: Kysely<Database>, principal: Principal) {
  return db
    .selectFrom('notifications')
    .innerJoin('opportunities', 'opportunities.id', 'notifications.opportunity_id')
    .where('notifications.user_id', '=', principal.userId)
    .where(visibleOpportunities(principal));
}

export type NotificationRow = Awaited<ReturnType<typeof findNotifications>>[number];

/** Newest first, in pages before the id of the last one seen. */
export async function findNotifications(
  db: Kysely<Database>,
  principal: Principal,
  options: { unreadOnly: boolean; beforeId?: number; limit: number },
) {
  let query = selectInbox(db, principal)
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.opportunity_id',
      'notifications.message',
      'notifications.created_at',
      'notifications.read_at',
      'opportunities.number as opportunity_number',
      'opportunities.name as opportunity_name',
    ])
    .orderBy('notifications.id', 'desc')
    .limit(options.limit);
  if (options.unreadOnly) query = query.where('notifications.read_at', 'is', null);
  if (options.beforeId !== undefined) query = query.where('notifications.id', '<', options.beforeId);
  return query.execute();
}

export async function countUnreadNotifications(db: Kysely<Database>, principal: Principal): Promise<number> {
  const row = await selectInbox(db, principal)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('notifications.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks the user's own unread notifications (those listed, or all); anyone else's are never touched. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: number,
  ids: readonly number[] | 'all',
  at: string,
): Promise<void> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids.length ? [...ids] : [-1]);
  await query.execute();
}
