import type { Kysely } from 'kysely';
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

export async function findNotifications(db: Kysely<Database>, userId: number, limit: number) {
  return db
    .selectFrom('notifications')
    .innerJoin('opportunities', 'opportunities.id', 'notifications.opportunity_id')
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
    .where('notifications.user_id', '=', userId)
    .orderBy('notifications.id', 'desc')
    .limit(limit)
    .execute();
}

export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: number,
  ids: readonly number[] | 'all',
  at: string,
) {
  let query = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids.length ? [...ids] : [-1]);
  await query.execute();
}
