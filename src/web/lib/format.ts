/**
 * Display formatting, only in the UI (docs/architecture.md rule 7): money from minor units, dates
 * from YYYY-MM-DD.
 */

import { formatMoney as formatCoreMoney, type MinorTotal, parseDecimalMinor } from '../../core/money.ts';

/**
 * Formats minor units in their currency for the reader's locale, through the one formatter in core.
 * Totals from reports may come as strings of digits past 2^53 (`MinorTotal`); nothing is rounded.
 */
export function formatMoney(
  amountMinor: MinorTotal,
  currency: string,
  exponent = 2,
  options: { compact?: boolean } = {},
): string {
  return formatCoreMoney(amountMinor, currency, exponent, { compact: Boolean(options.compact) });
}

/**
 * What a person typed as an amount ("1,234.50", "1234.5", "4,821") in minor units of a currency with
 * the given exponent; null when it is not such an amount. The one parser is core's
 * (`parseDecimalMinor`, also used by imports), so the screens and the files read amounts alike: "."
 * for decimals, "," only to group thousands, at most the currency's decimals.
 */
export function parseMoneyInput(text: string, exponent = 2): number | null {
  return parseDecimalMinor(text, exponent);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return dateFormat.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

export function formatDateTime(timestamp: string | null | undefined): string {
  if (!timestamp) return '';
  return dateTimeFormat.format(new Date(timestamp));
}

export function formatPercent(value: number): string {
  return `${value}%`;
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatRelative(timestamp: string): string {
  const seconds = (new Date(timestamp).getTime() - Date.now()) / 1000;
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(0, 'minute');
}

export function todayIso(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
}
