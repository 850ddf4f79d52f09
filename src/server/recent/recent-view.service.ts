import type { Kysely } from 'kysely';
import { maxRecentViews, type RecentView, type RecentViewCreate } from '../../core/contract/recent-views.ts';
import type { Principal } from '../../core/principal.ts';
import { isRecordVisible, recordTypeLabels } from '../access/visible-record.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { clientLabel, contactLabel, opportunityLabel } from '../favorites/favorite-targets.ts';
import { notFound } from '../http/app-error.ts';
import {
  findLatestViewedAt,
  findRecentClients,
  findRecentContacts,
  findRecentOpportunities,
  trimRecentViews,
  upsertRecentView,
} from './recent-view.repository.ts';

/**
 * Two views in the same millisecond would tie, leaving "newest first" undefined; each view of a
 * user is stamped at least a millisecond after their previous one, so the list keeps the order opened.
 */
export function nextViewedAt(now: string, latest: string | undefined): string {
  if (latest === undefined || latest < now) return now;
  return new Date(Date.parse(latest) + 1).toISOString();
}

/** The caller opened a record they can see (404 otherwise, like reading it); only the newest views are kept. */
export async function recordRecentView(
  db: Kysely<Database>,
  principal: Principal,
  input: RecentViewCreate,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await isRecordVisible(trx, principal, input.type, input.id)))
      throw notFound(recordTypeLabels[input.type]);
    const viewedAt = nextViewedAt(nowIso(), await findLatestViewedAt(trx, principal.userId));
    await upsertRecentView(trx, principal.userId, input.type, input.id, viewedAt);
    await trimRecentViews(trx, principal.userId, maxRecentViews);
  });
}

/** Newest first, labelled like favorites, and only records the caller can still see. */
export async function listRecentViews(
  db: Kysely<Database>,
  principal: Principal,
  limit: number,
): Promise<RecentView[]> {
  const [clients, contacts, opportunities] = await Promise.all([
    findRecentClients(db, principal, limit),
    findRecentContacts(db, principal, limit),
    findRecentOpportunities(db, principal, limit),
  ]);
  const views: RecentView[] = [
    ...clients.map((row) => ({
      type: 'client' as const,
      id: row.id,
      ...clientLabel(row),
      viewedAt: row.viewed_at,
    })),
    ...contacts.map((row) => ({
      type: 'contact' as const,
      id: row.id,
      ...contactLabel(row),
      viewedAt: row.viewed_at,
    })),
    ...opportunities.map((row) => ({
      type: 'opportunity' as const,
      id: row.id,
      ...opportunityLabel(row),
      viewedAt: row.viewed_at,
    })),
  ];
  return views.sort((left, right) => right.viewedAt.localeCompare(left.viewedAt)).slice(0, limit);
}
