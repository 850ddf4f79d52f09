/**
 * Calendar quarters for the reports and the Home screen (SPEC §8): "2026-Q4" is October to
 * December 2026. Dates are `YYYY-MM-DD` strings and quarters are calendar quarters in UTC (our
 * choice; a fiscal year that starts in another month would be a setting).
 */

export type Quarter = { quarter: string; year: number; number: 1 | 2 | 3 | 4; from: string; to: string };

const quarterPattern = /^(\d{4})-Q([1-4])$/;

/** The quarter a `YYYY-MM-DD` date (or a `YYYY-MM` month) falls in. */
export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Not a date: ${date}`);
  }
  return quarterFrom(year, (Math.floor((month - 1) / 3) + 1) as Quarter['number']);
}

export function parseQuarter(quarter: string): Quarter {
  const match = quarterPattern.exec(quarter);
  if (!match) throw new RangeError(`Not a quarter: ${quarter}`);
  return quarterFrom(Number(match[1]), Number(match[2]) as Quarter['number']);
}

function quarterFrom(year: number, number: Quarter['number']): Quarter {
  const firstMonth = (number - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, '0');
  const yearText = String(year).padStart(4, '0');
  return {
    quarter: `${yearText}-Q${number}`,
    year,
    number,
    from: `${yearText}-${pad(firstMonth)}-01`,
    to: `${yearText}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

/** Whole days from one instant to another, rounded down (0 on the day something happened). */
export function wholeDaysBetween(from: string | Date, to: Date): number {
  const start = typeof from === 'string' ? new Date(from) : from;
  return Math.max(0, Math.floor((to.getTime() - start.getTime()) / 86_400_000));
}
