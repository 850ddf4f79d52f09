import type { StageChange } from './contract/opportunities.ts';
import { maxAmountText, weightedMinor } from './money.ts';
import { type RollupLine, rollUpLines } from './rollup.ts';

/**
 * The pure rules of how an opportunity's stored state changes (SPEC §3, §4), on its `opportunities`
 * columns by their stored names (as `StoredLineFacts` in rollup.ts): the server reads and writes
 * them as they are.
 */

/** What the history compares of an opportunity before and after a change. */
export type HistoryFacts = {
  stage: string;
  amount_minor: number;
  currency: string;
  decision_date: string;
  probability: number;
};

/**
 * SPEC §3: the kind of history row a change records, or null when it records none. A new stage is
 * recorded as `stageKind` (a move or a reopening); otherwise a change of amount (or currency),
 * decision date or probability, and `update` when more than one of them changed.
 */
export function historyKind(
  before: HistoryFacts,
  after: HistoryFacts,
  stageKind: 'stage' | 'reopen' | undefined,
): StageChange['kind'] | null {
  if (before.stage !== after.stage) return stageKind ?? 'stage';
  const changed: StageChange['kind'][] = [];
  if (before.amount_minor !== after.amount_minor || before.currency !== after.currency)
    changed.push('amount');
  if (before.decision_date !== after.decision_date) changed.push('decision-date');
  if (before.probability !== after.probability) changed.push('probability');
  if (changed.length === 0) return null;
  return changed.length === 1 ? changed[0]! : 'update';
}

/**
 * SPEC §4: a closed opportunity keeps the rate it closed with, so old deals do not change value when
 * rates move. The frozen rate is kept while the deal stays frozen in the same currency.
 */
export function keepsFrozenRate(
  current: { currency: string; is_rate_frozen: number },
  values: { currency?: string | undefined; is_rate_frozen?: number | undefined },
): boolean {
  const currency = values.currency ?? current.currency;
  const frozen =
    values.is_rate_frozen !== undefined ? Boolean(values.is_rate_frozen) : Boolean(current.is_rate_frozen);
  return frozen && Boolean(current.is_rate_frozen) && currency === current.currency;
}

/** The columns a roll-up decides, in the opportunity's own currency. */
export type RolledUpColumns = {
  amount_minor: number;
  decision_date: string;
  probability: number;
  weighted_amount_minor: number;
  line_item_count: number;
};

/** What a total past the largest amount stored is told (SPEC §4), on the field that makes it. */
export const rolledUpTotalTooLarge = `would take the opportunity's total (its line items that are not lost) past ${maxAmountText}, the largest amount stored`;

/**
 * SPEC §4, pure: the total, decision date, probability and weighted amount of an opportunity once a
 * change is applied. With line items, the total is theirs (lost ones not counted) and the decision
 * date their latest open one (or the deal's when none has one); without, the change's or the
 * current amount and date. A total past the largest amount stored is refused.
 */
export function rolledUpColumns(
  current: { probability: number; amount_minor: number; decision_date: string },
  values: {
    probability?: number | undefined;
    amount_minor?: number | undefined;
    decision_date?: string | undefined;
  },
  lines: readonly RollupLine[],
): { ok: true; columns: RolledUpColumns } | { ok: false; message: string } {
  const probability = values.probability ?? current.probability;
  let amountMinor = values.amount_minor ?? current.amount_minor;
  let decisionDate = values.decision_date ?? current.decision_date;
  if (lines.length > 0) {
    const rollup = rollUpLines(lines);
    if (!rollup.totalInBounds) return { ok: false, message: rolledUpTotalTooLarge };
    amountMinor = rollup.totalMinor;
    decisionDate = rollup.decisionDate ?? decisionDate;
  }
  return {
    ok: true,
    columns: {
      amount_minor: amountMinor,
      decision_date: decisionDate,
      probability,
      weighted_amount_minor: weightedMinor(amountMinor, probability),
      line_item_count: lines.length,
    },
  };
}
