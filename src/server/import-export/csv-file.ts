import { CsvError, parse } from 'csv-parse/sync';
import { validationError } from '../http/app-error.ts';

/** One data row of a file: its row number as a spreadsheet shows it (the header is row 1) and its cells. */
export type CsvRow = { row: number; cells: string[] };

export type CsvTable = { headers: string[]; rows: CsvRow[]; delimiter: ',' | ';' };

/** Spreadsheets in some locales save with semicolons; the header line tells which one a file uses. */
function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (character: string) => firstLine.split(character).length - 1;
  return count(';') > count(',') ? ';' : ',';
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
    records = parse(text, {
      bom: true,
      delimiter,
      // Files glued together from several sources mix line endings; any of them ends a row.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
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
