import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ImportJobTable } from './import-job.table.ts';

export async function insertImportJob(
  db: Kysely<Database>,
  values: Insertable<ImportJobTable>,
): Promise<number> {
  const row = await db.insertInto('import_jobs').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImportJob(
  db: Kysely<Database>,
  id: number,
  values: Updateable<ImportJobTable>,
): Promise<void> {
  await db.updateTable('import_jobs').set(values).where('id', '=', id).execute();
}

/** A job as its importer sees it; nobody else's (they answer not found). */
export async function findImportJobOfUser(db: Kysely<Database>, userId: number, id: number) {
  return db
    .selectFrom('import_jobs')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export type ImportJobRow = NonNullable<Awaited<ReturnType<typeof findImportJobOfUser>>>;

export async function findImportJobsOfUser(db: Kysely<Database>, userId: number, limit: number) {
  return db
    .selectFrom('import_jobs')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findRunningImportJobIds(
  db: Kysely<Database>,
  startedNoLaterThan: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('import_jobs')
    .select('id')
    .where('status', '=', 'running')
    .where('started_at', '<=', startedNoLaterThan)
    .execute();
  return rows.map((row) => row.id);
}
