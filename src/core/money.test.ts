import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedMinor,
  convertMinor,
  convertMinorBounded,
  convertMinorExact,
  divideRounded,
  formatMinorDecimal,
  formatMinorInput,
  formatRate,
  isAmountInBounds,
  lineAmountExact,
  lineAmountMinor,
  maxAmountMinor,
  minorTotalToBigInt,
  moneyInputError,
  parseDecimalMinor,
  parseRate,
  readDecimalMinor,
  sumMinor,
  toMinorTotal,
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
    ).toEqual({
      totalMinor: 800,
      totalInBounds: true,
      decisionDate: '2027-01-20',
      countedLines: 3,
      lostLines: 1,
    });
  });

  it('says when the total passes the largest amount stored; lost lines do not count', () => {
    const line = (amountMinor: number, outcome: 'open' | 'lost' = 'open') => ({
      amountMinor,
      decisionDate: null,
      outcome,
    });
    expect(rollUpLines([line(maxAmountMinor), line(maxAmountMinor, 'lost')])).toMatchObject({
      totalMinor: maxAmountMinor,
      totalInBounds: true,
    });
    expect(rollUpLines([line(maxAmountMinor), line(1)])).toMatchObject({ totalInBounds: false });
    expect(rollUpLines(Array.from({ length: 200 }, () => line(maxAmountMinor))).totalInBounds).toBe(false);
  });
});

const max = BigInt(maxAmountMinor);
/** A rate as numerator / 10^12, the exact value the decimal text means. */
const rateArbitrary = fc.bigInt({ min: 1n, max: 10n ** 24n - 1n }).map((scaled) => formatRate(scaled));
const exponentArbitrary = fc.constantFrom(0, 2, 3);

describe('the bound of stored amounts (SPEC §4)', () => {
  it('holds every amount to 10^15 minor units, both signs', () => {
    expect(isAmountInBounds(maxAmountMinor)).toBe(true);
    expect(isAmountInBounds(-maxAmountMinor)).toBe(true);
    expect(isAmountInBounds(maxAmountMinor + 1)).toBe(false);
    expect(isAmountInBounds(max + 1n)).toBe(false);
    expect(isAmountInBounds(1.5)).toBe(false);
    expect(isAmountInBounds(Number.NaN)).toBe(false);
    expect(boundedMinor(max)).toBe(maxAmountMinor);
    expect(boundedMinor(max + 1n)).toBeNull();
  });

  it('refuses a line past the bound instead of rounding it: 9 × 10^15, 10 × 10^15, a billion × 10^15', () => {
    expect(lineAmountMinor(9000, maxAmountMinor, 0)).toBeNull();
    expect(lineAmountMinor(10_000, maxAmountMinor, 0)).toBeNull();
    expect(lineAmountMinor(1_000_000_000_000, maxAmountMinor, 0)).toBeNull();
    expect(lineAmountExact(1_000_000_000_000, maxAmountMinor, 0)).toBe(10n ** 24n);
    // Exactly the bound, and the bound reached only thanks to the discount.
    expect(lineAmountMinor(1_000_000_000_000, 1_000_000, 0)).toBe(maxAmountMinor);
    expect(lineAmountMinor(2000, maxAmountMinor, 5000)).toBe(maxAmountMinor);
    expect(lineAmountMinor(2000, maxAmountMinor, 4999)).toBeNull();
    expect(lineAmountMinor(3000, maxAmountMinor, 10_000)).toBe(0);
    expect(lineAmountMinor(1, 499, 0)).toBe(0);
    expect(lineAmountMinor(1, 500, 0)).toBe(1);
  });

  it('computes every line exactly, or refuses it exactly when it passes the bound (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: maxAmountMinor }),
        fc.integer({ min: 0, max: 10_000 }),
        (quantityMilli, unitPrice, discount) => {
          // amount × 10^7 is quantity (thousandths) × price × the share kept (ten-thousandths).
          const scaled = BigInt(quantityMilli) * BigInt(unitPrice) * BigInt(10_000 - discount);
          const amount = lineAmountMinor(quantityMilli, unitPrice, discount);
          if (amount === null) return scaled * 2n >= (2n * max + 1n) * 10n ** 7n;
          const error = BigInt(amount) * 10n ** 7n - scaled;
          return (
            Number.isSafeInteger(amount) &&
            amount <= maxAmountMinor &&
            error * 2n <= 10n ** 7n &&
            error * 2n > -(10n ** 7n)
          );
        },
      ),
    );
  });

  it('sums exactly past 2^53 and 2^63, where doubles and SQLite integers give up (property)', () => {
    expect(sumMinor(Array.from({ length: 12 }, () => maxAmountMinor))).toBe(12n * max);
    expect(sumMinor(Array.from({ length: 10_000 }, () => maxAmountMinor))).toBe(10n ** 19n);
    expect(sumMinor([])).toBe(0n);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: maxAmountMinor }), { maxLength: 300 }), (amounts) => {
        const sum = sumMinor(amounts);
        // Digit by digit, the way it is done on paper, with no number arithmetic past one digit.
        const paper = amounts
          .map((amount) => amount.toString())
          .reduce((left, right) => {
            let carry = 0;
            let digits = '';
            for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
              const digit =
                Number(left[left.length - 1 - index] ?? 0) +
                Number(right[right.length - 1 - index] ?? 0) +
                carry;
              digits = String(digit % 10) + digits;
              carry = digit >= 10 ? 1 : 0;
            }
            return (carry ? '1' : '') + digits;
          }, '0')
          .replace(/^0+(?=\d)/, '');
        return sum.toString() === paper;
      }),
    );
  });

  it('converts any amount at any rate exactly: the result is within half a minor unit (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max }),
        rateArbitrary,
        exponentArbitrary,
        rateArbitrary,
        exponentArbitrary,
        (amount, fromRate, fromExponent, toRate, toExponent) => {
          const from = { rate: fromRate, exponent: fromExponent };
          const to = { rate: toRate, exponent: toExponent };
          const converted = convertMinorExact(amount, from, to);
          // converted ≈ amount × fromRate / toRate × 10^(toExponent − fromExponent)
          const target = amount * parseRate(fromRate) * 10n ** BigInt(toExponent);
          const unit = parseRate(toRate) * 10n ** BigInt(fromExponent);
          const error = converted * unit - target;
          const bounded = convertMinorBounded(amount, from, to);
          return (
            error * 2n <= unit &&
            error * 2n >= -unit &&
            (bounded === null ? !isAmountInBounds(converted) : BigInt(bounded) === converted)
          );
        },
      ),
    );
  });

  it('converts the largest yen deal into dinars, and dollars into a currency of tiny rate, without a RangeError', () => {
    const jpy = { rate: '0.0067', exponent: 0 };
    const kwd = { rate: '3.25', exponent: 3 };
    const tiny = { rate: '0.000000000001', exponent: 3 };
    const usd = { rate: '1', exponent: 2 };
    expect(convertMinorExact(max, jpy, kwd)).toBe(2_061_538_461_538_462n);
    expect(convertMinorBounded(max, jpy, kwd)).toBeNull();
    expect(convertMinorExact(max, usd, tiny)).toBe(10n ** 28n);
    expect(() => convertMinor(maxAmountMinor, usd, tiny)).toThrow(RangeError);
  });

  it('sends a total as a number while it is safe and as exact digits beyond (property)', () => {
    expect(toMinorTotal(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toMinorTotal(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBe('9007199254740992');
    expect(toMinorTotal(-(10n ** 20n))).toBe('-100000000000000000000');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (total) => {
        const sent = toMinorTotal(total);
        const json = JSON.parse(JSON.stringify({ sent })).sent;
        return (
          minorTotalToBigInt(json) === total &&
          (typeof sent === 'string') !== Number.isSafeInteger(Number(total))
        );
      }),
    );
  });

  it('writes any total as a plain decimal, exactly', () => {
    expect(formatMinorDecimal(10n ** 22n, 2)).toBe('100000000000000000000.00');
    expect(formatMinorDecimal('12000000000000000001', 3)).toBe('12000000000000000.001');
    expect(formatMinorDecimal(-5, 2)).toBe('-0.05');
    expect(formatMinorDecimal(4821, 0)).toBe('4821');
  });
});

describe('the one money parser (readDecimalMinor, parseDecimalMinor, moneyInputError)', () => {
  it('lets the currency’s exponent decide: USD 2, JPY 0, KWD 3', () => {
    expect(parseDecimalMinor('1.234', 3)).toBe(1234);
    expect(parseDecimalMinor('1.234', 2)).toBeNull();
    expect(readDecimalMinor('1.234', 2).problem).toBe('too-many-decimals');
    expect(parseDecimalMinor('12.5', 2)).toBe(1250);
    expect(parseDecimalMinor('12.50', 2)).toBe(1250);
    expect(parseDecimalMinor('4821', 0)).toBe(4821);
    expect(parseDecimalMinor('4821.0', 0)).toBe(4821);
    expect(readDecimalMinor('4821.5', 0).problem).toBe('too-many-decimals');
    expect(parseDecimalMinor('0.001', 3)).toBe(1);
  });

  it('reads thousands separators as people type them and refuses "," as a decimal mark', () => {
    expect(parseDecimalMinor('12,500.50', 2)).toBe(1_250_050);
    expect(parseDecimalMinor('1,234,567', 0)).toBe(1_234_567);
    expect(parseDecimalMinor(' 1,234.500 ', 3)).toBe(1_234_500);
    expect(parseDecimalMinor('12,50', 2)).toBeNull();
    expect(parseDecimalMinor('1,2345', 2)).toBeNull();
    expect(parseDecimalMinor('12.500,50', 2)).toBeNull();
  });

  it('refuses negatives, signs, letters and empty text', () => {
    expect(readDecimalMinor('-3', 2).problem).toBe('negative');
    expect(readDecimalMinor('-1,250.00', 2).problem).toBe('negative');
    expect(parseDecimalMinor('+3', 2)).toBeNull();
    expect(readDecimalMinor('12 USD', 2).problem).toBe('not-an-amount');
    expect(readDecimalMinor('', 2).problem).toBe('not-an-amount');
    expect(parseDecimalMinor('1e3', 2)).toBeNull();
  });

  it('refuses more than 10^15 minor units and reads the bound itself', () => {
    expect(parseDecimalMinor('10,000,000,000,000.00', 2)).toBe(maxAmountMinor);
    expect(readDecimalMinor('10,000,000,000,000.01', 2).problem).toBe('too-large');
    expect(readDecimalMinor('1000000000000001', 0).problem).toBe('too-large');
    expect(readDecimalMinor('99999999999999999999999', 3).problem).toBe('too-large');
  });

  it('reads back every amount a field shows (formatMinorInput)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: maxAmountMinor }),
        fc.integer({ min: 0, max: 3 }),
        (amount, exponent) => {
          return parseDecimalMinor(formatMinorInput(amount, exponent), exponent) === amount;
        },
      ),
    );
  });

  it('says what is wrong, in the currency, with an example to follow', () => {
    expect(moneyInputError('1,234.50', 'USD', 2)).toBeNull();
    expect(moneyInputError('1.234', 'USD', 2)).toBe(
      'has more than 2 decimals, the most USD has; type it like 1,234.50',
    );
    expect(moneyInputError('1.5', 'JPY', 0)).toBe('takes no decimals in JPY; type it like 1,234');
    expect(moneyInputError('1.2345', 'KWD', 3)).toBe(
      'has more than 3 decimals, the most KWD has; type it like 1,234.500',
    );
    expect(moneyInputError('-5', 'USD', 2)).toBe('cannot be below zero; type it like 1,234.50');
    expect(moneyInputError('abc', 'USD', 2)).toBe('is not an amount in USD; type it like 1,234.50');
    expect(moneyInputError('12,50', 'EUR', 2)).toBe('is not an amount in EUR; type it like 1,234.50');
    expect(moneyInputError('10000000000000000', 'USD', 2)).toMatch(
      /^is more than 1,000,000,000,000,000 minor units/,
    );
  });
});
