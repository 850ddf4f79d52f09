import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ApiResponse, TestUser } from './test-app.ts';

/** A CSV file from a header row and data rows. */
export function csvOf(rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))));
}

/** `POST /import/{type}` with the file as the body; `query` is the query string without `?`. */
export function importCsv(user: TestUser, type: string, csv: string, query = ''): Promise<ApiResponse> {
  return user.request('POST', `/api/v1/import/${type}${query ? `?${query}` : ''}`, csv, {
    'content-type': 'text/csv',
  });
}

/** A CSV answer as records keyed by header. */
export function readCsvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
