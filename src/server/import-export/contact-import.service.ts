import { contactCreateSchema } from '../../core/contract/contacts.ts';
import type { FieldError } from '../../core/errors.ts';
import { createContactInTransaction } from '../contacts/contact.service.ts';
import { findVisibleClientKeys } from './import-references.repository.ts';
import { fieldErrorsOf, type ImportRun, issuesAsFieldErrors, RowReader } from './import-run.ts';
import { ReferenceIndex } from './reference-index.ts';

const textFields = [
  'firstName',
  'lastName',
  'title',
  'department',
  'email',
  'phone',
  'mobile',
  'notes',
] as const;

function renameContactField(apiField: string): string {
  return apiField === 'clientId' ? 'client' : apiField;
}

/** "Dana Q. Decider" → first "Dana Q.", last "Decider"; one word is a last name. */
export function splitFullName(fullName: string): { firstName: string | null; lastName: string } {
  const words = fullName.trim().split(/\s+/);
  const lastName = words.pop() ?? '';
  return { firstName: words.length > 0 ? words.join(' ') : null, lastName };
}

/**
 * BPContacts, row by row through the same use case as `POST /contacts`, inside the import's one
 * transaction. Each row names its client by number or name among the clients the importer can
 * see (SPEC §5: another partner's clients are not among them).
 */
export async function importContacts(run: ImportRun): Promise<void> {
  const { trx, principal, table, mapping, findings } = run;
  const reader = new RowReader(table, mapping);
  const clients = new ReferenceIndex<number>('client', 'client number', (id) => `id ${id}`);
  for (const client of await findVisibleClientKeys(trx, principal)) {
    clients.addKey(client.client_number, client.id);
    clients.addName(client.name, client.id);
  }
  let done = 0;
  for (const row of table.rows) {
    const errors: FieldError[] = [];
    const candidate: Record<string, unknown> = {};
    for (const field of textFields) {
      const value = reader.cell(row, field);
      if (value !== undefined) candidate[field] = value;
    }
    const fullName = reader.cell(row, 'fullName');
    if (fullName !== undefined && candidate.lastName === undefined) {
      const split = splitFullName(fullName);
      candidate.lastName = split.lastName;
      if (candidate.firstName === undefined && split.firstName !== null)
        candidate.firstName = split.firstName;
    }
    if (candidate.lastName === undefined) {
      errors.push({ field: reader.has('lastName') ? 'lastName' : 'fullName', message: 'is required' });
    }
    const clientReference = reader.cell(row, 'client');
    if (clientReference === undefined) errors.push({ field: 'client', message: 'is required' });
    else {
      const match = clients.find(clientReference);
      if ('error' in match) errors.push({ field: 'client', message: match.error });
      else candidate.clientId = match.found;
    }
    const parsed = contactCreateSchema.safeParse(candidate);
    if (!parsed.success) {
      errors.push(
        ...issuesAsFieldErrors(parsed.error.issues, renameContactField).filter(
          (issue) => !errors.some((known) => known.field === issue.field),
        ),
      );
    }
    if (parsed.success && errors.length === 0) {
      try {
        await createContactInTransaction(trx, principal, parsed.data);
        findings.created.contacts += 1;
      } catch (error) {
        findings.addErrors(row.row, fieldErrorsOf(error, renameContactField));
      }
    } else findings.addErrors(row.row, errors);
    done += 1;
    await run.progress('writing', done);
  }
}
