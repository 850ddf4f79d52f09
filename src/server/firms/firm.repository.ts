import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FirmTable } from './firm.table.ts';

export type FirmRow = Selectable<FirmTable>;

export async function insertFirm(db: Kysely<Database>, values: Insertable<FirmTable>): Promise<FirmRow> {
  return db.insertInto('firms').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findFirmById(db: Kysely<Database>, id: number): Promise<FirmRow | undefined> {
  return db.selectFrom('firms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFirmByName(db: Kysely<Database>, name: string): Promise<FirmRow | undefined> {
  return db.selectFrom('firms').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findVendorFirm(db: Kysely<Database>): Promise<FirmRow | undefined> {
  return db.selectFrom('firms').selectAll().where('kind', '=', 'vendor').orderBy('id').executeTakeFirst();
}

export type FirmFilter = { ids?: readonly number[]; kind?: FirmRow['kind'] };

/** The partners that record this distributor as the one they work with (SPEC §1). */
export async function findFirmIdsWorkingThrough(
  db: Kysely<Database>,
  distributorFirmId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('firms')
    .select('id')
    .where('distributor_firm_id', '=', distributorFirmId)
    .execute();
  return rows.map((row) => row.id);
}

export async function findFirms(db: Kysely<Database>, filter: FirmFilter = {}): Promise<FirmRow[]> {
  let query = db.selectFrom('firms').selectAll().orderBy('name').orderBy('id');
  if (filter.ids) query = query.where('id', 'in', filter.ids.length > 0 ? [...filter.ids] : [-1]);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.execute();
}

/** Conditional on the version read, so a concurrent edit is never overwritten. */
export async function updateFirm(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<FirmTable>,
): Promise<FirmRow | undefined> {
  return db
    .updateTable('firms')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
