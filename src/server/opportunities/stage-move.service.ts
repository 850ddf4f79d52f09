import type { Kysely } from 'kysely';
import { type CloseReasonDefinition, resolveCloseReason } from '../../core/close-reasons.ts';
import type { Opportunity, StageMove } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { rollUpLines, toRollupLine } from '../../core/rollup.ts';
import { stageMoveChange } from '../../core/stage-moves.ts';
import {
  type ClosingInput,
  checkStageMove,
  findStage,
  type GateFacts,
  type StageDefinition,
} from '../../core/stages.ts';
import { nowIso } from '../clock.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import type { Database } from '../db/schema.ts';
import { AppError, validationError } from '../http/app-error.ts';
import {
  closeOpenLineItems,
  findLineItemsOfOpportunity,
  reopenLineItemsClosedWithOpportunity,
} from '../line-items/line-item.repository.ts';
import { toOpportunity } from './opportunity.mapper.ts';
import type { OpportunityRow } from './opportunity.repository.ts';
import { loadOpportunityForChange } from './opportunity-change.ts';
import { loadEnvironment, mapContext, saveOpportunityState } from './opportunity-state.ts';
import { refusedStageMove } from './stage-refusal.ts';

/**
 * What the gates look at. When the opportunity is being reopened, its line items as they will be:
 * the ones its closing closed come back open, and the total with them.
 */
export async function gateFactsOf(
  db: Kysely<Database>,
  row: OpportunityRow,
  options: { asReopened?: boolean } = {},
): Promise<GateFacts> {
  const lines = (await findLineItemsOfOpportunity(db, row.id)).map((line) =>
    toRollupLine(options.asReopened && line.closed_with_opportunity ? { ...line, outcome: 'open' } : line),
  );
  return {
    hasPrimaryContact: row.primary_contact_id !== null,
    decisionDate: row.decision_date,
    totalMinor: lines.length > 0 ? rollUpLines(lines).totalMinor : row.amount_minor,
    lineItems: lines,
    hasReachedWon: Boolean(row.has_reached_won),
  };
}

/**
 * A closing's reason, taken from the close-reason list of the closing stage: the reason's id and
 * label, and its note. A reason the stage does not offer, or "Other" without a note, is refused
 * (422) naming the field, before the gates are looked at.
 */
export function closingWithReason(
  reasons: readonly CloseReasonDefinition[],
  catalog: readonly StageDefinition[],
  target: StageDefinition,
  input: ClosingInput,
): ClosingInput {
  const resolution = resolveCloseReason(
    reasons,
    target.code,
    input,
    (code) => findStage(catalog, code)?.label ?? code,
  );
  if (!resolution.ok) {
    throw new AppError('UNPROCESSABLE', `${resolution.field} ${resolution.message}`, {
      fields: [{ field: resolution.field, message: resolution.message }],
    });
  }
  return {
    ...input,
    reason: resolution.reason?.label ?? null,
    reasonId: resolution.reason?.id ?? null,
    reasonNote: resolution.reason?.note ?? null,
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
    const { catalog } = environment;
    // The target is checked once the deal is found (404 first), before who may move it.
    const stagesOf = (row: OpportunityRow) => {
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
      return { target, from, reopening: from.closing && !target.closing };
    };
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      expectedVersion,
      action: (locked) => (stagesOf(locked).reopening ? 'reopen' : 'move'),
      environment,
    });
    const { target, from, reopening } = stagesOf(row);
    const closingInput =
      target.closing && !from.closing
        ? await closingWithReason(await loadCloseReasons(trx), catalog, target, input)
        : input;
    const gateFacts = await gateFactsOf(trx, row, { asReopened: reopening });
    const check = checkStageMove(catalog, from, target, gateFacts, closingInput);
    if (!check.allowed) throw refusedStageMove(check, target);
    const now = nowIso();
    const change = stageMoveChange(catalog, check.kind, target, closingInput, row, now);
    if (change.lineOutcome === 'won' || change.lineOutcome === 'lost') {
      await closeOpenLineItems(trx, [id], change.lineOutcome, now);
    } else if (change.lineOutcome === 'reopen') {
      await reopenLineItemsClosedWithOpportunity(trx, id, now);
    }
    const saved = await saveOpportunityState(trx, principal, environment, row, {
      values: change.values,
      stageKind: check.kind === 'reopen' ? 'reopen' : 'stage',
      note: input.note ?? input.reason ?? null,
      ...(change.historyAmountMinor !== undefined && { historyAmountMinor: change.historyAmountMinor }),
    });
    return toOpportunity(saved, mapContext(principal, environment));
  });
}
