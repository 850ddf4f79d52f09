import { type ClientCreate, clientCreateSchema } from '../../core/contract/clients.ts';
import type { FieldError } from '../../core/errors.ts';
import { createClientInTransaction } from '../clients/client.service.ts';
import { isCellError, readWholeNumber } from './cell-values.ts';
import type { CsvRow } from './csv-file.ts';
import { findVisibleClientKeys } from './import-references.repository.ts';
import { fieldErrorsOf, type ImportRun, issuesAsFieldErrors, RowReader } from './import-run.ts';
import { type Match, ReferenceIndex } from './reference-index.ts';

const textFields = [
  'name',
  'clientNumber',
  'industry',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
  'website',
  'phone',
  'description',
] as const;

function renameClientField(apiField: string): string {
  return apiField === 'parentClientId' ? 'parent' : apiField;
}

type ClientRowPlan = {
  row: CsvRow;
  input: ClientCreate;
  parent: { row: number } | { id: number } | null;
};

/** The client fields of a row, checked by the API's own schema. */
function readClientRow(reader: RowReader, row: CsvRow): { input?: ClientCreate; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const candidate: Record<string, unknown> = {};
  for (const field of textFields) {
    const value = reader.cell(row, field);
    if (value !== undefined) candidate[field] = value;
  }
  const employees = reader.cell(row, 'employees');
  if (employees !== undefined) {
    const parsed = readWholeNumber(employees, 0, 10_000_000);
    if (isCellError(parsed)) errors.push({ field: 'employees', message: parsed.error });
    else candidate.employees = parsed.value;
  }
  const parsed = clientCreateSchema.safeParse(candidate);
  if (!parsed.success) errors.push(...issuesAsFieldErrors(parsed.error.issues, renameClientField));
  return parsed.success && errors.length === 0 ? { input: parsed.data, errors } : { errors };
}

/**
 * Clients, row by row through the same use case as `POST /clients`, inside the import's one
 * transaction. A parent may be another row of the file (created first, whatever the order) or a
 * client the importer can see; a row of the file wins over an existing client of the same name.
 */
export async function importClients(run: ImportRun): Promise<void> {
  const { trx, principal, table, mapping, findings } = run;
  const reader = new RowReader(table, mapping);
  const existing = new ReferenceIndex<number>('client', 'client number', (id) => `id ${id}`);
  for (const client of await findVisibleClientKeys(trx, principal)) {
    existing.addKey(client.client_number, client.id);
    existing.addName(client.name, client.id);
  }
  const inFile = new ReferenceIndex<number>('client', 'client number', (row) => `row ${row}`);
  const numberRows = new Map<string, number>();
  const plans = new Map<number, ClientRowPlan>();
  for (const row of table.rows) {
    const { input, errors } = readClientRow(reader, row);
    if (input?.clientNumber) {
      const key = input.clientNumber.toLowerCase();
      const earlier = numberRows.get(key);
      if (earlier !== undefined) {
        errors.push({ field: 'clientNumber', message: `is also on row ${earlier} of the file` });
      } else numberRows.set(key, row.row);
    }
    if (!input || errors.length > 0) {
      findings.addErrors(row.row, errors);
      continue;
    }
    inFile.addKey(input.clientNumber, row.row);
    inFile.addName(input.name, row.row);
    plans.set(row.row, { row, input, parent: null });
  }
  for (const plan of plans.values()) {
    const reference = reader.cell(plan.row, 'parent');
    if (reference === undefined) continue;
    const fileMatch = inFile.find(reference);
    let match: Match<{ row: number } | { id: number }>;
    if ('found' in fileMatch) match = { found: { row: fileMatch.found } };
    else if (fileMatch.ambiguous) match = fileMatch;
    else {
      const found = existing.find(reference);
      match = 'found' in found ? { found: { id: found.found } } : found;
    }
    if ('error' in match) {
      findings.addError(plan.row.row, 'parent', match.error);
      plans.delete(plan.row.row);
    } else if ('row' in match.found && match.found.row === plan.row.row) {
      findings.addError(plan.row.row, 'parent', 'names the client itself');
      plans.delete(plan.row.row);
    } else plan.parent = match.found;
  }

  // Parents first: each pass creates the rows whose parent exists; what is left at the end loops.
  const createdIds = new Map<number, number>();
  let pending = [...plans.values()];
  let done = findings.rowsWithErrors.size;
  while (pending.length > 0) {
    const waiting: ClientRowPlan[] = [];
    for (const plan of pending) {
      const parent = plan.parent;
      let parentClientId: number | null = null;
      if (parent && 'row' in parent) {
        const parentId = createdIds.get(parent.row);
        if (parentId === undefined) {
          if (findings.hasErrors(parent.row) || !plans.has(parent.row)) {
            findings.addError(
              plan.row.row,
              'parent',
              `the parent on row ${parent.row} could not be imported`,
            );
            done += 1;
            await run.progress('writing', done);
          } else waiting.push(plan);
          continue;
        }
        parentClientId = parentId;
      } else if (parent) parentClientId = parent.id;
      try {
        const client = await createClientInTransaction(trx, principal, { ...plan.input, parentClientId });
        createdIds.set(plan.row.row, client.id);
        findings.created.clients += 1;
      } catch (error) {
        findings.addErrors(plan.row.row, fieldErrorsOf(error, renameClientField));
      }
      done += 1;
      await run.progress('writing', done);
    }
    if (waiting.length === pending.length) {
      for (const plan of waiting) {
        findings.addError(plan.row.row, 'parent', 'the parent chain of the file loops back to this row');
      }
      break;
    }
    pending = waiting;
  }
}
