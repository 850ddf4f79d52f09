import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CloseReasonDefinition } from '../../core/close-reasons.ts';
import { canEditOpportunity, canSeeOpportunity } from '../../core/opportunity-access.ts';
import { historyKind, keepsFrozenRate } from '../../core/opportunity-state.ts';
import type { Principal } from '../../core/principal.ts';
import { toRollupLine } from '../../core/rollup.ts';
import { stageMoveChange } from '../../core/stage-moves.ts';
import {
  type ClosingInput,
  checkStageMove,
  findStage,
  type GateFacts,
  type StageDefinition,
} from '../../core/stages.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { createEntry, updateEntries } from '../audit/audit.service.ts';
import type { AuditEntryTable } from '../audit/audit.table.ts';
import { nowIso } from '../clock.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import { findCurrency } from '../currencies/currency.repository.ts';
import { rateInForce } from '../currencies/currency.service.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';
import { insertLineItems } from '../line-items/line-item.repository.ts';
import type { LineValues } from '../line-items/line-item.service.ts';
import { insertTeamMembers } from '../sales-team/sales-team.repository.ts';
import {
  auditedOpportunityFields,
  opportunityAccessFacts,
  opportunityAuditSnapshot,
  toOpportunity,
} from './opportunity.mapper.ts';
import {
  findOpportunityRowsByIds,
  insertOpportunities,
  type OpportunityRow,
} from './opportunity.repository.ts';
import type { OpportunityTable, StageChangeTable } from './opportunity.table.ts';
import { insertOpportunityContacts } from './opportunity-contact.repository.ts';
import type { OpportunityCreation } from './opportunity-create.service.ts';
import { nextOpportunityNumbers } from './opportunity-number.ts';
import {
  closedAmountReporting,
  mapContext,
  type OpportunityEnvironment,
  stageChangeRow,
  stateColumns,
} from './opportunity-state.ts';
import { insertStageChanges } from './stage-change.repository.ts';
import { closingWithReason } from './stage-move.service.ts';
import { refusedStageMove } from './stage-refusal.ts';

/** A closed deal of imported history: created in its open stage, then closed as `target`. */
export type BulkClosing = { target: StageDefinition; input: ClosingInput; closedAt: string };

export type BulkOpportunity = { creation: OpportunityCreation; closing?: BulkClosing };

/** What the gates see of a planned opportunity, as `gateFactsOf` sees a saved one. */
export function gateFactsOfCreation(creation: OpportunityCreation): GateFacts {
  return {
    hasPrimaryContact: creation.values.primary_contact_id != null,
    decisionDate: creation.values.decision_date,
    totalMinor: Number(creation.values.amount_minor ?? 0),
    lineItems: creation.lines.map(toRollupLine),
    hasReachedWon: Boolean(creation.values.has_reached_won),
  };
}

/** Refuses, as `POST …/stage` would, a closing the planned opportunity could not make right after creation. */
export function checkClosingOfCreation(
  catalog: readonly StageDefinition[],
  creation: OpportunityCreation,
  target: StageDefinition,
  input: ClosingInput,
): void {
  const from = findStage(catalog, creation.values.stage);
  if (!from) throw new AppError('INTERNAL', `Unknown stage ${creation.values.stage}`);
  const check = checkStageMove(catalog, from, target, gateFactsOfCreation(creation), input);
  if (!check.allowed || check.kind !== 'close') throw refusedStageMove(check, target);
}

export type BulkOptions = {
  cache?: ReadCache;
  /** Opportunities per batch of statements. */
  batchSize?: number;
  onProgress?: (written: number) => Promise<void>;
};

export type BulkResult = { opportunities: number; lineItems: number };

/** A deal as written: its creation, and for a closed deal the closing applied to it. */
type WrittenDeal = {
  values: OpportunityCreation['values'];
  lines: LineValues[];
  closing: {
    /** The columns the closing changed (SPEC §3/§4), to tell the state at creation from the state now. */
    changed: Updateable<OpportunityTable>;
    lineOutcome: 'won' | 'lost' | null;
    history: Omit<Insertable<StageChangeTable>, 'opportunity_id' | 'from_stage'>;
    updatedAt: string;
  } | null;
};

/**
 * The closing of a planned opportunity, as `moveOpportunityStage` and `saveOpportunityState` make it:
 * the same pure change, line-item outcomes, roll-up at the rate in force (frozen from then on) and
 * history row; computed before the opportunity is written, so it is written once in its final state.
 */
async function closePlanned(
  trx: Kysely<Database>,
  principal: Principal,
  environment: OpportunityEnvironment,
  creation: OpportunityCreation,
  closing: BulkClosing,
  cache: ReadCache | undefined,
  reasons: readonly CloseReasonDefinition[],
): Promise<WrittenDeal> {
  const { target, closedAt } = closing;
  // As `POST …/stage`: the reason is one of the stage's list (a text reason is its label, or "Other" with the text).
  const input = closingWithReason(reasons, environment.catalog, target, closing.input);
  const created = creation.values;
  const change = stageMoveChange(environment.catalog, 'close', target, input, created, closedAt);
  const lineOutcome =
    change.lineOutcome === 'won' || change.lineOutcome === 'lost' ? change.lineOutcome : null;
  const updatedAt = nowIso();
  const lines = creation.lines.map((line) =>
    (line.outcome ?? 'open') === 'open' && lineOutcome
      ? { ...line, outcome: lineOutcome, closed_with_opportunity: 1, version: 2 }
      : line,
  );
  const moveValues: Updateable<OpportunityTable> = change.values;
  const currency = moveValues.currency ?? created.currency;
  const rate = keepsFrozenRate(created, moveValues)
    ? created.exchange_rate
    : (await cachedRead(cache, `rate:${currency}`, () => rateInForce(trx, currency))).rate;
  const exponent =
    (await cachedRead(cache, `currency:${currency}`, () => findCurrency(trx, currency)))?.exponent ?? 2;
  const columns = stateColumns(
    created,
    moveValues,
    lines.map(toRollupLine),
    { rate, exponent },
    environment.reporting,
  );
  if (change.historyAmountMinor !== undefined) {
    columns.closed_amount_reporting_minor = closedAmountReporting(
      change.historyAmountMinor,
      { rate, exponent },
      environment.reporting,
    );
  }
  const written = { ...columns, updated_by: principal.userId, updated_at: updatedAt };
  const after = { ...created, ...written } as OpportunityCreation['values'] &
    Pick<OpportunityRow, 'stage' | 'amount_minor' | 'currency' | 'decision_date' | 'probability'>;
  const {
    opportunity_id: _id,
    from_stage: _from,
    ...history
  } = stageChangeRow(
    { id: 0, stage: created.stage },
    after,
    historyKind(created, after, 'stage') ?? 'stage',
    {
      note: input.note ?? input.reason ?? null,
      ...(change.historyAmountMinor !== undefined && { historyAmountMinor: change.historyAmountMinor }),
    },
    principal.userId,
    closedAt,
  );
  return {
    values: { ...after, version: 2 },
    lines,
    closing: { changed: written, lineOutcome, history, updatedAt },
  };
}

/** The row as it was right after creation: the closing's columns back to what creation wrote. */
function rowAtCreation(
  row: OpportunityRow,
  creation: OpportunityCreation,
  changed: Updateable<OpportunityTable>,
) {
  const before: Record<string, unknown> = { ...row, version: 1 };
  const created = creation.values as Record<string, unknown>;
  for (const column of Object.keys(changed)) before[column] = column in created ? created[column] : null;
  return before as OpportunityRow;
}

/**
 * Writes many planned opportunities (a bulk import) with exactly the rows that `createOpportunity`
 * followed, for a closed deal, by `moveOpportunityStage` would leave one by one: the same number
 * sequence, line items, team with the owner, contact links, the 'create' history row and the
 * change-log entry built from the opportunity as the API reads it back; for a closing, the line
 * items closed with it, the rolled-up total at the frozen rate, the second version, the closing
 * history row and the change-log entries of the fields it changed. A closed deal is written once,
 * in its final state, rather than written and then updated; statements go per batch, not per row,
 * inside the caller's one transaction.
 */
export async function createOpportunitiesInBulk(
  trx: Kysely<Database>,
  principal: Principal,
  environment: OpportunityEnvironment,
  items: readonly BulkOpportunity[],
  options: BulkOptions = {},
): Promise<BulkResult> {
  const batchSize = options.batchSize ?? 500;
  const context = mapContext(principal, environment);
  const reasons = items.some((item) => item.closing) ? await loadCloseReasons(trx) : [];
  let lineItems = 0;
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    const deals: WrittenDeal[] = [];
    for (const item of batch) {
      deals.push(
        item.closing
          ? await closePlanned(
              trx,
              principal,
              environment,
              item.creation,
              item.closing,
              options.cache,
              reasons,
            )
          : { values: item.creation.values, lines: item.creation.lines, closing: null },
      );
    }
    const numbers = await nextOpportunityNumbers(trx, environment.now, batch.length);
    const inserted = await insertOpportunities(
      trx,
      deals.map((deal, index) => ({ ...deal.values, number: numbers[index]! })),
    );
    const idByNumber = new Map(inserted.map((row) => [row.number, row.id]));
    const ids = numbers.map((number) => {
      const id = idByNumber.get(number);
      if (id === undefined) throw new AppError('INTERNAL', `Opportunity ${number} was not written`);
      return id;
    });
    const lines = batch.flatMap((item, index) =>
      deals[index]!.lines.map((line, position) => ({
        ...line,
        opportunity_id: ids[index]!,
        position: position + 1,
        created_at: item.creation.recordedAt,
        updated_at: deals[index]!.closing?.updatedAt ?? item.creation.recordedAt,
      })),
    );
    lineItems += lines.length;
    await insertLineItems(trx, lines);
    await insertTeamMembers(
      trx,
      batch.flatMap((item, index) =>
        item.creation.team.map((member) => ({
          ...member,
          opportunity_id: ids[index]!,
          added_at: item.creation.recordedAt,
        })),
      ),
    );
    await insertOpportunityContacts(
      trx,
      batch.flatMap((item, index) =>
        item.creation.contacts.map((link) => ({
          ...link,
          opportunity_id: ids[index]!,
          created_at: item.creation.recordedAt,
        })),
      ),
    );
    const history: Insertable<StageChangeTable>[] = batch.map((item, index) => ({
      ...item.creation.history,
      opportunity_id: ids[index]!,
    }));
    const audit: Insertable<AuditEntryTable>[] = [];
    const rowById = new Map(
      (await findOpportunityRowsByIds(trx, principal.userId, ids)).map((row) => [row.id, row]),
    );
    for (const [index, item] of batch.entries()) {
      const id = ids[index]!;
      const row = rowById.get(id);
      // As `createOpportunity` reads the new opportunity back through the visibility rule (SPEC §5).
      if (!row || !canSeeOpportunity(principal, opportunityAccessFacts(row))) {
        throw new AppError('INTERNAL', `Opportunity ${numbers[index]} cannot be read back`);
      }
      const closing = deals[index]!.closing;
      const created = closing ? rowAtCreation(row, item.creation, closing.changed) : row;
      const createdSnapshot = opportunityAuditSnapshot(toOpportunity(created, context));
      audit.push(
        createEntry(
          { type: 'opportunity', id, userId: principal.userId, at: item.creation.recordedAt },
          createdSnapshot,
        ),
      );
      if (!closing) continue;
      if (!canEditOpportunity(principal, opportunityAccessFacts(created))) {
        throw new AppError('FORBIDDEN', `You may not close opportunity ${row.number}`);
      }
      history.push({ ...closing.history, opportunity_id: id, from_stage: created.stage });
      audit.push(
        ...updateEntries(
          { type: 'opportunity', id, userId: principal.userId, at: closing.updatedAt },
          createdSnapshot,
          opportunityAuditSnapshot(toOpportunity(row, context)),
          auditedOpportunityFields,
        ),
      );
    }
    await insertStageChanges(trx, history);
    await insertAuditEntries(trx, audit);
    await options.onProgress?.(start + batch.length);
  }
  return { opportunities: items.length, lineItems };
}
