import { validationError } from '../http/app-error.ts';

/**
 * Keyset pagination (SPEC §9 lists): a cursor holds the sort values of the last row of a page,
 * so the next page starts after it with an index seek, never an OFFSET.
 */
export type CursorValue = string | number | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): CursorValue[] | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((value) => value === null || typeof value === 'string' || typeof value === 'number')
  ) {
    throw validationError([
      { field: 'cursor', message: 'must be a value returned as nextCursor by the same list' },
    ]);
  }
  return values as CursorValue[];
}

/** Fetch one row more than asked to learn whether there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
  cursorOf: (row: Row) => CursorValue[],
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
