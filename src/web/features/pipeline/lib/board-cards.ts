import { wholeDaysBetween } from '../../../../core/calendar.ts';
import { type Opportunity, opportunityFilterShape } from '../../../../core/contract/opportunities.ts';
import { type OpportunityCard, opportunityCardSchema } from '../../../../core/contract/reports.ts';

/**
 * The list filters the board takes (SPEC §8: the same as the opportunities list). Status is the
 * board's own business (open cards, closed summaries), so it is not taken from the address.
 */
export const boardFilterKeys: readonly string[] = Object.keys(opportunityFilterShape).filter(
  (key) => key !== 'status',
);

/** The board's API query from the page's address: the list filters it knows, nothing else. */
export function boardQueryOf(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of boardFilterKeys) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query;
}

/**
 * A list row as a board card, for the cards a column loads beyond its first page (they come from
 * `GET /opportunities`, which answers full opportunities).
 */
export function toBoardCard(opportunity: Opportunity, now: Date): OpportunityCard {
  return opportunityCardSchema.parse({
    ...opportunity,
    daysInStage: wholeDaysBetween(opportunity.stageEnteredAt, now),
    // SPEC §6: passed and co-marketing opportunities must be progressed to a closing stage.
    mustReachClosing: opportunity.origin === 'passed' || opportunity.origin === 'co-marketing',
  });
}
