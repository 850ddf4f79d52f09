import { isAmountInBounds, weightedMinor } from './money.ts';
import type { StageOutcome } from './stages.ts';

/** SPEC §4 roll-ups: what an opportunity's total and decision date are, given its line items. */
export type RollupLine = { amountMinor: number; decisionDate: string | null; outcome: StageOutcome };

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
