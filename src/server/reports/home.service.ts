import type { Kysely } from 'kysely';
import { quarterOf } from '../../core/calendar.ts';
import type { OpportunityFilter } from '../../core/contract/opportunities.ts';
import type { Home, HomeQuery } from '../../core/contract/reports.ts';
import type { Principal } from '../../core/principal.ts';
import { openStages } from '../../core/stages.ts';
import { toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import {
  findVisibleOpportunities,
  opportunityCursorValues,
} from '../opportunities/opportunity.repository.ts';
import {
  loadEnvironment,
  mapContext,
  type OpportunityEnvironment,
} from '../opportunities/opportunity-state.ts';
import {
  mustReachClosing,
  sumTotals,
  toOpportunityCard,
  toStageTotals,
  wireTotals,
} from './report.mapper.ts';
import {
  countVisibleOpportunities,
  countVisibleOpportunitiesByOrigin,
  sumVisibleOpportunitiesByStage,
} from './report.repository.ts';
import { reportScope } from './report.service.ts';

const listSort = { field: 'decisionDate', direction: 'asc' } as const;

/** A Home list: the first opportunities in the list's own order, so `nextCursor` continues on `GET /opportunities`. */
async function firstPage(
  db: Kysely<Database>,
  principal: Principal,
  environment: OpportunityEnvironment,
  filter: OpportunityFilter,
  limit: number,
) {
  const rows = await findVisibleOpportunities(db, principal, {
    filter,
    sort: listSort,
    limit: limit + 1,
    catalog: environment.catalog,
    now: environment.now,
  });
  const context = mapContext(principal, environment);
  return toPage(
    rows,
    limit,
    (row) => toOpportunityCard(row, context),
    (row) => opportunityCursorValues(listSort.field, row),
  );
}

/**
 * `GET /reports/home` (SPEC §8 Home) in one call: my open pipeline by stage, decisions due this
 * quarter, stale opportunities and, for managers, the passed inbox. Favorites and recently viewed
 * have their own endpoints.
 */
export async function getHome(db: Kysely<Database>, principal: Principal, query: HomeQuery): Promise<Home> {
  const environment = await loadEnvironment(db);
  const scope = reportScope(principal, environment);
  const mine: OpportunityFilter = query.scope === 'mine' ? { mine: true } : {};
  const quarter = quarterOf(environment.now.toISOString().slice(0, 10));
  const dueFilter: OpportunityFilter = {
    ...mine,
    status: 'open',
    decisionFrom: quarter.from,
    decisionTo: quarter.to,
  };
  const staleFilter: OpportunityFilter = { ...mine, stale: true };
  // SPEC §6: the passed inbox is the firm's, waiting for one of its managers to accept.
  const inboxFilter: OpportunityFilter = { passStatus: 'pending', ownerFirmId: principal.firmId };

  const [pipelineRows, dueCount, due, staleByOrigin, stale, inboxCount] = await Promise.all([
    sumVisibleOpportunitiesByStage(db, { ...mine, status: 'open' }, scope),
    countVisibleOpportunities(db, dueFilter, scope),
    firstPage(db, principal, environment, dueFilter, query.limit),
    countVisibleOpportunitiesByOrigin(db, staleFilter, scope),
    firstPage(db, principal, environment, staleFilter, query.limit),
    principal.role === 'manager' ? countVisibleOpportunities(db, inboxFilter, scope) : Promise.resolve(null),
  ]);

  const pipelineStages = toStageTotals(openStages(environment.catalog), pipelineRows);
  return {
    scope: query.scope,
    currency: environment.reporting.code,
    pipeline: { stages: pipelineStages.map(wireTotals), totals: wireTotals(sumTotals(pipelineStages)) },
    decisionsDue: {
      quarter: quarter.quarter,
      from: quarter.from,
      to: quarter.to,
      count: dueCount,
      items: due.items,
      nextCursor: due.nextCursor,
    },
    stale: {
      count: staleByOrigin.reduce((sum, row) => sum + row.count, 0),
      mustReachClosingCount: staleByOrigin
        .filter((row) => mustReachClosing(row.origin))
        .reduce((sum, row) => sum + row.count, 0),
      items: stale.items,
      nextCursor: stale.nextCursor,
    },
    passedInbox: inboxCount === null ? null : { count: inboxCount },
  };
}
