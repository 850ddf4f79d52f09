import { type Kysely, sql } from 'kysely';
import { databaseKindOf } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * The query planners choose between the list indexes (firm, owner, stage, team) by how many rows
 * each value covers, which they learn from ANALYZE. Without it SQLite guesses, and at a million
 * deals a guess between the firm index and the owner index is the difference between 5 ms and
 * 250 ms. PostgreSQL's autovacuum keeps its statistics; SQLite's are refreshed here.
 */

/** Full statistics: after migrations (new indexes have none) and after generating data. */
export async function analyzeDatabase(db: Kysely<Database>): Promise<void> {
  await sql`analyze`.execute(db);
}

/**
 * SQLite's own upkeep: re-analyzes the tables that have changed a lot since their statistics were
 * taken (at start-up and after a large import); nothing to do on PostgreSQL.
 */
export async function refreshStatistics(db: Kysely<Database>, options: { atStartUp?: boolean } = {}) {
  if (databaseKindOf(db) !== 'sqlite') return;
  await sql.raw(options.atStartUp ? 'pragma optimize=0x10002' : 'pragma optimize').execute(db);
}
