import type { Insertable, Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { readableClients, readableContacts } from '../access/visibility.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';
import type { AuditEntryTable, AuditedEntityType } from './audit.table.ts';

export async function insertAuditEntries(
  db: Kysely<Database>,
  entries: Insertable<AuditEntryTable>[],
): Promise<void> {
  await insertRows(db, 'audit_entries', entries);
}

/** Newest first; `parentOf` also brings the entries of child records (a deal's line items). */
export async function findAuditEntries(
  db: Kysely<Database>,
  target: { type: AuditedEntityType; id: number; childType?: AuditedEntityType },
  page: { limit: number; beforeId?: number },
) {
  let query = db
    .selectFrom('audit_entries')
    .leftJoin('users', 'users.id', 'audit_entries.changed_by')
    .select([
      'audit_entries.id',
      'audit_entries.entity_type',
      'audit_entries.entity_id',
      'audit_entries.action',
      'audit_entries.field',
      'audit_entries.old_value',
      'audit_entries.new_value',
      'audit_entries.changed_at',
      'audit_entries.changed_by',
      'users.name as changed_by_name',
    ])
    .where((eb) => {
      const own = eb.and([
        eb('audit_entries.entity_type', '=', target.type),
        eb('audit_entries.entity_id', '=', target.id),
      ]);
      if (!target.childType) return own;
      return eb.or([
        own,
        eb.and([
          eb('audit_entries.entity_type', '=', target.childType),
          eb('audit_entries.parent_id', '=', target.id),
        ]),
      ]);
    })
    .orderBy('audit_entries.id', 'desc')
    .limit(page.limit);
  if (page.beforeId !== undefined) query = query.where('audit_entries.id', '<', page.beforeId);
  return query.execute();
}

/*
 * Names for a readable change log. People, firms, products and stages are named on every deal the
 * reader can open, so they are looked up as they are; clients and BPContacts only through the
 * reader's own read predicate (SPEC §5), so an id of a record they may not see stays unnamed.
 */

export async function findUserNames(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function findFirmNames(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('firms').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function findProductNames(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('products')
    .select(['id', 'brand', 'family', 'offering'])
    .where('id', 'in', ids)
    .execute();
}

export async function findStageLabels(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('stages').select(['code', 'label']).where('code', 'in', codes).execute();
}

export async function findReadableClientNames(
  db: Kysely<Database>,
  principal: Principal,
  ids: readonly number[],
) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('clients')
    .select(['clients.id', 'clients.name'])
    .where('clients.id', 'in', ids)
    .where(readableClients(principal))
    .execute();
}

export async function findReadableContactNames(
  db: Kysely<Database>,
  principal: Principal,
  ids: readonly number[],
) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('contacts')
    .select(['contacts.id', 'contacts.first_name', 'contacts.last_name'])
    .where('contacts.id', 'in', ids)
    .where(readableContacts(principal))
    .execute();
}

export async function findCurrencyExponents(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('currencies').select(['code', 'exponent']).where('code', 'in', codes).execute();
}

/** The lines as they are now (a removed line is gone from `line_items`). */
export async function findLineItemNames(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('line_items')
    .select(['id', 'description', 'product_id'])
    .where('id', 'in', ids)
    .execute();
}

/** What lines looked like when they were added or removed, for naming lines that are gone. */
export async function findLineItemSnapshots(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('audit_entries')
    .select(['entity_id', 'action', 'old_value', 'new_value'])
    .where('entity_type', '=', 'line-item')
    .where('entity_id', 'in', ids)
    .where('action', 'in', ['create', 'delete'])
    .orderBy('id')
    .execute();
}

/** A deal's currency now, and every change of it, oldest first: amounts read in the currency of their time. */
export async function findOpportunityCurrencies(db: Kysely<Database>, opportunityId: number) {
  const current = await db
    .selectFrom('opportunities')
    .select('currency')
    .where('id', '=', opportunityId)
    .executeTakeFirst();
  const changes = await db
    .selectFrom('audit_entries')
    .select(['id', 'old_value', 'new_value'])
    .where('entity_type', '=', 'opportunity')
    .where('entity_id', '=', opportunityId)
    .where('field', '=', 'currency')
    .orderBy('id')
    .execute();
  return { current: current?.currency ?? null, changes };
}
