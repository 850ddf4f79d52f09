import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SavedSearchEntityType } from '../../core/contract/saved-searches.ts';
import type { Database } from '../db/schema.ts';
import type { SavedSearchTable } from './saved-search.table.ts';

export type SavedSearchRow = Selectable<SavedSearchTable>;

/** A user's saved searches, by list and then by name; nobody else's are ever read. */
export async function findSavedSearchesOf(
  db: Kysely<Database>,
  userId: number,
  entityType: SavedSearchEntityType | undefined,
): Promise<SavedSearchRow[]> {
  let query = db
    .selectFrom('saved_searches')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('entity_type')
    .orderBy('name')
    .orderBy('id');
  if (entityType !== undefined) query = query.where('entity_type', '=', entityType);
  return query.execute();
}

export async function findSavedSearchOf(
  db: Kysely<Database>,
  userId: number,
  id: number,
): Promise<SavedSearchRow | undefined> {
  return db
    .selectFrom('saved_searches')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Names are unique per user and list regardless of case, the same on both engines. */
export async function savedSearchNameTaken(
  db: Kysely<Database>,
  userId: number,
  entityType: SavedSearchEntityType,
  name: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('saved_searches')
    .select('id')
    .where('user_id', '=', userId)
    .where('entity_type', '=', entityType)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function countSavedSearchesOf(
  db: Kysely<Database>,
  userId: number,
  entityType: SavedSearchEntityType,
): Promise<number> {
  const row = await db
    .selectFrom('saved_searches')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('entity_type', '=', entityType)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertSavedSearch(
  db: Kysely<Database>,
  values: Insertable<SavedSearchTable>,
): Promise<SavedSearchRow> {
  return db.insertInto('saved_searches').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a saved search only if it is still at `version` (compare and write in one statement). */
export async function updateSavedSearchRow(
  db: Kysely<Database>,
  userId: number,
  id: number,
  version: number,
  values: Updateable<SavedSearchTable>,
): Promise<SavedSearchRow | undefined> {
  return db
    .updateTable('saved_searches')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a saved search, only if it is still at `version` when one is given. */
export async function deleteSavedSearchRow(
  db: Kysely<Database>,
  userId: number,
  id: number,
  version: number | undefined,
): Promise<boolean> {
  let query = db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId);
  if (version !== undefined) query = query.where('version', '=', version);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
