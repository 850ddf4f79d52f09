import type { Kysely, Updateable } from 'kysely';
import { weightedMinor } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { rollUpLines } from '../../core/rollup.ts';
import type { StageDefinition } from '../../core/stages.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { findCurrency } from '../currencies/currency.repository.ts';
import { rateInForce, reportingCurrencyInfo, toReporting } from '../currencies/currency.service.ts';
import type { Database } from '../db/schema.ts';
import { versionConflict } from '../http/app-error.ts';
import { findLineItemsOfOpportunity } from '../line-items/line-item.repository.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { auditedOpportunityFields, opportunityAuditSnapshot, toOpportunity } from './opportunity.mapper.ts';
import { findOpportunityRow, type OpportunityRow, updateOpportunityRow } from './opportunity.repository.ts';
import type { OpportunityTable, StageChangeTable } from './opportunity.table.ts';
import { insertStageChange } from './stage-change.repository.ts';

/** What every opportunity use case reads first: the stage catalog, the reporting currency, the time. */
export type OpportunityEnvironment = {
  catalog: StageDefinition[];
  reporting: { code: string; exponent: number };
  now: Date;
};

export async function loadEnvironment(db: Kysely<Database>): Promise<OpportunityEnvironment> {
  const [catalog, reporting] = await Promise.all([loadStageCatalog(db), reportingCurrencyInfo(db)]);
  return { catalog, reporting, now: new Date() };
}

export function mapContext(principal: Principal, environment: OpportunityEnvironment) {
  return { principal, reportingCurrency: environment.reporting.code, now: environment.now };
}

export type StateChange = {
  /** Direct changes to columns; amount and decision date are overridden by the line items when there are any. */
  values: Updateable<OpportunityTable>;
  /** The kind of history row when the stage changes (`stage` or `reopen`). */
  stageKind?: 'stage' | 'reopen';
  note?: string | null;
  /** The amount a closing records in the history (the deal value at closing). */
  historyAmountMinor?: number;
};

function historyKind(
  before: OpportunityRow,
  after: OpportunityRow,
  stageKind: StateChange['stageKind'],
): StageChangeTable['kind'] | null {
  if (before.stage !== after.stage) return stageKind ?? 'stage';
  const changed: StageChangeTable['kind'][] = [];
  if (before.amount_minor !== after.amount_minor || before.currency !== after.currency)
    changed.push('amount');
  if (before.decision_date !== after.decision_date) changed.push('decision-date');
  if (before.probability !== after.probability) changed.push('probability');
  if (changed.length === 0) return null;
  return changed.length === 1 ? changed[0]! : 'update';
}

/**
 * The one way an existing opportunity changes (SPEC §3, §4): applies the change, rolls the line
 * items up into the total and decision date, converts at the rate in force (or the frozen one),
 * writes the history row and the change log, and bumps the version, all in the caller's transaction.
 */
export async function saveOpportunityState(
  trx: Kysely<Database>,
  principal: Principal,
  environment: OpportunityEnvironment,
  current: OpportunityRow,
  change: StateChange,
): Promise<OpportunityRow> {
  const values = { ...change.values };
  const lines = await findLineItemsOfOpportunity(trx, current.id);
  const probability = values.probability ?? current.probability;
  let amountMinor = (values.amount_minor as number | undefined) ?? current.amount_minor;
  let decisionDate = (values.decision_date as string | undefined) ?? current.decision_date;
  if (lines.length > 0) {
    const rollup = rollUpLines(
      lines.map((line) => ({
        amountMinor: line.amount_minor,
        decisionDate: line.decision_date,
        outcome: line.outcome,
      })),
    );
    amountMinor = rollup.totalMinor;
    decisionDate = rollup.decisionDate ?? decisionDate;
  }
  const currency = (values.currency as string | undefined) ?? current.currency;
  const frozen =
    values.is_rate_frozen !== undefined ? Boolean(values.is_rate_frozen) : Boolean(current.is_rate_frozen);
  const keepsFrozenRate = frozen && Boolean(current.is_rate_frozen) && currency === current.currency;
  // A closed opportunity keeps the rate it closed with, so old deals do not change value when rates move.
  const rate = keepsFrozenRate ? current.exchange_rate : (await rateInForce(trx, currency)).rate;
  const exponent = (await findCurrency(trx, currency))?.exponent ?? 2;
  const reporting = toReporting(amountMinor, probability, { rate, exponent }, environment.reporting);
  // A closing keeps the deal's value at closing in the reporting currency, at the rate it freezes:
  // a lost deal's own total drops to zero as its line items close lost (SPEC §4), and the reports
  // count it at this value (SPEC §8 win/loss).
  const closedAmountReportingMinor =
    change.historyAmountMinor === undefined
      ? undefined
      : toReporting(change.historyAmountMinor, probability, { rate, exponent }, environment.reporting)
          .amountReportingMinor;
  const now = nowIso();
  const updated = await updateOpportunityRow(trx, current.id, current.version, {
    ...values,
    amount_minor: amountMinor,
    decision_date: decisionDate,
    probability,
    weighted_amount_minor: weightedMinor(amountMinor, probability),
    exchange_rate: rate,
    amount_reporting_minor: reporting.amountReportingMinor,
    weighted_reporting_minor: reporting.weightedReportingMinor,
    line_item_count: lines.length,
    ...(closedAmountReportingMinor !== undefined && {
      closed_amount_reporting_minor: closedAmountReportingMinor,
    }),
    updated_by: principal.userId,
    updated_at: now,
  });
  const context = mapContext(principal, environment);
  if (!updated) throw versionConflict(toOpportunity(current, context), current.version);
  const after = await findOpportunityRow(trx, principal.userId, current.id);
  if (!after) throw versionConflict(toOpportunity(current, context), current.version);
  const kind = historyKind(current, after, change.stageKind);
  if (kind) {
    await insertStageChange(trx, {
      opportunity_id: current.id,
      kind,
      from_stage: current.stage,
      to_stage: after.stage,
      changed_at: now,
      changed_by: principal.userId,
      amount_minor: change.historyAmountMinor ?? after.amount_minor,
      currency: after.currency,
      decision_date: after.decision_date,
      probability: after.probability,
      note: change.note ?? null,
    });
  }
  await recordUpdate(
    trx,
    { type: 'opportunity', id: current.id, userId: principal.userId, at: now },
    opportunityAuditSnapshot(toOpportunity(current, context)),
    opportunityAuditSnapshot(toOpportunity(after, context)),
    auditedOpportunityFields,
  );
  return after;
}
