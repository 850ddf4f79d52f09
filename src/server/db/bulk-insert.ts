import { CompiledQuery, type Insertable, type Kysely, type Selectable } from 'kysely';
import { type DatabaseKind, databaseKindOf } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Multi-row INSERTs for bulk imports. For tens of thousands of rows the query builder's per-value
 * nodes cost more than the database's own work, so these statements are put together here, once
 * per batch: table and column names come from our code (never from input), every value is a bound
 * parameter. The engines differ in the placeholder (`?` or `$n`) and in the batch size below.
 *
 * Rows go in batches of bound values: SQLite takes at most 32,766 per statement, and its cost per
 * value does not grow with the statement; PostgreSQL takes 65,535 but plans a statement of tens of
 * thousands of values far more slowly than several small ones (measured: 20,000 deals wrote in
 * 7 s in statements of 2,000 values, 16 s in statements of 30,000). Rows that set different
 * columns go in different statements (a column left out takes its default, which a multi-row
 * VALUES list cannot say on SQLite).
 */
const maxBoundValues: Record<DatabaseKind, number> = { sqlite: 30_000, postgres: 2_000 };

type TableName = keyof Database & string;

type Batch = { columns: string[]; rows: Record<string, unknown>[] };

function batchesOf(rows: readonly object[], kind: DatabaseKind): Batch[] {
  const shapes = new Map<string, Batch>();
  for (const row of rows as readonly Record<string, unknown>[]) {
    const columns = Object.keys(row).filter((column) => row[column] !== undefined);
    const shape = columns.join(',');
    const batch = shapes.get(shape);
    if (batch) batch.rows.push(row);
    else shapes.set(shape, { columns, rows: [row] });
  }
  const batches: Batch[] = [];
  for (const { columns, rows: group } of shapes.values()) {
    const size = Math.max(1, Math.floor(maxBoundValues[kind] / Math.max(1, columns.length)));
    for (let start = 0; start < group.length; start += size) {
      batches.push({ columns, rows: group.slice(start, start + size) });
    }
  }
  return batches;
}

function insertStatement(db: Kysely<Database>, table: string, batch: Batch, returning: readonly string[]) {
  const numbered = databaseKindOf(db) === 'postgres';
  const parameters: unknown[] = [];
  const tuples: string[] = [];
  for (const row of batch.rows) {
    const placeholders: string[] = [];
    for (const column of batch.columns) {
      parameters.push(row[column]);
      placeholders.push(numbered ? `$${parameters.length}` : '?');
    }
    tuples.push(`(${placeholders.join(', ')})`);
  }
  const columns = batch.columns.map((column) => `"${column}"`).join(', ');
  const answer =
    returning.length > 0 ? ` returning ${returning.map((column) => `"${column}"`).join(', ')}` : '';
  return CompiledQuery.raw(
    `insert into "${table}" (${columns}) values ${tuples.join(', ')}${answer}`,
    parameters,
  );
}

export async function insertRows<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (const batch of batchesOf(rows, databaseKindOf(db))) {
    await db.executeQuery(insertStatement(db, table, batch, []));
  }
}

export async function insertRowsReturning<
  T extends TableName,
  C extends keyof Selectable<Database[T]> & string,
>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  returning: readonly C[],
): Promise<Pick<Selectable<Database[T]>, C>[]> {
  const answered: Pick<Selectable<Database[T]>, C>[] = [];
  for (const batch of batchesOf(rows, databaseKindOf(db))) {
    const result = await db.executeQuery<Pick<Selectable<Database[T]>, C>>(
      insertStatement(db, table, batch, returning),
    );
    answered.push(...result.rows);
  }
  return answered;
}
