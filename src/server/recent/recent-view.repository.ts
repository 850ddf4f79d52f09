import type { Kysely } from 'kysely';
import type { RecentViewType } from '../../core/contract/recent-views.ts';
import type { Principal } from '../../core/principal.ts';
import { readableClients, readableContacts, visibleOpportunities } from '../access/visibility.ts';
import type { Database } from '../db/schema.ts';

/** Records that the user opened the record now; opening it again moves it to the top. */
export async function upsertRecentView(
  db: Kysely<Database>,
  userId: number,
  type: RecentViewType,
  id: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('recent_views')
    .values({ user_id: userId, entity_type: type, entity_id: id, viewed_at: at })
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'entity_type', 'entity_id'])
        .doUpdateSet((eb) => ({ viewed_at: eb.ref('excluded.viewed_at') })),
    )
    .execute();
}

export async function findLatestViewedAt(db: Kysely<Database>, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('recent_views')
    .select('viewed_at')
    .where('user_id', '=', userId)
    .orderBy('viewed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.viewed_at;
}

/** Forgets all but the user's `keep` newest views (views in the same millisecond as the last one kept stay too). */
export async function trimRecentViews(db: Kysely<Database>, userId: number, keep: number): Promise<void> {
  const oldestKept = await db
    .selectFrom('recent_views')
    .select('viewed_at')
    .where('user_id', '=', userId)
    .orderBy('viewed_at', 'desc')
    .limit(1)
    .offset(keep - 1)
    .executeTakeFirst();
  if (!oldestKept) return;
  await db
    .deleteFrom('recent_views')
    .where('user_id', '=', userId)
    .where('viewed_at', '<', oldestKept.viewed_at)
    .execute();
}

/** The user's recently viewed clients they may still open (the single-record read rule), newest first. */
export async function findRecentClients(db: Kysely<Database>, principal: Principal, limit: number) {
  return db
    .selectFrom('recent_views')
    .innerJoin('clients', 'clients.id', 'recent_views.entity_id')
    .select([
      'clients.id',
      'clients.name',
      'clients.client_number',
      'clients.country',
      'recent_views.viewed_at',
    ])
    .where('recent_views.user_id', '=', principal.userId)
    .where('recent_views.entity_type', '=', 'client')
    .where(readableClients(principal))
    .orderBy('recent_views.viewed_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findRecentContacts(db: Kysely<Database>, principal: Principal, limit: number) {
  return db
    .selectFrom('recent_views')
    .innerJoin('contacts', 'contacts.id', 'recent_views.entity_id')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .select([
      'contacts.id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.title',
      'clients.name as client_name',
      'recent_views.viewed_at',
    ])
    .where('recent_views.user_id', '=', principal.userId)
    .where('recent_views.entity_type', '=', 'contact')
    .where(readableContacts(principal))
    .orderBy('recent_views.viewed_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findRecentOpportunities(db: Kysely<Database>, principal: Principal, limit: number) {
  return db
    .selectFrom('recent_views')
    .innerJoin('opportunities', 'opportunities.id', 'recent_views.entity_id')
    .innerJoin('clients', 'clients.id', 'opportunities.client_id')
    .innerJoin('stages', 'stages.code', 'opportunities.stage')
    .select([
      'opportunities.id',
      'opportunities.number',
      'opportunities.name',
      'clients.name as client_name',
      'stages.label as stage_label',
      'recent_views.viewed_at',
    ])
    .where('recent_views.user_id', '=', principal.userId)
    .where('recent_views.entity_type', '=', 'opportunity')
    .where(visibleOpportunities(principal))
    .orderBy('recent_views.viewed_at', 'desc')
    .limit(limit)
    .execute();
}
