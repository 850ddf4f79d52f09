import { wholeDaysBetween } from '../../core/calendar.ts';
import type { OpportunityCard, StageTotals } from '../../core/contract/reports.ts';
import { type MinorTotal, toMinorTotal } from '../../core/money.ts';
import type { StageDefinition } from '../../core/stages.ts';
import { type OpportunityMapContext, toOpportunity } from '../opportunities/opportunity.mapper.ts';
import type { OpportunityRow } from '../opportunities/opportunity.repository.ts';
import type { OpportunityOrigin } from '../opportunities/opportunity.table.ts';
import type { StageSumRow } from './report.repository.ts';

/** Count and sums as the reports add them up: exact BigInt minor units (SPEC §4: no floating point). */
export type Totals = { count: number; totalMinor: bigint; weightedMinor: bigint };

export const zeroTotals: Totals = { count: 0, totalMinor: 0n, weightedMinor: 0n };

export function addTotals(left: Totals, right: Totals): Totals {
  return {
    count: left.count + right.count,
    totalMinor: left.totalMinor + right.totalMinor,
    weightedMinor: left.weightedMinor + right.weightedMinor,
  };
}

export function sumTotals(rows: readonly Totals[]): Totals {
  return rows.reduce<Totals>((sum, row) => addTotals(sum, row), zeroTotals);
}

/** Totals as the API sends them: exact, a number while safe and a string of digits beyond (`MinorTotal`). */
export function wireTotals<Row extends Totals>(
  row: Row,
): Omit<Row, 'totalMinor' | 'weightedMinor'> & { totalMinor: MinorTotal; weightedMinor: MinorTotal } {
  return { ...row, totalMinor: toMinorTotal(row.totalMinor), weightedMinor: toMinorTotal(row.weightedMinor) };
}

export type ExactStageTotals = Omit<StageTotals, 'totalMinor' | 'weightedMinor'> & Totals;

/** One row per given stage, in catalog order, with zeros where nothing matched; amounts through `convert`. */
export function toStageTotals(
  stages: readonly StageDefinition[],
  rows: readonly StageSumRow[],
  convert: (amountMinor: bigint) => bigint = (amountMinor) => amountMinor,
): ExactStageTotals[] {
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  return [...stages]
    .sort((left, right) => left.order - right.order)
    .map((stage) => {
      const row = byStage.get(stage.code);
      return {
        stage: stage.code,
        label: stage.label,
        order: stage.order,
        probability: stage.probability,
        closing: stage.closing,
        outcome: stage.outcome,
        count: row?.count ?? 0,
        totalMinor: convert(row?.total_minor ?? 0n),
        weightedMinor: convert(row?.weighted_minor ?? 0n),
      };
    });
}

/** Passed and co-marketing opportunities must be progressed to a closing stage (SPEC §6). */
export function mustReachClosing(origin: OpportunityOrigin): boolean {
  return origin === 'passed' || origin === 'co-marketing';
}

export function toOpportunityCard(row: OpportunityRow, context: OpportunityMapContext): OpportunityCard {
  const opportunity = toOpportunity(row, context);
  return {
    id: opportunity.id,
    number: opportunity.number,
    name: opportunity.name,
    clientId: opportunity.clientId,
    clientName: opportunity.clientName,
    ownerId: opportunity.ownerId,
    ownerName: opportunity.ownerName,
    ownerFirmId: opportunity.ownerFirmId,
    ownerFirmName: opportunity.ownerFirmName,
    stage: opportunity.stage,
    stageLabel: opportunity.stageLabel,
    stageEnteredAt: opportunity.stageEnteredAt,
    outcome: opportunity.outcome,
    decisionDate: opportunity.decisionDate,
    currency: opportunity.currency,
    amountMinor: opportunity.amountMinor,
    probability: opportunity.probability,
    weightedAmountMinor: opportunity.weightedAmountMinor,
    reportingCurrency: opportunity.reportingCurrency,
    amountReportingMinor: opportunity.amountReportingMinor,
    weightedReportingMinor: opportunity.weightedReportingMinor,
    origin: opportunity.origin,
    partnerPrivate: opportunity.partnerPrivate,
    passStatus: opportunity.passStatus,
    isStale: opportunity.isStale,
    isFavorite: opportunity.isFavorite,
    canEdit: opportunity.canEdit,
    version: opportunity.version,
    daysInStage: wholeDaysBetween(opportunity.stageEnteredAt, context.now),
    mustReachClosing: mustReachClosing(row.origin),
  };
}
