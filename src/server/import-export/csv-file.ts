import { CsvError, parse } from 'csv-parse/sync';
import { AppError, validationError } from '../http/app-error.ts';

/** One data row of a file: its row number as a spreadsheet shows it (the header is row 1) and its cells. */
export type CsvRow = { row: number; cells: string[] };

export type CsvTable = { headers: string[]; rows: CsvRow[]; delimiter: ',' | ';' };

/** Spreadsheets in some locales save with semicolons; the header line tells which one a file uses. */
function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (character: string) => firstLine.split(character).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** One parse, the same for reading a file and for locating a problem in it. */
function parseRecords(text: string, delimiter: ',' | ';'): string[][] {
  return parse(text, {
    bom: true,
    delimiter,
    // Files glued together from several sources mix line endings; any of them ends a row.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: false,
    trim: true,
  }) as string[][];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * The text of an uploaded file, which must be UTF-8 (a byte order mark is dropped). A file saved in
 * another encoding (Latin-1, Windows-1252…) is refused as a whole, naming the first row (and column)
 * with a byte that is not UTF-8, rather than read with its letters replaced.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const { row, column } = locateInvalidUtf8(bytes);
    const place = `row ${row}${column === null ? '' : `, column "${column}"`}`;
    const message = `is not UTF-8 text: ${place} has a byte that is not UTF-8; save the file as CSV UTF-8 and import it again`;
    throw new AppError('VALIDATION_FAILED', `The file ${message}`, {
      fields: [{ field: 'file', message }],
      row,
      column,
    });
  }
}

/** Where the first byte that cannot start or continue a UTF-8 character is. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const following =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : 0;
    if (following === 0) return index;
    for (let next = 1; next <= following; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
    }
    const second = bytes[index + 1] as number;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    ) {
      return index;
    }
    index += following + 1;
  }
  return bytes.length;
}

/** A character no CSV file holds, put where the bad byte was to find its row and column. */
const marker = '\u0000\u0001bad-byte\u0001\u0000';

function locateInvalidUtf8(bytes: Uint8Array): { row: number; column: string | null } {
  const offset = firstInvalidUtf8Offset(bytes);
  const before = lenientUtf8.decode(bytes.subarray(0, offset));
  const text = `${before}${marker}${lenientUtf8.decode(bytes.subarray(offset + 1))}`;
  try {
    const records = parseRecords(text, detectDelimiter(text.replace(/^\uFEFF/, '')));
    const headers = records[0] ?? [];
    for (const [index, cells] of records.entries()) {
      const cell = cells.findIndex((value) => value.includes(marker));
      if (cell === -1) continue;
      const header = index > 0 ? headers[cell]?.trim() : undefined;
      return { row: index + 1, column: header ? header : null };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  // Not CSV beyond the bad byte either: its line is the best guess.
  return { row: before.split(/\r\n|\n|\r/).length, column: null };
}

/**
 * Reads CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks; a UTF-8 byte
 * order mark is dropped). Blank lines are skipped but still counted, so row numbers match what a
 * spreadsheet shows. A file that is not CSV at all is refused as a whole.
 */
export function readCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  let records: string[][];
  try {
    records = parseRecords(text, delimiter);
  } catch (error) {
    if (error instanceof CsvError) {
      throw validationError(
        [{ field: 'file', message: `is not valid CSV: ${error.message}` }],
        `The file is not valid CSV: ${error.message}`,
      );
    }
    throw error;
  }
  const [headerCells, ...dataRecords] = records;
  const headers = (headerCells ?? []).map((header) => header.trim());
  if (headers.length === 0 || headers.every((header) => header === '')) {
    throw validationError([
      { field: 'file', message: 'has no header row; the first row must name the columns' },
    ]);
  }
  const rows: CsvRow[] = [];
  for (const [index, cells] of dataRecords.entries()) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    rows.push({ row: index + 2, cells });
  }
  return { headers, rows, delimiter };
}
