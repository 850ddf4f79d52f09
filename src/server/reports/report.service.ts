import type { Kysely } from 'kysely';
import { parseQuarter, quarterOf } from '../../core/calendar.ts';
import type { OpportunityFilter } from '../../core/contract/opportunities.ts';
import type {
  PipelineReport,
  PipelineReportQuery,
  TimeInStageQuery,
  TimeInStageReport,
  WeightedByQuarterReport,
  WinLossQuery,
  WinLossReport,
} from '../../core/contract/reports.ts';
import { convertMinorExact, toMinorTotal } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { findStage, openStages } from '../../core/stages.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import { rateInForce } from '../currencies/currency.service.ts';
import type { Database } from '../db/schema.ts';
import {
  checkOpportunityFilter,
  loadEnvironment,
  type OpportunityEnvironment,
} from '../opportunities/opportunity-state.ts';
import { sumTotals, type Totals, toStageTotals, wireTotals, zeroTotals } from './report.mapper.ts';
import {
  type ReportScope,
  summarizeStays,
  sumVisibleClosedOpportunities,
  sumVisibleOpportunitiesByDecisionMonth,
  sumVisibleOpportunitiesByStage,
} from './report.repository.ts';

export function reportScope(principal: Principal, environment: OpportunityEnvironment): ReportScope {
  return { principal, catalog: environment.catalog, now: environment.now };
}

type DisplayConversion = {
  currency: string;
  reportingCurrency: string;
  rate: string | null;
  /** Exact: a display currency worth far less than the reporting one can take a total past 2^53. */
  convert(amountMinor: bigint): bigint;
};

/**
 * SPEC §4: totals across opportunities are in the reporting currency, or the viewer's currency at
 * today's rate, and say which. The reporting totals are exact sums of amounts converted at each
 * deal's own rate; a display currency converts those totals once more, at the rate in force now.
 */
async function displayConversion(
  db: Kysely<Database>,
  environment: OpportunityEnvironment,
  displayCurrency: string | undefined,
): Promise<DisplayConversion> {
  const reporting = environment.reporting;
  if (displayCurrency === undefined || displayCurrency === reporting.code) {
    return {
      currency: reporting.code,
      reportingCurrency: reporting.code,
      rate: null,
      convert: (amount) => amount,
    };
  }
  const target = await rateInForce(db, displayCurrency, 'displayCurrency');
  return {
    currency: target.currency,
    reportingCurrency: reporting.code,
    rate: target.rate,
    convert: (amount) => convertMinorExact(amount, { rate: '1', exponent: reporting.exponent }, target),
  };
}

type PipelineStatus = NonNullable<PipelineReportQuery['status']>;

/** The report's status (open unless asked otherwise) as the list filter's. */
function pipelineFilter(query: PipelineReportQuery): { status: PipelineStatus; filter: OpportunityFilter } {
  const { displayCurrency: _displayCurrency, status = 'open', ...rest } = query;
  return { status, filter: { ...rest, ...(status !== 'all' && { status }) } };
}

/** `GET /reports/pipeline` (SPEC §9.1): count, total and weighted total per stage. */
export async function getPipelineReport(
  db: Kysely<Database>,
  principal: Principal,
  query: PipelineReportQuery,
): Promise<PipelineReport> {
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(query, environment.catalog);
  const { status, filter } = pipelineFilter(query);
  const [rows, display] = await Promise.all([
    sumVisibleOpportunitiesByStage(db, filter, reportScope(principal, environment)),
    displayConversion(db, environment, query.displayCurrency),
  ]);
  const stages = toStageTotals(environment.catalog, rows, display.convert);
  return {
    currency: display.currency,
    reportingCurrency: display.reportingCurrency,
    rate: display.rate,
    status,
    stages: stages.map(wireTotals),
    totals: wireTotals(sumTotals(stages)),
  };
}

/** `GET /reports/weighted-by-quarter` (SPEC §8 Dashboard): the pipeline per quarter of the decision date. */
export async function getWeightedByQuarterReport(
  db: Kysely<Database>,
  principal: Principal,
  query: PipelineReportQuery,
): Promise<WeightedByQuarterReport> {
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(query, environment.catalog);
  const { status, filter } = pipelineFilter(query);
  const [rows, display] = await Promise.all([
    sumVisibleOpportunitiesByDecisionMonth(db, filter, reportScope(principal, environment)),
    displayConversion(db, environment, query.displayCurrency),
  ]);
  const byQuarter = new Map<string, Totals>();
  for (const row of rows) {
    const quarter = quarterOf(row.month).quarter;
    const seen = byQuarter.get(quarter) ?? zeroTotals;
    byQuarter.set(quarter, {
      count: seen.count + row.count,
      totalMinor: seen.totalMinor + row.total_minor,
      weightedMinor: seen.weightedMinor + row.weighted_minor,
    });
  }
  const quarters = [...byQuarter.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([quarter, totals]) => {
      const { from, to } = parseQuarter(quarter);
      return {
        quarter,
        from,
        to,
        count: totals.count,
        totalMinor: display.convert(totals.totalMinor),
        weightedMinor: display.convert(totals.weightedMinor),
      };
    });
  return {
    currency: display.currency,
    reportingCurrency: display.reportingCurrency,
    rate: display.rate,
    status,
    quarters: quarters.map(wireTotals),
    totals: wireTotals(sumTotals(quarters)),
  };
}

/** Exact sums (BigInt minor units) until they are sent. */
type WinLossFigures = { wonCount: number; wonMinor: bigint; lostCount: number; lostMinor: bigint };

const noWinLoss: WinLossFigures = { wonCount: 0, wonMinor: 0n, lostCount: 0, lostMinor: 0n };

function addWinLoss(figures: WinLossFigures, outcome: 'won' | 'lost', count: number, amountMinor: bigint) {
  return outcome === 'won'
    ? { ...figures, wonCount: figures.wonCount + count, wonMinor: figures.wonMinor + amountMinor }
    : { ...figures, lostCount: figures.lostCount + count, lostMinor: figures.lostMinor + amountMinor };
}

/** `GET /reports/win-loss` (SPEC §8 Dashboard): closed deals by close reason and by last open stage. */
export async function getWinLossReport(
  db: Kysely<Database>,
  principal: Principal,
  query: WinLossQuery,
): Promise<WinLossReport> {
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(query, environment.catalog);
  const { displayCurrency, closedFrom, closedTo, status, ...rest } = query;
  const filter: OpportunityFilter = { ...rest, status: status ?? 'closed' };
  const [rows, display, reasons] = await Promise.all([
    sumVisibleClosedOpportunities(db, filter, { closedFrom, closedTo }, reportScope(principal, environment)),
    displayConversion(db, environment, displayCurrency),
    loadCloseReasons(db),
  ]);
  const reasonLabels = new Map(reasons.map((reason) => [reason.id, reason.label]));
  const { catalog } = environment;

  type ReasonRow = Omit<WinLossReport['byReason'][number], 'amountMinor'> & { amountMinor: bigint };
  const byReason = new Map<string, ReasonRow>();
  const byLastStage = new Map<string | null, WinLossFigures>();
  let totals = noWinLoss;
  for (const row of rows) {
    if (row.outcome === 'open') continue;
    const outcome = row.outcome;
    // Grouped by the reason of the list (issue 10), named by its label as it is today.
    const reasonId = row.close_reason_id;
    const key = JSON.stringify([row.stage, reasonId]);
    const seen = byReason.get(key);
    byReason.set(key, {
      outcome,
      stage: row.stage,
      stageLabel: findStage(catalog, row.stage)?.label ?? row.stage,
      reasonId,
      reason: reasonId === null ? null : (reasonLabels.get(reasonId) ?? null),
      count: (seen?.count ?? 0) + row.count,
      amountMinor: (seen?.amountMinor ?? 0n) + row.value_minor,
    });
    const lastStage =
      row.last_open_stage !== null && findStage(catalog, row.last_open_stage)?.closing === false
        ? row.last_open_stage
        : null;
    byLastStage.set(
      lastStage,
      addWinLoss(byLastStage.get(lastStage) ?? noWinLoss, outcome, row.count, row.value_minor),
    );
    totals = addWinLoss(totals, outcome, row.count, row.value_minor);
  }

  const convertFigures = (figures: WinLossFigures) => ({
    wonCount: figures.wonCount,
    wonMinor: toMinorTotal(display.convert(figures.wonMinor)),
    lostCount: figures.lostCount,
    lostMinor: toMinorTotal(display.convert(figures.lostMinor)),
  });
  const lastStageRows: WinLossReport['byLastOpenStage'] = openStages(catalog).map((stage) => ({
    stage: stage.code,
    label: stage.label,
    ...convertFigures(byLastStage.get(stage.code) ?? noWinLoss),
  }));
  const unknown = byLastStage.get(null);
  if (unknown)
    lastStageRows.push({
      stage: null,
      label: 'Unknown (no closing in the history)',
      ...convertFigures(unknown),
    });
  const closedCount = totals.wonCount + totals.lostCount;

  return {
    currency: display.currency,
    reportingCurrency: display.reportingCurrency,
    rate: display.rate,
    closedFrom: closedFrom ?? null,
    closedTo: closedTo ?? null,
    totals: {
      ...convertFigures(totals),
      winRatePercent: closedCount === 0 ? null : Math.round((totals.wonCount / closedCount) * 1000) / 10,
    },
    byReason: [...byReason.values()]
      .map((row) => ({ ...row, amountMinor: toMinorTotal(display.convert(row.amountMinor)) }))
      .sort(
        (left, right) =>
          right.count - left.count ||
          left.stage.localeCompare(right.stage) ||
          (left.reason ?? '').localeCompare(right.reason ?? ''),
      ),
    byLastOpenStage: lastStageRows,
  };
}

function roundDays(days: number | null): number | null {
  return days === null ? null : Math.round(days * 100) / 100;
}

/** `GET /reports/time-in-stage` (SPEC §8 Dashboard): how long stays in each open stage last. */
export async function getTimeInStageReport(
  db: Kysely<Database>,
  principal: Principal,
  query: TimeInStageQuery,
): Promise<TimeInStageReport> {
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(query, environment.catalog);
  const { includeCurrent = false, ...filter } = query;
  const stages = openStages(environment.catalog);
  const rows = await summarizeStays(db, filter, reportScope(principal, environment), {
    stages: stages.map((stage) => stage.code),
    includeCurrent,
  });
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  return {
    includeCurrent,
    stages: stages.map((stage) => {
      const row = byStage.get(stage.code);
      return {
        stage: stage.code,
        label: stage.label,
        order: stage.order,
        count: row?.count ?? 0,
        averageDays: roundDays(row?.average_days ?? null),
        medianDays: roundDays(row?.median_days ?? null),
      };
    }),
  };
}
