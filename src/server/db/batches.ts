/** Ids for an `in (…)` list, in slices the engines accept. */
export function inIdSlices<T>(ids: readonly T[], size = 1000): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < ids.length; start += size) slices.push(ids.slice(start, start + size));
  return slices;
}
