import type { Insertable, Kysely } from 'kysely';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';
import type { StageChangeTable } from './opportunity.table.ts';

export async function insertStageChange(
  db: Kysely<Database>,
  values: Insertable<StageChangeTable>,
): Promise<void> {
  await db.insertInto('stage_changes').values(values).execute();
}

export async function findStageChanges(db: Kysely<Database>, opportunityId: number) {
  return db
    .selectFrom('stage_changes')
    .leftJoin('users', 'users.id', 'stage_changes.changed_by')
    .selectAll('stage_changes')
    .select('users.name as changed_by_name')
    .where('stage_changes.opportunity_id', '=', opportunityId)
    .orderBy('stage_changes.id')
    .execute();
}

export async function insertStageChanges(
  db: Kysely<Database>,
  rows: readonly Insertable<StageChangeTable>[],
): Promise<void> {
  await insertRows(db, 'stage_changes', rows);
}
