import type { Kysely } from 'kysely';
import type {
  ImportCounts,
  ImportOptions,
  ImportRowError,
  ImportWarning,
} from '../../core/contract/import-export.ts';
import type { FieldError } from '../../core/errors.ts';
import type { ImportMapping } from '../../core/import-fields.ts';
import type { Principal } from '../../core/principal.ts';
import type { ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';
import { unprotectCell } from './cell-values.ts';
import type { CsvRow, CsvTable } from './csv-file.ts';

/** Every bad row is reported; a report lists this many errors at most (errorCount has them all). */
export const maxListedErrors = 10_000;

export type ImportPhase = 'checking' | 'writing';
export type ImportProgress = { phase: ImportPhase; done: number; total: number };
export type ProgressListener = (progress: ImportProgress) => void | Promise<void>;

/** The findings of one import run: row errors, warnings, what it created. */
export class ImportFindings {
  readonly errors: ImportRowError[] = [];
  errorCount = 0;
  readonly rowsWithErrors = new Set<number>();
  readonly created: ImportCounts = { clients: 0, contacts: 0, opportunities: 0, lineItems: 0, products: 0 };
  readonly placeholdersCreated = { clients: 0, contacts: 0 };
  readonly #warnings = new Map<string, ImportWarning>();

  constructor(private readonly columnOf: (field: string) => string | null) {}

  addError(row: number, field: string, message: string): void {
    this.errorCount += 1;
    this.rowsWithErrors.add(row);
    if (this.errors.length < maxListedErrors) {
      this.errors.push({ row, column: this.columnOf(field), field, message });
    }
  }

  addErrors(row: number, errors: readonly FieldError[]): void {
    for (const error of errors) this.addError(row, error.field, error.message);
  }

  hasErrors(row?: number): boolean {
    return row === undefined ? this.errorCount > 0 : this.rowsWithErrors.has(row);
  }

  /** Warnings are counted by kind, so a quirk shared by thousands of rows is one line. */
  warn(field: string, message: string): void {
    const key = `${field}\u0000${message}`;
    const current = this.#warnings.get(key);
    if (current) current.rows += 1;
    else this.#warnings.set(key, { field, message, rows: 1 });
  }

  get warnings(): ImportWarning[] {
    return [...this.#warnings.values()];
  }

  get isTruncated(): boolean {
    return this.errorCount > this.errors.length;
  }
}

/** What a per-type importer works with: one transaction, the caller, the file and its mapping. */
export type ImportRun = {
  trx: Kysely<Database>;
  principal: Principal;
  table: CsvTable;
  mapping: ImportMapping;
  options: ImportOptions;
  findings: ImportFindings;
  cache: ReadCache;
  progress: (phase: ImportPhase, done: number) => Promise<void>;
};

/** Reads the cells of a row by field name through the mapping; an empty cell reads as undefined. */
export class RowReader {
  readonly #indexByField = new Map<string, number>();
  readonly #columnByField = new Map<string, string>();

  constructor(table: CsvTable, mapping: ImportMapping) {
    for (const [header, field] of Object.entries(mapping)) {
      this.#indexByField.set(field, table.headers.indexOf(header));
      this.#columnByField.set(field, header);
    }
  }

  has(field: string): boolean {
    return this.#indexByField.has(field);
  }

  columnOf(field: string): string | null {
    return this.#columnByField.get(field) ?? null;
  }

  cell(row: CsvRow, field: string): string | undefined {
    const index = this.#indexByField.get(field);
    if (index === undefined) return undefined;
    const value = row.cells[index]?.trim();
    if (value === undefined || value === '') return undefined;
    // Exports put an apostrophe before text a spreadsheet would run as a formula (see cell-values.ts).
    return unprotectCell(value);
  }
}

/**
 * The field errors of a refused record, named by the import's fields: `rename` maps the API's
 * field paths (`clientId`, `lineItems.0.productId`) to them.
 */
export function fieldErrorsOf(error: unknown, rename: (apiField: string) => string): FieldError[] {
  if (!(error instanceof AppError)) throw error;
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    return (fields as FieldError[]).map((each) => ({ field: rename(each.field), message: each.message }));
  }
  const stage = error.details?.stage;
  if (error.code === 'GATE_NOT_MET' || typeof stage === 'string') {
    return [{ field: 'stage', message: error.message }];
  }
  return [{ field: 'row', message: error.message }];
}

/** Zod issues of a record built from a row, as import field errors. */
export function issuesAsFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  rename: (apiField: string) => string,
): FieldError[] {
  return issues.map((issue) => ({
    field: rename(issue.path.map(String).join('.') || 'row'),
    // An empty cell reads as a missing value; say so in the words of a spreadsheet user.
    message:
      issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
        ? 'is required'
        : issue.message,
  }));
}
