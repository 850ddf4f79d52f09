import { useQuery } from '@tanstack/react-query';
import { closeReasonListSchema } from '../../core/contract/close-reasons.ts';
import { currencyListSchema } from '../../core/contract/currencies.ts';
import { firmListSchema } from '../../core/contract/firms.ts';
import { stageListSchema } from '../../core/contract/stages.ts';
import type { StageDefinition } from '../../core/stages.ts';
import { api } from '../api/client.ts';

/** Reference data changes rarely; one request each per session, shared by every screen. */
const rarely = { staleTime: 10 * 60_000, gcTime: 60 * 60_000 };

export function useStages() {
  return useQuery({
    queryKey: ['stages'],
    queryFn: async () =>
      (await api.get('/stages', stageListSchema)).items as (StageDefinition & { version: number })[],
    ...rarely,
  });
}

/** The close reasons of every closing stage, inactive ones included (old deals still name them). */
export function useCloseReasons() {
  return useQuery({
    queryKey: ['close-reasons'],
    queryFn: async () => (await api.get('/close-reasons', closeReasonListSchema)).items,
    ...rarely,
  });
}

export function useCurrencies() {
  return useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.get('/currencies', currencyListSchema),
    ...rarely,
  });
}

/** Minor-unit digits per currency (2 when unknown). */
export function useCurrencyExponent(): (currency: string) => number {
  const { data } = useCurrencies();
  return (currency) =>
    data?.items.find((item) => item.code === currency)?.exponent ?? (currency === 'JPY' ? 0 : 2);
}

export function useFirms() {
  return useQuery({ queryKey: ['firms'], queryFn: () => api.get('/firms', firmListSchema), ...rarely });
}
