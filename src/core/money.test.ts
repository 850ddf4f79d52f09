import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertMinor,
  divideRounded,
  formatRate,
  lineAmountMinor,
  parseRate,
  weightedMinor,
} from './money.ts';
import { rollUpLines } from './rollup.ts';

describe('money in minor units', () => {
  it('computes a line as quantity × unit price × (1 − discount), rounded once, half away from zero', () => {
    expect(lineAmountMinor(3000, 482100, 1000)).toBe(1301670);
    expect(lineAmountMinor(1500, 99, 0)).toBe(149);
    expect(lineAmountMinor(1000, 1, 5000)).toBe(1);
    expect(lineAmountMinor(1000, 12345, 10000)).toBe(0);
  });

  it('weights by probability with exact integer rounding', () => {
    expect(weightedMinor(1301670, 60)).toBe(781002);
    expect(weightedMinor(5, 50)).toBe(3);
    expect(weightedMinor(123, 0)).toBe(0);
  });

  it('converts between currencies of different exponents exactly', () => {
    const usd = { rate: '1', exponent: 2 };
    const jpy = { rate: '0.0067', exponent: 0 };
    const eur = { rate: '1.08', exponent: 2 };
    const kwd = { rate: '3.25', exponent: 3 };
    expect(convertMinor(1_000_000, jpy, usd)).toBe(670_000);
    expect(convertMinor(10_000, eur, usd)).toBe(10_800);
    expect(convertMinor(1_000, kwd, usd)).toBe(325);
    expect(convertMinor(10_800, usd, eur)).toBe(10_000);
  });

  it('keeps rates exact as decimals', () => {
    expect(formatRate(parseRate('1.0800'))).toBe('1.08');
    expect(formatRate(parseRate('0.000000000001'))).toBe('0.000000000001');
    expect(() => parseRate('0')).toThrow();
    expect(() => parseRate('-1')).toThrow();
    expect(() => parseRate('1e3')).toThrow();
  });

  it('never loses a minor unit when summing lines (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amountMinor: fc.integer({ min: 0, max: 10 ** 12 }),
            decisionDate: fc.constantFrom(null, '2026-12-31', '2027-01-15'),
            outcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
          }),
          { maxLength: 30 },
        ),
        (lines) => {
          const rollup = rollUpLines(lines);
          const expected = lines
            .filter((line) => line.outcome !== 'lost')
            .reduce((sum, line) => sum + line.amountMinor, 0);
          return Number.isSafeInteger(rollup.totalMinor) && rollup.totalMinor === expected;
        },
      ),
    );
  });

  it('rounds halves away from zero on both signs', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
  });
});

describe('roll-ups (SPEC §4)', () => {
  it('sums lines that are not lost and takes the latest open decision date', () => {
    expect(
      rollUpLines([
        { amountMinor: 100, decisionDate: '2027-01-10', outcome: 'open' },
        { amountMinor: 200, decisionDate: '2027-03-01', outcome: 'lost' },
        { amountMinor: 300, decisionDate: '2027-02-01', outcome: 'won' },
        { amountMinor: 400, decisionDate: '2027-01-20', outcome: 'open' },
      ]),
    ).toEqual({ totalMinor: 800, decisionDate: '2027-01-20', countedLines: 3, lostLines: 1 });
  });
});
