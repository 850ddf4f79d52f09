import type { Kysely } from 'kysely';
import {
  type OpportunityListQuery,
  opportunityCountCap,
  type StageChange,
} from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { listAuditEntries } from '../audit/audit.service.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { toOpportunity, toStageChange } from './opportunity.mapper.ts';
import {
  countVisibleOpportunities,
  findVisibleOpportunities,
  findVisibleOpportunity,
  opportunityCursorValues,
} from './opportunity.repository.ts';
import {
  checkOpportunityFilter,
  loadEnvironment,
  mapContext,
  type OpportunityEnvironment,
} from './opportunity-state.ts';
import { findStageChanges } from './stage-change.repository.ts';

export async function getOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  environment?: OpportunityEnvironment,
) {
  const row = await findVisibleOpportunity(db, principal, id);
  if (!row) throw notFound('Opportunity');
  return toOpportunity(row, mapContext(principal, environment ?? (await loadEnvironment(db))));
}

export async function listOpportunities(
  db: Kysely<Database>,
  principal: Principal,
  query: OpportunityListQuery,
) {
  const { limit, cursor, sort, includeCount, ...filter } = query;
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(filter, environment.catalog);
  const after = decodeCursor(cursor, sort.field === 'stage' ? 3 : 2);
  const rows = await findVisibleOpportunities(db, principal, {
    filter,
    sort,
    limit: limit + 1,
    catalog: environment.catalog,
    now: environment.now,
    ...(after && { after }),
  });
  // The count is the first page's, when asked for: later pages (a cursor) are the same search read
  // further.
  const { count, isCapped } =
    after || !includeCount
      ? { count: null, isCapped: false }
      : await countVisibleOpportunities(db, principal, {
          filter,
          catalog: environment.catalog,
          now: environment.now,
          cap: opportunityCountCap,
        });
  const context = mapContext(principal, environment);
  const page = toPage(
    rows,
    limit,
    (row) => toOpportunity(row, context),
    (row) => opportunityCursorValues(sort.field, row),
  );
  return { ...page, count, isCountCapped: isCapped };
}

export async function listStageHistory(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<StageChange[]> {
  if (!(await findVisibleOpportunity(db, principal, id))) throw notFound('Opportunity');
  const rows = await findStageChanges(db, id);
  return rows.map(toStageChange);
}

export async function listOpportunityChanges(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  page: { limit: number; cursor?: string | undefined },
) {
  if (!(await findVisibleOpportunity(db, principal, id))) throw notFound('Opportunity');
  return listAuditEntries(db, principal, { type: 'opportunity', id, childType: 'line-item' }, page);
}
