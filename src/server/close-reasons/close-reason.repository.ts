import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CloseReasonDefinition } from '../../core/close-reasons.ts';
import type { Database } from '../db/schema.ts';
import type { CloseReasonTable } from './close-reason.table.ts';

export type CloseReasonRow = Selectable<CloseReasonTable>;

export function toCloseReasonDefinition(row: CloseReasonRow): CloseReasonDefinition {
  return {
    id: row.id,
    label: row.label,
    stages: JSON.parse(row.stage_codes) as string[],
    order: row.sort_order,
    isActive: Boolean(row.is_active),
    isOther: Boolean(row.is_other),
  };
}

/** The whole catalog, a few dozen rows: read per use, like the stage catalog. */
export async function findCloseReasonRows(db: Kysely<Database>): Promise<CloseReasonRow[]> {
  return db.selectFrom('close_reasons').selectAll().orderBy('sort_order').orderBy('id').execute();
}

export async function loadCloseReasons(db: Kysely<Database>): Promise<CloseReasonDefinition[]> {
  return (await findCloseReasonRows(db)).map(toCloseReasonDefinition);
}

export async function findCloseReasonRow(
  db: Kysely<Database>,
  id: number,
): Promise<CloseReasonRow | undefined> {
  return db.selectFrom('close_reasons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCloseReason(
  db: Kysely<Database>,
  values: Insertable<CloseReasonTable>,
): Promise<number> {
  const row = await db.insertInto('close_reasons').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateCloseReasonRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<CloseReasonTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('close_reasons')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A renamed reason: deals closed with it read the new label (`closeReason` is the reason's label).
 * Not a change of the deals themselves, so their versions and change logs stay as they were.
 */
export async function relabelClosedOpportunities(
  db: Kysely<Database>,
  id: number,
  label: string,
): Promise<void> {
  await db
    .updateTable('opportunities')
    .set({ close_reason: label })
    .where('close_reason_id', '=', id)
    .execute();
}
