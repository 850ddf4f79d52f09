/**
 * Display formatting, only in the UI (docs/architecture.md rule 7): dates from YYYY-MM-DD, percents,
 * relative times. Money is core's: `formatMoney` and `parseDecimalMinor` / `moneyInputError` in
 * src/core/money.ts, the same for the screens, the change log and imports.
 */

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
