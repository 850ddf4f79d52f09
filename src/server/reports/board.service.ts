import type { Kysely } from 'kysely';
import type { OpportunityFilter } from '../../core/contract/opportunities.ts';
import type { Board, BoardQuery } from '../../core/contract/reports.ts';
import { toMinorTotal } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { openStages } from '../../core/stages.ts';
import { toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import {
  findVisibleOpportunities,
  opportunityCursorValues,
} from '../opportunities/opportunity.repository.ts';
import { checkOpportunityFilter, loadEnvironment, mapContext } from '../opportunities/opportunity-state.ts';
import { toOpportunityCard, toStageTotals } from './report.mapper.ts';
import { sumVisibleOpportunitiesByStage } from './report.repository.ts';
import { reportScope } from './report.service.ts';

const boardSort = { field: 'decisionDate', direction: 'asc' } as const;

/**
 * `GET /opportunities/board` (SPEC §8 Pipeline board): one column per open stage with its count and
 * totals and its first cards, and one summary per closing stage. Each column's cards are the first
 * page of `GET /opportunities?stage=CODE&sort=decisionDate` with the same filters, read through the
 * list's own query and cursor, so a column's `nextCursor` continues on the list endpoint. That is a
 * fixed number of queries per board (one page per open stage of the catalog, one aggregate),
 * whatever the number of opportunities.
 */
export async function getBoard(
  db: Kysely<Database>,
  principal: Principal,
  query: BoardQuery,
): Promise<Board> {
  const { perColumn, ...filter } = query;
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(filter, environment.catalog);
  const scope = reportScope(principal, environment);
  const context = mapContext(principal, environment);
  const columnsOfBoard = openStages(environment.catalog);
  const hasOpenCards = filter.status === undefined || filter.status === 'open';

  const [rows, pages] = await Promise.all([
    sumVisibleOpportunitiesByStage(db, filter, scope),
    Promise.all(
      columnsOfBoard.map(async (stage) => {
        const isFiltered =
          filter.stage !== undefined && filter.stage.length > 0 && !filter.stage.includes(stage.code);
        if (!hasOpenCards || isFiltered) return { items: [], nextCursor: null };
        const columnFilter: OpportunityFilter = { ...filter, stage: [stage.code] };
        const cards = await findVisibleOpportunities(db, principal, {
          filter: columnFilter,
          sort: boardSort,
          limit: perColumn + 1,
          catalog: environment.catalog,
          now: environment.now,
        });
        return toPage(
          cards,
          perColumn,
          (row) => toOpportunityCard(row, context),
          (row) => opportunityCursorValues(boardSort.field, row),
        );
      }),
    ),
  ]);

  const totals = toStageTotals(environment.catalog, rows);
  const totalsOf = (code: string) => totals.find((row) => row.stage === code);
  return {
    currency: environment.reporting.code,
    columns: columnsOfBoard.map((stage, index) => {
      const stageTotals = totalsOf(stage.code);
      const page = pages[index] ?? { items: [], nextCursor: null };
      return {
        stage: stage.code,
        label: stage.label,
        order: stage.order,
        probability: stage.probability,
        count: stageTotals?.count ?? 0,
        totalMinor: toMinorTotal(stageTotals?.totalMinor ?? 0n),
        weightedMinor: toMinorTotal(stageTotals?.weightedMinor ?? 0n),
        items: page.items,
        nextCursor: page.nextCursor,
      };
    }),
    closed: totals
      .filter((row) => row.closing && row.outcome !== 'open')
      .map((row) => ({
        stage: row.stage,
        label: row.label,
        order: row.order,
        outcome: row.outcome === 'won' ? ('won' as const) : ('lost' as const),
        count: row.count,
        totalMinor: toMinorTotal(row.totalMinor),
        weightedMinor: toMinorTotal(row.weightedMinor),
      })),
  };
}
