import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  opportunityPageSchema,
  opportunitySchema,
  type StageMove,
} from '../../../../core/contract/opportunities.ts';
import { boardSchema, type OpportunityCard } from '../../../../core/contract/reports.ts';
import { api } from '../../../api/client.ts';
import { overviewKey } from '../../opportunities/hooks/useOpportunity.ts';

/** Cards a column shows at first and loads at a time after that. */
export const cardsPerPage = 20;

/** `GET /opportunities/board` with the list's filters: columns with totals and first cards, closed summaries. */
export function useBoard(query: Record<string, string>) {
  return useQuery({
    queryKey: ['board', query],
    queryFn: ({ signal }) =>
      api.get('/opportunities/board', boardSchema, { query: { ...query, perColumn: cardsPerPage }, signal }),
    // The board is a working screen: coming back to it asks again, and a filter change keeps the old board up until the new one arrives.
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/**
 * A column's cards beyond its first page: the board hands over `nextCursor`, which continues on
 * `GET /opportunities?stage=CODE&sort=decisionDate` with the same filters (SPEC §8, the contract).
 */
export function useMoreCards(
  stage: string,
  query: Record<string, string>,
  cursor: string | null,
  isRequested: boolean,
) {
  return useInfiniteQuery({
    queryKey: ['board', 'column', stage, query, cursor],
    queryFn: ({ pageParam, signal }) =>
      api.get('/opportunities', opportunityPageSchema, {
        query: { ...query, stage, sort: 'decisionDate', limit: cardsPerPage, cursor: pageParam },
        signal,
      }),
    initialPageParam: cursor ?? undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: isRequested && cursor !== null,
  });
}

export type CardMove = { card: OpportunityCard; move: StageMove };

/**
 * A stage move from the board: the card's own version goes as If-Match, so a deal someone else
 * changed meanwhile is refused (409) rather than moved on stale facts. The mutation settles only
 * once the board has been read again, so the card does not flicker back before it lands.
 */
export function useBoardMove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ card, move }: CardMove) =>
      api.post(`/opportunities/${card.id}/stage`, opportunitySchema, move, { ifMatch: card.version }),
    onSuccess: (opportunity) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['board'] }),
        queryClient.invalidateQueries({ queryKey: ['home'] }),
        queryClient.invalidateQueries({ queryKey: ['/opportunities'] }),
        queryClient.invalidateQueries({ queryKey: overviewKey(opportunity.id) }),
      ]),
  });
}
