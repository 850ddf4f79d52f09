/**
 * SQLite binds at most 32,766 values per statement and PostgreSQL 65,535, so multi-row inserts of
 * bulk imports go in batches that stay under both. Rows that set different columns go in different
 * statements (a column left out takes its default, which a multi-row VALUES list cannot say on SQLite).
 */
const maxBoundValues = 30_000;

export function inInsertBatches<T extends object>(rows: readonly T[]): T[][] {
  const shapes = new Map<string, T[]>();
  for (const row of rows) {
    const shape = Object.keys(row).join(',');
    const group = shapes.get(shape);
    if (group) group.push(row);
    else shapes.set(shape, [row]);
  }
  const batches: T[][] = [];
  for (const [shape, group] of shapes) {
    const size = Math.max(1, Math.floor(maxBoundValues / Math.max(1, shape.split(',').length)));
    for (let start = 0; start < group.length; start += size) batches.push(group.slice(start, start + size));
  }
  return batches;
}

/** Ids for an `in (…)` list, in slices the engines accept. */
export function inIdSlices<T>(ids: readonly T[], size = 1000): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < ids.length; start += size) slices.push(ids.slice(start, start + size));
  return slices;
}
