import { stringify } from 'csv-stringify/sync';
import { moneyInputError, parseDecimalMinor } from '../../core/money.ts';

/** A cell read as a typed value, or why it cannot be. */
export type CellValue<T> = { value: T } | { error: string };

export function isCellError<T>(parsed: CellValue<T>): parsed is { error: string } {
  return 'error' in parsed;
}

export function readWholeNumber(text: string, min: number, max: number): CellValue<number> {
  const digits = text.replace(/[,\s]/g, '');
  if (!/^-?\d+$/.test(digits)) return { error: `"${text}" is not a whole number` };
  const value = Number(digits);
  if (value < min || value > max) return { error: `must be from ${min} to ${max}` };
  return { value };
}

/** Quantities and discounts: a decimal with at most `decimals` places. */
export function readDecimal(text: string, decimals: number, min: number, max: number): CellValue<number> {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.replace(/,/g, ''));
  if (!match) return { error: `"${text}" is not a number` };
  if ((match[2] ?? '').replace(/0+$/, '').length > decimals) {
    return { error: `may have at most ${decimals} decimals` };
  }
  const value = Number(text.replace(/,/g, ''));
  if (value < min || value > max) return { error: `must be from ${min} to ${max}` };
  return { value };
}

/** A whole percent, with or without the sign: "40", "40%". */
export function readPercent(text: string): CellValue<number> {
  return readWholeNumber(text.replace(/%$/, '').trim(), 0, 100);
}

export function readMoney(text: string, currency: string, exponent: number): CellValue<number> {
  const minor = parseDecimalMinor(text, exponent);
  if (minor === null) return { error: `"${text}" ${moneyInputError(text, currency, exponent)}` };
  return { value: minor };
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** A calendar date, YYYY-MM-DD; a timestamp (as exports write them) gives its date. */
export function readDate(text: string): CellValue<string> {
  const date = text.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date) || (text.length > 10 && text[10] !== 'T')) {
    return { error: `"${text}" is not a date in the form YYYY-MM-DD` };
  }
  return { value: date };
}

/** A moment: a timestamp as it is, a date as its midnight UTC. */
export function readMoment(text: string): CellValue<string> {
  const date = readDate(text);
  if (isCellError(date)) return date;
  if (text.length === 10) return { value: `${date.value}T00:00:00.000Z` };
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return { error: `"${text}" is not a date or an ISO 8601 timestamp` };
  return { value: parsed.toISOString() };
}

const yes = new Set(['true', 'yes', 'y', '1']);
const no = new Set(['false', 'no', 'n', '0']);

export function readFlag(text: string): CellValue<boolean> {
  const key = text.trim().toLowerCase();
  if (yes.has(key)) return { value: true };
  if (no.has(key)) return { value: false };
  return { error: `"${text}" is not true or false` };
}

/** A value as an export writes it in a cell. */
export type ExportCell = string | number | boolean | null;

/*
 * A spreadsheet runs a cell that starts with = + - @ (or their full-width forms) as a formula. One
 * that splits lines on semicolons or tabs (as spreadsheets in many locales do), or ignores quotes,
 * also cuts a text cell into parts at those characters, commas and line breaks — so every part of a
 * cell is a possible formula: at the start of the cell, and after each of those separators (after
 * any spaces or quotes), the export puts an apostrophe before a formula character. Numbers alone
 * (-5, +3, -12.50) are left as they are. Where text already has apostrophes in that place, one more
 * is added, so the import, taking one off, gets back exactly the text that was stored.
 */
const separatorAhead = String.raw`[,;\t\r\n]`;
const formulaCharacter = '[=+\\-@＝＋－＠]';
const plainNumberAhead = String.raw`(?![+-]?\d+(?:\.\d+)?[ ]*(?:[,;\t\r\n]|$))`;
const formulaPart = new RegExp(
  `(^|${separatorAhead})([\\s"]*)('*)(?=${formulaCharacter})${plainNumberAhead}`,
  'g',
);
const protectedFormulaPart = new RegExp(
  `(^|${separatorAhead})([\\s"]*)'('*)(?=${formulaCharacter})${plainNumberAhead}`,
  'g',
);

/** A cell as text a spreadsheet will show and never run (see above); numbers and flags as they are. */
export function protectCell(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return value.replace(formulaPart, "$1$2'$3");
}

/** A cell of an imported file with the apostrophes `protectCell` added taken off again. */
export function unprotectCell(text: string): string {
  return text.replace(protectedFormulaPart, '$1$2$3');
}

/**
 * Rows as CSV lines (RFC 4180, comma-separated), every cell protected; cells holding a semicolon or
 * a tab are quoted like those holding a comma, so a spreadsheet splitting on them keeps the cell whole.
 */
export function toCsvLines(rows: readonly (readonly ExportCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(protectCell)),
    { quoted_match: /[;\t]/ },
  );
}
