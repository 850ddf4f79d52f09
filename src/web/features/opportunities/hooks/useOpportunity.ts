import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type OpportunityOverview,
  opportunityOverviewSchema,
  opportunitySchema,
  type StageMove,
} from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';

export const overviewKey = (id: number) => ['opportunity-overview', id] as const;

export function useOpportunityOverview(id: number) {
  return useQuery({
    queryKey: overviewKey(id),
    queryFn: () => api.get(`/opportunities/${id}/overview`, opportunityOverviewSchema),
  });
}

/** After any change to the deal or its parts, the overview and the lists show the new state. */
export function useRefreshOpportunity(id: number) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: overviewKey(id) });
    void queryClient.invalidateQueries({ queryKey: ['/opportunities'] });
    void queryClient.invalidateQueries({ queryKey: [`/opportunities/${id}`] });
  };
}

export function useMoveStage(overview: OpportunityOverview | undefined) {
  const refresh = useRefreshOpportunity(overview?.opportunity.id ?? 0);
  return useMutation({
    mutationFn: (move: StageMove) => {
      if (!overview) throw new Error('no opportunity');
      return api.post(`/opportunities/${overview.opportunity.id}/stage`, opportunitySchema, move, {
        ifMatch: overview.opportunity.version,
      });
    },
    onSettled: refresh,
  });
}
