import { isAmountInBounds, weightedMinor } from './money.ts';
import type { StageOutcome } from './stages.ts';

/** SPEC §4 roll-ups: what an opportunity's total and decision date are, given its line items. */
export type RollupLine = { amountMinor: number; decisionDate: string | null; outcome: StageOutcome };

/** What the roll-up and the gates read of a line item (`GateFacts['lineItems']`). */
export type LineFacts = RollupLine & { unitPriceMinor: number | null };

/**
 * A line item as the database holds it (its `line_items` columns), or as planned before its insert,
 * when a default has not been written yet: an outcome left out is open, a date left out is none.
 */
export type StoredLineFacts = {
  amount_minor: number | bigint;
  unit_price_minor?: number | null | undefined;
  decision_date?: string | null | undefined;
  outcome?: StageOutcome | undefined;
};

/**
 * The one conversion from a stored or planned line item to what `rollUpLines` and the stage gates
 * read: every service that rolls up or checks gates goes through it.
 */
export function toRollupLine(line: StoredLineFacts): LineFacts {
  return {
    amountMinor: Number(line.amount_minor),
    unitPriceMinor: line.unit_price_minor ?? null,
    decisionDate: line.decision_date ?? null,
    outcome: line.outcome ?? 'open',
  };
}

export type Rollup = {
  /** Sum of the lines that are not lost, summed exactly; the nearest number when out of bounds. */
  totalMinor: number;
  /** The total may be stored (at most 10^15 minor units): a write must check it first (SPEC §4). */
  totalInBounds: boolean;
  /** Latest decision date among open lines, or null when no open line has one. */
  decisionDate: string | null;
  /** How the total was computed, for the UI. */
  countedLines: number;
  lostLines: number;
};

export function rollUpLines(lines: readonly RollupLine[]): Rollup {
  let total = 0n;
  let decisionDate: string | null = null;
  let countedLines = 0;
  let lostLines = 0;
  for (const line of lines) {
    if (line.outcome === 'lost') {
      lostLines += 1;
      continue;
    }
    countedLines += 1;
    total += BigInt(line.amountMinor);
    if (
      line.outcome === 'open' &&
      line.decisionDate !== null &&
      (decisionDate === null || line.decisionDate > decisionDate)
    ) {
      decisionDate = line.decisionDate;
    }
  }
  return {
    totalMinor: Number(total),
    totalInBounds: isAmountInBounds(total),
    decisionDate,
    countedLines,
    lostLines,
  };
}

export function weightedAmount(totalMinor: number, probability: number): number {
  return weightedMinor(totalMinor, probability);
}
