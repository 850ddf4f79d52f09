import { PostgresAdapter } from 'kysely';

export type DatabaseKind = 'sqlite' | 'postgres';

type HasExecutor = { getExecutor(): { adapter: unknown } };

/** Which engine a Kysely instance (or transaction) talks to; the few dialect-specific modules branch on it. */
export function databaseKindOf(db: HasExecutor): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
