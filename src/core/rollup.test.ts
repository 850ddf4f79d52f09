import { describe, expect, it } from 'vitest';
import { maxAmountMinor } from './money.ts';
import { rollUpLines, toRollupLine } from './rollup.ts';

describe('line items as the roll-up and the gates read them (toRollupLine)', () => {
  it('reads a stored line', () => {
    expect(
      toRollupLine({
        amount_minor: 12_500,
        unit_price_minor: 2_500,
        decision_date: '2027-03-31',
        outcome: 'won',
      }),
    ).toEqual({ amountMinor: 12_500, unitPriceMinor: 2_500, decisionDate: '2027-03-31', outcome: 'won' });
  });

  it('reads a planned line whose defaults are not written yet: open, no date, no price', () => {
    expect(toRollupLine({ amount_minor: 0 })).toEqual({
      amountMinor: 0,
      unitPriceMinor: null,
      decisionDate: null,
      outcome: 'open',
    });
    expect(toRollupLine({ amount_minor: 10n, unit_price_minor: null, decision_date: null })).toEqual({
      amountMinor: 10,
      unitPriceMinor: null,
      decisionDate: null,
      outcome: 'open',
    });
  });

  it('feeds rollUpLines: lost lines do not count, the latest open date is the deal’s', () => {
    const rollup = rollUpLines(
      [
        { amount_minor: 1_000, decision_date: '2027-01-31', outcome: 'open' as const },
        { amount_minor: 2_000, decision_date: '2027-05-31', outcome: 'lost' as const },
        { amount_minor: 3_000, decision_date: '2027-03-31' },
        { amount_minor: 4_000, decision_date: '2027-12-31', outcome: 'won' as const },
      ].map(toRollupLine),
    );
    expect(rollup).toEqual({
      totalMinor: 8_000,
      totalInBounds: true,
      decisionDate: '2027-03-31',
      countedLines: 3,
      lostLines: 1,
    });
  });

  it('says when the total passes the largest amount stored', () => {
    const rollup = rollUpLines([{ amount_minor: maxAmountMinor }, { amount_minor: 1 }].map(toRollupLine));
    expect(rollup.totalInBounds).toBe(false);
  });
});
