import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  pipelineReportSchema,
  timeInStageReportSchema,
  weightedByQuarterReportSchema,
  winLossReportSchema,
} from '../../../../core/contract/reports.ts';
import { api } from '../../../api/client.ts';

/**
 * The report screen's choices live in the address: `displayCurrency`, `mine`, the win/loss period
 * (`closedFrom`, `closedTo`) and `includeCurrent` for time in stage, with the API's own names.
 */
export function useReportFilters() {
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
    const get = (key: string) => params.get(key) ?? undefined;
    const scope: Record<string, string> = get('mine') === 'true' ? { mine: 'true' } : {};
    const displayCurrency = get('displayCurrency');
    return {
      get,
      set,
      /** Filters every report takes (the list's). */
      scope,
      display: displayCurrency ? { displayCurrency } : {},
      period: {
        ...(get('closedFrom') && { closedFrom: get('closedFrom') }),
        ...(get('closedTo') && { closedTo: get('closedTo') }),
      },
      includeCurrent: get('includeCurrent') === 'true',
    };
  }, [params, set]);
}

export type ReportFilters = ReturnType<typeof useReportFilters>;

const reportQuery = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useWeightedByQuarter(filters: ReportFilters) {
  const query = { ...filters.scope, ...filters.display };
  return useQuery({
    queryKey: ['reports', 'weighted-by-quarter', query],
    queryFn: ({ signal }) =>
      api.get('/reports/weighted-by-quarter', weightedByQuarterReportSchema, { query, signal }),
    ...reportQuery,
  });
}

export function usePipelineReport(filters: ReportFilters) {
  const query = { ...filters.scope, ...filters.display };
  return useQuery({
    queryKey: ['reports', 'pipeline', query],
    queryFn: ({ signal }) => api.get('/reports/pipeline', pipelineReportSchema, { query, signal }),
    ...reportQuery,
  });
}

export function useWinLoss(filters: ReportFilters) {
  const query = { ...filters.scope, ...filters.display, ...filters.period };
  return useQuery({
    queryKey: ['reports', 'win-loss', query],
    queryFn: ({ signal }) => api.get('/reports/win-loss', winLossReportSchema, { query, signal }),
    ...reportQuery,
  });
}

export function useTimeInStage(filters: ReportFilters) {
  const query = { ...filters.scope, ...(filters.includeCurrent && { includeCurrent: 'true' }) };
  return useQuery({
    queryKey: ['reports', 'time-in-stage', query],
    queryFn: ({ signal }) => api.get('/reports/time-in-stage', timeInStageReportSchema, { query, signal }),
    ...reportQuery,
  });
}
