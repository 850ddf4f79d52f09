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

/**
 * Locks a counter until the caller's transaction ends and answers the value it would hand out next.
 * Writers that put a number of their own where the counter's numbers go (a chosen client number)
 * take it too, so a generator never reads the taken numbers between their check and their write.
 */
export async function lockSequence(db: Kysely<Database>, name: string, start = 1): Promise<number> {
  return reserveSequenceValues(db, name, 0, start);
}

/** The most candidates looked up at once (well under either engine's limit on bound parameters). */
const lookupWindow = 500;

/**
 * `count` numbers from a counter, formatted, that no record holds yet. A value some record already
 * has — a number a person chose, or one a bulk load wrote without moving the counter on — is passed
 * over, so generated numbers never collide with any other number, however many are taken in a row.
 * The counter ends just past the last value handed out: the values looked at beyond it stay free.
 * `findTaken` answers which of the candidates are taken (by any record, visible to the caller or not:
 * the generator must avoid them all, and what it passes over says nothing about whose they are).
 * The usual case, nothing taken, costs one lookup more than reserving the values.
 */
export async function takeFreeNumbers(
  db: Kysely<Database>,
  name: string,
  count: number,
  format: (value: number) => string,
  findTaken: (candidates: readonly string[]) => Promise<Iterable<string>>,
  start = 1,
): Promise<string[]> {
  const numbers: string[] = [];
  if (count <= 0) return numbers;
  const free = async (first: number, length: number) => {
    const candidates = Array.from({ length }, (_, index) => format(first + index));
    const taken = new Set<string>();
    for (let offset = 0; offset < candidates.length; offset += lookupWindow) {
      for (const number of await findTaken(candidates.slice(offset, offset + lookupWindow)))
        taken.add(number);
    }
    return candidates.map((candidate) => (taken.has(candidate) ? null : candidate));
  };
  const first = await reserveSequenceValues(db, name, count, start);
  for (const number of await free(first, count)) if (number !== null) numbers.push(number);
  if (numbers.length === count) return numbers;
  // Some were taken: look further ahead, a window at a time, then move the counter past the last used.
  let next = first + count;
  while (numbers.length < count) {
    let looked = 0;
    for (const number of await free(next, Math.min(Math.max(count - numbers.length, 64), lookupWindow))) {
      if (numbers.length === count) break;
      looked += 1;
      if (number !== null) numbers.push(number);
    }
    next += looked;
  }
  await db.updateTable('number_sequences').set({ next_value: next }).where('name', '=', name).execute();
  return numbers;
}
