import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CursorValue } from './pagination.ts';

export type SortDirection = 'asc' | 'desc';

/**
 * `(k1, k2, …, id) > (v1, v2, …, id0)` (or `<` when descending): the rows after a cursor in the
 * list's order. Row-value comparison lets both engines seek a composite index.
 */
export function keysetAfter(
  keys: readonly Expression<unknown>[],
  values: readonly CursorValue[],
  direction: SortDirection,
): RawBuilder<SqlBool> {
  const operator = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.join(keys)}) ${operator} (${sql.join(values.map((value) => sql.val(value)))})`;
}
