/**
 * Money (SPEC §4): integer minor units and an ISO 4217 code, never floating point. Rates are exact
 * decimal strings ("1.0823" reporting-currency units per unit of the currency); arithmetic that
 * multiplies goes through BigInt and rounds half away from zero, once.
 */

export const rateScale = 10n ** 12n;
const rateDecimals = 12;

export type Money = { amountMinor: number; currency: string };

/** A rate as an exact scaled integer; refuses anything that is not a positive decimal. */
export function parseRate(rate: string): bigint {
  const match = /^(\d{1,12})(?:\.(\d{1,12}))?$/.exec(rate.trim());
  if (!match) throw new Error(`Not a rate: ${rate}`);
  const whole = BigInt(match[1] ?? '0');
  const fraction = BigInt((match[2] ?? '').padEnd(rateDecimals, '0'));
  const scaled = whole * rateScale + fraction;
  if (scaled <= 0n) throw new Error(`A rate must be above zero: ${rate}`);
  return scaled;
}

export function isValidRate(rate: string): boolean {
  try {
    parseRate(rate);
    return true;
  } catch {
    return false;
  }
}

/** Canonical decimal text of a rate: no trailing zeros. */
export function formatRate(scaled: bigint): string {
  const whole = scaled / rateScale;
  const fraction = (scaled % rateScale).toString().padStart(rateDecimals, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** numerator / denominator rounded half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount out of range');
  }
  return Number(value);
}

/**
 * Largest amount Partnerline stores anywhere, in minor units: 10^15 (ten trillion dollars), far
 * inside exact doubles. Every stored amount — a unit price, a line, a deal's total and weighted
 * amount, their values in the reporting currency, a closing value — is a whole number from 0 to
 * this; a write that would store more is refused (SPEC §4).
 */
export const maxAmountMinor = 1_000_000_000_000_000;
const maxAmount = BigInt(maxAmountMinor);

/** How the bound reads in messages. */
export const maxAmountText = '1,000,000,000,000,000 minor units';

/** Whether an amount may be stored: a whole number with |amount| ≤ 10^15. */
export function isAmountInBounds(amount: number | bigint): boolean {
  if (typeof amount === 'number') return Number.isInteger(amount) && Math.abs(amount) <= maxAmountMinor;
  return amount <= maxAmount && amount >= -maxAmount;
}

/** The amount as a number when it may be stored; null past the bound. */
export function boundedMinor(amount: bigint): number | null {
  return isAmountInBounds(amount) ? Number(amount) : null;
}

/** The exact sum of amounts in minor units, whatever their number and size (no floating point). */
export function sumMinor(amounts: Iterable<number | bigint>): bigint {
  let sum = 0n;
  for (const amount of amounts) sum += BigInt(amount);
  return sum;
}

/**
 * An amount in one currency's minor units in another's, exactly, given both currencies' rates
 * against the reporting currency and their minor-unit exponents (JPY 0, USD 2, KWD 3…). Rates span
 * 10^-12 to 10^12, so a converted amount can be any size: callers bound it or send it as a total.
 */
export function convertMinorExact(
  amountMinor: number | bigint,
  from: { rate: string; exponent: number },
  to: { rate: string; exponent: number },
): bigint {
  const numerator = BigInt(amountMinor) * parseRate(from.rate) * 10n ** BigInt(to.exponent);
  const denominator = parseRate(to.rate) * 10n ** BigInt(from.exponent);
  return divideRounded(numerator, denominator);
}

/** `convertMinorExact` as an amount that may be stored; null when the result passes the bound. */
export function convertMinorBounded(
  amountMinor: number | bigint,
  from: { rate: string; exponent: number },
  to: { rate: string; exponent: number },
): number | null {
  return boundedMinor(convertMinorExact(amountMinor, from, to));
}

/**
 * `convertMinorExact` as a safe number; throws a RangeError past 2^53. Kept for the migration that
 * filled in closing values; new code uses `convertMinorBounded` or `convertMinorExact`.
 */
export function convertMinor(
  amountMinor: number,
  from: { rate: string; exponent: number },
  to: { rate: string; exponent: number },
): number {
  return toSafeNumber(convertMinorExact(amountMinor, from, to));
}

/**
 * A total across opportunities on the wire (reports, board, Home): a JSON integer while it is a safe
 * integer (|total| ≤ 2^53 − 1), otherwise its exact decimal digits as a string. Totals of many large
 * deals, or totals shown in a currency of much smaller unit, pass 2^53; they are never rounded.
 */
export type MinorTotal = number | string;

export function toMinorTotal(total: bigint): MinorTotal {
  return total <= BigInt(Number.MAX_SAFE_INTEGER) && total >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(total)
    : total.toString();
}

export function minorTotalToBigInt(total: MinorTotal): bigint {
  return BigInt(total);
}

/** The nearest double, for what only needs a magnitude (chart bars, proportions). */
export function minorTotalToNumber(total: MinorTotal): number {
  return typeof total === 'number' ? total : Number(total);
}

/** Quantities have up to three decimals; held as thousandths. */
export const quantityScale = 1000;
/** Discounts have up to two decimals of a percent; held as hundredths of a percent. */
export const discountScale = 100;

/** Line amount = quantity × unit price × (1 − discount), rounded once (SPEC §4), exactly. */
export function lineAmountExact(
  quantityMilli: number,
  unitPriceMinor: number,
  discountHundredths: number,
): bigint {
  const numerator =
    BigInt(quantityMilli) * BigInt(unitPriceMinor) * BigInt(100 * discountScale - discountHundredths);
  return divideRounded(numerator, BigInt(quantityScale) * BigInt(100 * discountScale));
}

/** The line amount as stored; null when it passes the bound (a billion units at 10^15 each does). */
export function lineAmountMinor(
  quantityMilli: number,
  unitPriceMinor: number,
  discountHundredths: number,
): number | null {
  return boundedMinor(lineAmountExact(quantityMilli, unitPriceMinor, discountHundredths));
}

/** Weighted amount = amount × probability %, rounded once. */
export function weightedMinor(amountMinor: number, probability: number): number {
  return toSafeNumber(divideRounded(BigInt(amountMinor) * BigInt(probability), 100n));
}

export function toMilli(quantity: number): number {
  return Math.round(quantity * quantityScale);
}

export function fromMilli(quantityMilli: number): number {
  return quantityMilli / quantityScale;
}

export function toHundredths(percent: number): number {
  return Math.round(percent * discountScale);
}

export function fromHundredths(hundredths: number): number {
  return hundredths / discountScale;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Minor units in their currency for people to read ("$12,500.00", "¥1,200"), with the currency's
 * own number of decimals. Exact: the amount reaches Intl as a decimal string, never through a double,
 * so totals past 2^53 (`MinorTotal` strings) print every digit. The one money formatter: the web app
 * uses it for the reader's locale, the server for the readable change log (SPEC §4,
 * docs/architecture.md rule 7).
 */
export function formatMoney(
  amountMinor: MinorTotal | bigint,
  currency: string,
  exponent = 2,
  options: { locale?: string | undefined; compact?: boolean } = {},
): string {
  const key = `${options.locale ?? ''}:${currency}:${exponent}:${options.compact ? 'c' : ''}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(options.locale, {
      style: 'currency',
      currency,
      ...(options.compact
        ? { notation: 'compact', maximumFractionDigits: 1 }
        : { minimumFractionDigits: exponent, maximumFractionDigits: exponent }),
    });
    moneyFormats.set(key, format);
  }
  if (typeof amountMinor === 'number' && !Number.isInteger(amountMinor)) {
    return format.format(amountMinor / 10 ** exponent);
  }
  return format.format(formatMinorDecimal(amountMinor, exponent) as Intl.StringNumericLiteral);
}

/** Minor units as a plain decimal in the currency (123450, 2 → "1234.50"): for CSV, never for display. */
export function formatMinorDecimal(amountMinor: number | bigint | string, exponent: number): string {
  const value = BigInt(amountMinor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = exponent > 0 ? digits.slice(0, -exponent) : digits;
  const fraction = exponent > 0 ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Why a typed amount cannot be read, for `moneyInputError`. */
export type MoneyInputProblem = 'not-an-amount' | 'negative' | 'too-many-decimals' | 'too-large';

/**
 * The one reading of an amount as a person types it or a file writes it ("1054", "1054.5",
 * "1,054.50") in minor units of a currency with the given exponent, exactly (no floating point):
 * "." for decimals, "," only between groups of three digits, at most the currency's decimals (the
 * exponent decides: "1.234" is 1,234 minor units in KWD and too many decimals in USD), no sign, at
 * most 10^15 minor units (SPEC §4).
 */
export function readDecimalMinor(
  text: string,
  exponent: number,
): { minor: number; problem?: undefined } | { minor?: undefined; problem: MoneyInputProblem } {
  const trimmed = text.trim();
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) {
    return /^-\s*[\d,.]+$/.test(trimmed) ? { problem: 'negative' } : { problem: 'not-an-amount' };
  }
  const whole = (match[1] ?? '0').replaceAll(',', '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return { problem: 'too-many-decimals' };
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(maxAmountMinor)) return { problem: 'too-large' };
  return { minor: Number(minor) };
}

/** `readDecimalMinor` as a number of minor units; null when the text is not such an amount. */
export function parseDecimalMinor(text: string, exponent: number): number | null {
  return readDecimalMinor(text, exponent).minor ?? null;
}

/**
 * What a money field says when core's parser cannot read what was typed, following the field's
 * name ("Unit price is not …"); null when it reads. The one message for every money field.
 */
export function moneyInputError(text: string, currency: string, exponent: number): string | null {
  const { problem } = readDecimalMinor(text, exponent);
  if (problem === undefined) return null;
  const example = moneyInputExample(exponent);
  switch (problem) {
    case 'negative':
      return `cannot be below zero; type it like ${example}`;
    case 'too-many-decimals':
      return exponent === 0
        ? `takes no decimals in ${currency}; type it like ${example}`
        : `has more than ${exponent} decimal${exponent === 1 ? '' : 's'}, the most ${currency} has; type it like ${example}`;
    case 'too-large':
      return `is more than ${maxAmountText}, the largest amount stored`;
    default:
      return `is not an amount in ${currency}; type it like ${example}`;
  }
}

/**
 * Minor units as a person reads and types an amount in a field: grouped thousands and exactly the
 * currency's decimals (123450, 2 → "1,234.50"; 4821, 0 → "4,821"). `parseDecimalMinor` reads it
 * back to the same amount, so a field shows money and still parses with the one parser in core.
 */
export function formatMinorInput(amountMinor: number | bigint, exponent: number): string {
  const plain = formatMinorDecimal(amountMinor, exponent);
  const negative = plain.startsWith('-');
  const unsigned = negative ? plain.slice(1) : plain;
  const [whole = '0', fraction] = unsigned.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** An amount as a field expects it, for hints and refusals: "1,234.50", "1,234" (JPY), "1,234.500" (KWD). */
export function moneyInputExample(exponent: number): string {
  const half = exponent > 0 ? 5 * 10 ** (exponent - 1) : 0;
  return formatMinorInput(1234 * 10 ** exponent + half, exponent);
}
