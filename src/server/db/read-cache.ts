/**
 * Reads memoized for the length of one transaction. A bulk import runs the same domain checks as
 * the API for every row; with a cache it reads each client, product, user and rate once per file
 * rather than once per row. Without a cache (the API), every read goes to the database.
 */
export type ReadCache = Map<string, Promise<unknown>>;

export function cachedRead<T>(cache: ReadCache | undefined, key: string, read: () => Promise<T>): Promise<T> {
  if (!cache) return read();
  const hit = cache.get(key);
  if (hit) return hit as Promise<T>;
  const pending = read();
  cache.set(key, pending);
  return pending;
}
