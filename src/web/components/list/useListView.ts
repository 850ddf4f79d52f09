import { useCallback, useEffect, useMemo } from 'react';
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
  /** Whether the filters (not the search, sort or columns) are exactly those of this query string. */
  hasFilters(query: string): boolean;
  /** The address names no view yet and the start view is still to come: nothing to load. */
  isAwaitingStartView: boolean;
};

/** `view=all` stands for "no filters" in a list that opens on a start view (see `startView`). */
export const allView = 'view=all';
const viewOnly = new Set(['cols', 'view']);
const notFilters = new Set(['q', 'sort', 'cols', 'view']);

function filtersOf(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => !notFilters.has(key))
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('&');
}

export function useListView(options: {
  defaultSort: string;
  defaultColumns: string[];
  /**
   * The view a list opens on when its address names none (e.g. "My open opportunities"): an
   * address without a query string is replaced by this one, so the address always says what is
   * shown. Leaving every filter (or "Clear") then gives `view=all`, not the start view again.
   */
  startView?: string | undefined;
  /**
   * The list opens on a start view that is known only later (it depends on who signed in): until
   * then an empty address loads nothing, rather than every record and then the start view's.
   */
  opensOnStartView?: boolean;
}): ListView {
  const [params, setParams] = useSearchParams();
  const { startView } = options;
  const isEmpty = params.toString() === '';
  useEffect(() => {
    if (startView && isEmpty) setParams(new URLSearchParams(startView), { replace: true });
  }, [startView, isEmpty, setParams]);
  const set = useCallback(
    (changes: Record<string, string | null | undefined>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          if (startView) {
            const hasOthers = [...next.keys()].some((key) => key !== 'view');
            if (hasOthers) next.delete('view');
            else next.set('view', 'all');
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams, startView],
  );
  return useMemo(() => {
    const rawSort = params.get('sort') ?? options.defaultSort;
    const sort: SortState = rawSort.startsWith('-')
      ? { field: rawSort.slice(1), direction: 'desc' }
      : { field: rawSort, direction: 'asc' };
    const apiQuery: Record<string, string> = {};
    for (const [key, value] of params.entries()) if (!viewOnly.has(key)) apiQuery[key] = value;
    const columns = params.get('cols')?.split(',').filter(Boolean) ?? options.defaultColumns;
    const activeFilterCount = [...params.keys()].filter((key) => !notFilters.has(key)).length;
    const currentFilters = filtersOf(params);
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
      reset: () => setParams(new URLSearchParams(startView ? allView : ''), { replace: true }),
      activeFilterCount,
      hasFilters: (query: string) => filtersOf(new URLSearchParams(query)) === currentFilters,
      isAwaitingStartView: Boolean(options.opensOnStartView) && params.toString() === '',
    };
  }, [
    params,
    set,
    setParams,
    options.defaultSort,
    options.defaultColumns,
    options.opensOnStartView,
    startView,
  ]);
}
