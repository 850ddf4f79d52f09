import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SortState } from '../DataTable.tsx';

/**
 * The view of a list lives in the URL (SPEC §8: "URL that reproduces the view"): the API's own
 * query parameters (q, filters, sort) plus `cols` for the chosen columns. Reloading, sharing the
 * address or opening a saved search gives the same view.
 */
export type ListView = {
  params: URLSearchParams;
  /** The API query: every parameter but the view-only ones. */
  apiQuery: Record<string, string>;
  get(key: string): string | undefined;
  set(changes: Record<string, string | null | undefined>): void;
  sort: SortState;
  setSort(sort: SortState): void;
  columns: string[];
  setColumns(columns: string[]): void;
  /** The query string to save or export (no cursor). */
  queryString: string;
  reset(): void;
  activeFilterCount: number;
};

const viewOnly = new Set(['cols']);

export function useListView(options: { defaultSort: string; defaultColumns: string[] }): ListView {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string | null | undefined>) => {
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
      );
    },
    [setParams],
  );
  return useMemo(() => {
    const rawSort = params.get('sort') ?? options.defaultSort;
    const sort: SortState = rawSort.startsWith('-')
      ? { field: rawSort.slice(1), direction: 'desc' }
      : { field: rawSort, direction: 'asc' };
    const apiQuery: Record<string, string> = {};
    for (const [key, value] of params.entries()) if (!viewOnly.has(key)) apiQuery[key] = value;
    const columns = params.get('cols')?.split(',').filter(Boolean) ?? options.defaultColumns;
    const activeFilterCount = [...params.keys()].filter((key) => !['q', 'sort', 'cols'].includes(key)).length;
    return {
      params,
      apiQuery,
      get: (key: string) => params.get(key) ?? undefined,
      set,
      sort,
      setSort: (next: SortState) => set({ sort: `${next.direction === 'desc' ? '-' : ''}${next.field}` }),
      columns,
      setColumns: (next: string[]) => set({ cols: next.join(',') }),
      queryString: new URLSearchParams(apiQuery).toString(),
      reset: () => setParams(new URLSearchParams(), { replace: true }),
      activeFilterCount,
    };
  }, [params, set, setParams, options.defaultSort, options.defaultColumns]);
}
