import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The next value of a named counter, taken inside the caller's transaction. The row lock (PostgreSQL)
 * or the write lock (SQLite) makes concurrent callers wait, so every caller gets a distinct value.
 */
export async function nextSequenceValue(db: Kysely<Database>, name: string, start = 1): Promise<number> {
  return reserveSequenceValues(db, name, 1, start);
}

/**
 * `count` consecutive values at once, the first of which is returned: the same values as `count`
 * calls of `nextSequenceValue`, for bulk imports that number many records in one statement.
 */
export async function reserveSequenceValues(
  db: Kysely<Database>,
  name: string,
  count: number,
  start = 1,
): Promise<number> {
  await db
    .insertInto('number_sequences')
    .values({ name, next_value: start })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db
    .updateTable('number_sequences')
    .set((eb) => ({ next_value: eb('next_value', '+', count) }))
    .where('name', '=', name)
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return Number(row.next_value) - count;
}

/** Moves a counter past a value taken from elsewhere (imports), so generated numbers never collide with it. */
export async function raiseSequence(db: Kysely<Database>, name: string, atLeast: number): Promise<void> {
  await nextSequenceValue(db, name);
  await db
    .updateTable('number_sequences')
    .set({ next_value: atLeast + 1 })
    .where('name', '=', name)
    .where('next_value', '<=', atLeast)
    .execute();
}
