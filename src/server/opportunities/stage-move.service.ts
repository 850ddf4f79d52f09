import type { Kysely } from 'kysely';
import type { Opportunity, StageMove } from '../../core/contract/opportunities.ts';
import { canEditOpportunity, canReopenOpportunity } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { rollUpLines } from '../../core/rollup.ts';
import { checkStageMove, findStage, type GateFacts } from '../../core/stages.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { AppError, forbidden, notFound, validationError } from '../http/app-error.ts';
import { findLineItemsOfOpportunity } from '../line-items/line-item.repository.ts';
import { opportunityAccessFacts, toOpportunity } from './opportunity.mapper.ts';
import { findVisibleOpportunity, type OpportunityRow } from './opportunity.repository.ts';
import { gateNotMet, hasReachedWon } from './opportunity.service.ts';
import type { OpportunityTable } from './opportunity.table.ts';
import { loadEnvironment, mapContext, saveOpportunityState } from './opportunity-state.ts';

/**
 * What the gates look at. When the opportunity is being reopened, its line items as they will be:
 * the ones its closing closed come back open, and the total with them.
 */
export async function gateFactsOf(
  db: Kysely<Database>,
  row: OpportunityRow,
  options: { asReopened?: boolean } = {},
): Promise<GateFacts> {
  const lines = (await findLineItemsOfOpportunity(db, row.id)).map((line) => ({
    amountMinor: line.amount_minor,
    unitPriceMinor: line.unit_price_minor,
    decisionDate: line.decision_date,
    outcome: options.asReopened && line.closed_with_opportunity ? ('open' as const) : line.outcome,
  }));
  return {
    hasPrimaryContact: row.primary_contact_id !== null,
    decisionDate: row.decision_date,
    totalMinor: lines.length > 0 ? rollUpLines(lines).totalMinor : row.amount_minor,
    lineItems: lines,
    hasReachedWon: Boolean(row.has_reached_won),
  };
}

/**
 * `POST …/stage` (SPEC §3): the only way an opportunity changes stage. Forward moves pass every
 * gate up to the target; closings need their reason, competitor or note, close the open line
 * items and freeze the rate; reopening needs the owner or a manager and a note.
 */
export async function moveOpportunityStage(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  input: StageMove,
  expectedVersion: number | undefined,
): Promise<Opportunity> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await findVisibleOpportunity(trx, principal, id);
    if (!row) throw notFound('Opportunity');
    const { catalog } = environment;
    const target = findStage(catalog, input.stage);
    if (!target) {
      throw validationError([
        {
          field: 'stage',
          message: `is not a stage; one of ${catalog.map((stage) => stage.code).join(', ')}`,
        },
      ]);
    }
    const from = findStage(catalog, row.stage);
    if (!from) throw new AppError('INTERNAL', `Unknown current stage ${row.stage}`);
    const facts = opportunityAccessFacts(row);
    const reopening = from.closing && !target.closing;
    if (reopening ? !canReopenOpportunity(principal, facts) : !canEditOpportunity(principal, facts)) {
      throw forbidden(
        reopening
          ? 'Only the owner or a manager of the owning firm can reopen this opportunity'
          : 'You may see this opportunity but not move it',
      );
    }
    if (row.pass_status === 'pending' && principal.firmKind !== 'vendor') {
      throw forbidden('Accept the passed opportunity before working on it');
    }
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        'The opportunity was changed by someone else; reload and try again',
        {
          currentVersion: row.version,
          current: toOpportunity(row, mapContext(principal, environment)),
        },
      );
    }
    const gateFacts = await gateFactsOf(trx, row, { asReopened: reopening });
    const check = checkStageMove(catalog, from, target, gateFacts, input);
    if (!check.allowed) {
      if (check.missing.length > 0) throw gateNotMet(check.missing, target);
      throw new AppError('UNPROCESSABLE', check.reason ?? 'This stage change is not possible', {
        fields: [{ field: 'stage', message: check.reason ?? 'is not possible from the current stage' }],
      });
    }
    const now = nowIso();
    const values: Parameters<typeof saveOpportunityState>[4]['values'] = {
      stage: target.code,
      stage_entered_at: now,
      probability: target.probability,
      outcome: target.outcome,
    } satisfies Partial<Record<keyof OpportunityTable, unknown>>;
    let historyAmountMinor: number | undefined;
    switch (check.kind) {
      case 'forward':
      case 'back':
        if (hasReachedWon(catalog, target)) values.has_reached_won = 1;
        break;
      case 'close':
        historyAmountMinor = row.amount_minor;
        values.closed_at = now;
        values.is_rate_frozen = 1;
        values.close_reason = input.reason ?? null;
        values.close_note = input.note ?? null;
        if (input.competitor) values.competitor = input.competitor;
        // SPEC §3: closing closes every open line item, won or lost with the deal.
        await trx
          .updateTable('line_items')
          .set((eb) => ({
            outcome: target.outcome === 'won' ? 'won' : 'lost',
            closed_with_opportunity: 1,
            version: eb('version', '+', 1),
            updated_at: now,
          }))
          .where('opportunity_id', '=', id)
          .where('outcome', '=', 'open')
          .execute();
        break;
      case 'reopen':
        values.closed_at = null;
        values.closed_amount_reporting_minor = null;
        values.is_rate_frozen = 0;
        values.close_reason = null;
        values.close_note = null;
        if (hasReachedWon(catalog, target)) values.has_reached_won = 1;
        await trx
          .updateTable('line_items')
          .set((eb) => ({
            outcome: 'open',
            closed_with_opportunity: 0,
            version: eb('version', '+', 1),
            updated_at: now,
          }))
          .where('opportunity_id', '=', id)
          .where('closed_with_opportunity', '=', 1)
          .execute();
        break;
      case 'same':
        break;
    }
    const saved = await saveOpportunityState(trx, principal, environment, row, {
      values,
      stageKind: check.kind === 'reopen' ? 'reopen' : 'stage',
      note: input.note ?? input.reason ?? null,
      ...(historyAmountMinor !== undefined && { historyAmountMinor }),
    });
    return toOpportunity(saved, mapContext(principal, environment));
  });
}
