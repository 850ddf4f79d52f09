import type { Insertable, Kysely, Updateable } from 'kysely';
import { type CheckedOpportunityFilter, opportunityFilterErrors } from '../../core/opportunity-filter.ts';
import { historyKind, keepsFrozenRate, rolledUpColumns } from '../../core/opportunity-state.ts';
import type { Principal } from '../../core/principal.ts';
import { type RollupLine, toRollupLine } from '../../core/rollup.ts';
import type { StageDefinition } from '../../core/stages.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { findCurrency } from '../currencies/currency.repository.ts';
import { rateInForce, reportingCurrencyInfo, toReportingOrRefuse } from '../currencies/currency.service.ts';
import type { Database } from '../db/schema.ts';
import { AppError, amountOutOfBounds, versionConflict } from '../http/app-error.ts';
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

/**
 * Refuses (400, naming the query parameter) opportunity filters that name stages the catalog does
 * not have or ranges that end before they start, for every list, board, report and export.
 */
export function checkOpportunityFilter(
  filter: CheckedOpportunityFilter,
  catalog: readonly Pick<StageDefinition, 'code'>[],
): void {
  const fields = opportunityFilterErrors(filter, catalog);
  if (fields.length === 0) return;
  const summary = fields.map((field) => `${field.field} ${field.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid query: ${summary}`, { in: 'query', fields });
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
  /**
   * The request field named when the total, or its value in the reporting currency, would pass the
   * largest amount stored (SPEC §4); `amountMinor` unless said otherwise.
   */
  amountField?: string;
};

/**
 * SPEC §4: the columns a change writes once the line items are rolled up (core's `rolledUpColumns`)
 * and the total is converted at `rate` (the rate in force, or the frozen one). A total, or its value
 * in the reporting currency, past the largest amount stored is refused on `amountField`.
 */
export function stateColumns(
  current: Pick<OpportunityRow, 'probability' | 'amount_minor' | 'decision_date'>,
  values: Updateable<OpportunityTable>,
  lines: readonly RollupLine[],
  rate: { rate: string; exponent: number },
  reportingCurrency: { code: string; exponent: number },
  amountField = 'amountMinor',
): Updateable<OpportunityTable> {
  const rolled = rolledUpColumns(current, values, lines);
  if (!rolled.ok) throw amountOutOfBounds([amountField], rolled.message);
  const { columns } = rolled;
  const reporting = toReportingOrRefuse(
    columns.amount_minor,
    columns.probability,
    rate,
    reportingCurrency,
    amountField,
  );
  return {
    ...values,
    ...columns,
    exchange_rate: rate.rate,
    amount_reporting_minor: reporting.amountReportingMinor,
    weighted_reporting_minor: reporting.weightedReportingMinor,
  };
}

/**
 * A closing keeps the deal's value at closing in the reporting currency, at the rate it freezes:
 * a lost deal's own total drops to zero as its line items close lost (SPEC §4), and the reports
 * count it at this value (SPEC §8 win/loss).
 */
export function closedAmountReporting(
  amountAtClosingMinor: number,
  rate: { rate: string; exponent: number },
  reportingCurrency: { code: string; exponent: number },
  amountField = 'amountMinor',
): number {
  return toReportingOrRefuse(amountAtClosingMinor, 0, rate, reportingCurrency, amountField)
    .amountReportingMinor;
}

/** The history row of a change (SPEC §3: every change of stage, amount, date or probability). */
export function stageChangeRow(
  current: Pick<OpportunityRow, 'id' | 'stage'>,
  after: Pick<OpportunityRow, 'stage' | 'amount_minor' | 'currency' | 'decision_date' | 'probability'>,
  kind: StageChangeTable['kind'],
  change: Pick<StateChange, 'note' | 'historyAmountMinor'>,
  changedBy: number,
  at: string,
): Insertable<StageChangeTable> {
  return {
    opportunity_id: current.id,
    kind,
    from_stage: current.stage,
    to_stage: after.stage,
    changed_at: at,
    changed_by: changedBy,
    amount_minor: change.historyAmountMinor ?? after.amount_minor,
    currency: after.currency,
    decision_date: after.decision_date,
    probability: after.probability,
    note: change.note ?? null,
  };
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
  const currency = (values.currency as string | undefined) ?? current.currency;
  const rate = keepsFrozenRate(current, values)
    ? current.exchange_rate
    : (await rateInForce(trx, currency)).rate;
  const exponent = (await findCurrency(trx, currency))?.exponent ?? 2;
  const columns = stateColumns(
    current,
    values,
    lines.map(toRollupLine),
    { rate, exponent },
    environment.reporting,
    change.amountField,
  );
  if (change.historyAmountMinor !== undefined) {
    columns.closed_amount_reporting_minor = closedAmountReporting(
      change.historyAmountMinor,
      { rate, exponent },
      environment.reporting,
      change.amountField,
    );
  }
  const now = nowIso();
  const updated = await updateOpportunityRow(trx, current.id, current.version, {
    ...columns,
    updated_by: principal.userId,
    updated_at: now,
  });
  const context = mapContext(principal, environment);
  if (!updated)
    throw versionConflict({ currentVersion: current.version, current: toOpportunity(current, context) });
  const after = await findOpportunityRow(trx, principal.userId, current.id);
  if (!after)
    throw versionConflict({ currentVersion: current.version, current: toOpportunity(current, context) });
  const kind = historyKind(current, after, change.stageKind);
  if (kind) await insertStageChange(trx, stageChangeRow(current, after, kind, change, principal.userId, now));
  await recordUpdate(
    trx,
    { type: 'opportunity', id: current.id, userId: principal.userId, at: now },
    opportunityAuditSnapshot(toOpportunity(current, context)),
    opportunityAuditSnapshot(toOpportunity(after, context)),
    auditedOpportunityFields,
  );
  return after;
}
