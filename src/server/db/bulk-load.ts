import { type Kysely, sql } from 'kysely';
import { getSetting, putSetting } from '../settings/setting.repository.ts';
import { databaseKindOf } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Loading millions of rows into SQLite is several times faster when the secondary indexes are
 * built once at the end (a sort) instead of row by row (a random B-tree insert each). Their
 * definitions are kept in app_settings while they are gone, so a load that is cut off (a kill, a
 * crash) gets them back at the next start: `restoreDroppedIndexes` runs with the migrations.
 * The loader calls `setAsideSecondaryIndexes` before and `restoreDroppedIndexes` after.
 * PostgreSQL loads with its indexes in place.
 */
export async function setAsideSecondaryIndexes(
  db: Kysely<Database>,
  tables: readonly (keyof Database)[],
): Promise<void> {
  if (databaseKindOf(db) !== 'sqlite') return;
  const names = sql.join(tables.map((table) => sql.lit(table)));
  // Unique indexes stay: they guard the data (and upserts rely on them) during the load too.
  const indexes = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
    where type = 'index' and sql is not null and sql not like 'CREATE UNIQUE%' and tbl_name in (${names})`.execute(
    db,
  );
  await putSetting(db, 'bulk_load_dropped_indexes', JSON.stringify(indexes.rows.map((index) => index.sql)));
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
}

/** Builds again the indexes a bulk load set aside (after it, or after it was cut off). */
export async function restoreDroppedIndexes(db: Kysely<Database>): Promise<number> {
  if (databaseKindOf(db) !== 'sqlite') return 0;
  const saved = await getSetting(db, 'bulk_load_dropped_indexes');
  if (saved === undefined) return 0;
  const definitions = JSON.parse(saved) as string[];
  for (const definition of definitions) {
    await sql
      .raw(definition.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS '))
      .execute(db);
  }
  await db.deleteFrom('app_settings').where('key', '=', 'bulk_load_dropped_indexes').execute();
  return definitions.length;
}
