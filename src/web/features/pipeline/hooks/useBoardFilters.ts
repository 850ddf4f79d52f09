import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { boardQueryOf } from '../lib/board-cards.ts';

export type BoardFilters = {
  params: URLSearchParams;
  /** The list filters for the API, from the address. */
  query: Record<string, string>;
  get(key: string): string | undefined;
  set(changes: Record<string, string | null | undefined>): void;
  clear(): void;
  activeCount: number;
};

/** The board's filters live in the address, with the list's own parameter names (SPEC §8: a URL reproduces the view). */
export function useBoardFilters(): BoardFilters {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string | null | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return useMemo(() => {
    const query = boardQueryOf(params);
    return {
      params,
      query,
      get: (key: string) => params.get(key) ?? undefined,
      set,
      clear: () => setParams(new URLSearchParams(), { replace: true }),
      activeCount: Object.keys(query).length,
    };
  }, [params, set, setParams]);
}
