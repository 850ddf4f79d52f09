/** Display formatting, only in the UI (DESIGN rule 7): money from minor units, dates from YYYY-MM-DD. */

import { formatMoney as formatCoreMoney, type MinorTotal } from '../../core/money.ts';

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

/** Parses what a person typed ("1,234.50", "1234,5") into minor units; null when it is not a number. */
export function parseMoneyInput(text: string, exponent = 2): number | null {
  const cleaned = text.replace(/[\s\u00a0']/g, '');
  if (cleaned === '') return null;
  const lastSeparator = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  const decimals = lastSeparator >= 0 ? cleaned.length - lastSeparator - 1 : 0;
  const isDecimalSeparator =
    lastSeparator >= 0 && decimals > 0 && decimals <= Math.max(exponent, 2) && decimals !== 3;
  const whole = isDecimalSeparator ? cleaned.slice(0, lastSeparator) : cleaned;
  const fraction = isDecimalSeparator ? cleaned.slice(lastSeparator + 1) : '';
  const digits = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(fraction) || (digits === '' && fraction === '')) return null;
  const scaled = `${digits || '0'}${fraction.padEnd(exponent, '0').slice(0, exponent)}`;
  const value = Number(scaled);
  return Number.isSafeInteger(value) ? value : null;
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
