import type { Kysely, Updateable } from 'kysely';
import { canCreateFirmRecord, isOpenOnlyThroughDeal } from '../../core/access.ts';
import type {
  Contact,
  ContactCreate,
  ContactListQuery,
  ContactUpdate,
} from '../../core/contract/contacts.ts';
import type { Principal } from '../../core/principal.ts';
import { requireFirmRecordAction } from '../access/visible-record.ts';
import {
  changedFields,
  listAuditEntries,
  recordCreate,
  recordDelete,
  recordUpdate,
} from '../audit/audit.service.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { nowIso } from '../clock.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { type ContactUse, findContactUse } from '../opportunities/opportunity-contact.repository.ts';
import { auditedContactFields, contactAuditSnapshot, contactOwnership, toContact } from './contact.mapper.ts';
import {
  contactCursorValues,
  findReadableContact,
  findVisibleContacts,
  insertContact,
  lockContactRow,
  updateContactRow,
} from './contact.repository.ts';
import type { ContactTable } from './contact.table.ts';

/** One BPContact the caller may open: also one a deal they may see links, read-only (SPEC §5). */
export async function getContact(db: Kysely<Database>, principal: Principal, id: number): Promise<Contact> {
  const row = await findReadableContact(db, principal, id);
  if (!row) throw notFound('Contact');
  return toContact(row, principal);
}

export async function listContacts(db: Kysely<Database>, principal: Principal, query: ContactListQuery) {
  const { limit, cursor, sort, ...filter } = query;
  const keyCount = sort.field === 'name' || sort.field === 'title' ? 3 : 2;
  const after = decodeCursor(cursor, keyCount);
  const rows = await findVisibleContacts(db, principal, {
    filter,
    sort,
    limit: limit + 1,
    ...(after && { after }),
  });
  return toPage(
    rows,
    limit,
    (row) => toContact(row, principal),
    (row) => contactCursorValues(sort.field, row),
  );
}

function contactColumns(input: ContactUpdate): Updateable<ContactTable> {
  const columns: Updateable<ContactTable> = {};
  if (input.clientId !== undefined) columns.client_id = input.clientId;
  if (input.firstName !== undefined) columns.first_name = input.firstName;
  if (input.lastName !== undefined) columns.last_name = input.lastName;
  if (input.title !== undefined) columns.title = input.title;
  if (input.department !== undefined) columns.department = input.department;
  if (input.email !== undefined) columns.email = input.email;
  if (input.phone !== undefined) columns.phone = input.phone;
  if (input.mobile !== undefined) columns.mobile = input.mobile;
  if (input.notes !== undefined) columns.notes = input.notes;
  return columns;
}

async function checkClient(db: Kysely<Database>, principal: Principal, clientId: number | undefined) {
  if (clientId === undefined) return;
  if (!(await findVisibleClient(db, principal, clientId))) {
    throw validationError([{ field: 'clientId', message: 'must be a client you can see' }]);
  }
}

/**
 * The opportunities of a refusal, as the caller may know them: the visible ones by number (a few,
 * then how many more of those), and only the fact that others exist (SPEC §5: never their count).
 */
function describeDeals(sample: ContactUse['sample'], visibleCount: number, hiddenExist: boolean): string {
  const numbers = sample.map((deal) => deal.number);
  const more = visibleCount - numbers.length;
  const named = [...numbers, ...(more > 0 ? [`${more} more`] : [])];
  const visible =
    named.length <= 1 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  if (!hiddenExist) return visible;
  return visible ? `${visible} and of opportunities you cannot see` : 'opportunities you cannot see';
}

/** A deal's primary contact stays a live contact: deleting one is refused (409), naming it. */
async function refuseDeletingPrimaryContact(trx: Kysely<Database>, principal: Principal, contact: Contact) {
  const use = await findContactUse(trx, principal, contact.id);
  if (use.all.primary === 0) return;
  const primaryOf = use.sample.filter((deal) => deal.isPrimary);
  const deals = describeDeals(primaryOf, use.visible.primary, use.all.primary > use.visible.primary);
  throw new AppError(
    'CONFLICT',
    `${contact.fullName} is the primary BPContact of ${deals}; choose another primary contact there before deleting this contact`,
    { primaryContactOf: primaryOf.map((deal) => ({ id: deal.id, number: deal.number })) },
  );
}

/** A deal's BPContacts belong to the deal's client: moving one a deal lists is refused (422). */
async function refuseMovingLinkedContact(trx: Kysely<Database>, principal: Principal, contact: Contact) {
  const use = await findContactUse(trx, principal, contact.id);
  if (use.all.linked === 0) return;
  const deals = describeDeals(use.sample, use.visible.linked, use.all.linked > use.visible.linked);
  throw new AppError(
    'UNPROCESSABLE',
    `${contact.fullName} is a BPContact of ${deals} at ${contact.clientName}; an opportunity’s BPContacts belong to its client, so take the contact off those opportunities before moving it`,
    {
      fields: [
        {
          field: 'clientId',
          message: 'cannot change while opportunities of the current client list this contact',
        },
      ],
      linkedTo: use.sample.map((deal) => ({ id: deal.id, number: deal.number, isPrimary: deal.isPrimary })),
    },
  );
}

export async function createContact(
  db: Kysely<Database>,
  principal: Principal,
  input: ContactCreate,
): Promise<Contact> {
  if (!canCreateFirmRecord(principal)) throw forbidden('Your role cannot create contacts');
  return db.transaction().execute((trx) => createContactInTransaction(trx, principal, input));
}

/** Creating a BPContact inside the caller's transaction, so an import of many is all or nothing. */
export async function createContactInTransaction(
  trx: Kysely<Database>,
  principal: Principal,
  input: ContactCreate,
): Promise<Contact> {
  if (!canCreateFirmRecord(principal)) throw forbidden('Your role cannot create contacts');
  await checkClient(trx, principal, input.clientId);
  const now = nowIso();
  const id = await insertContact(trx, {
    ...contactColumns(input),
    client_id: input.clientId,
    last_name: input.lastName,
    owner_firm_id: principal.firmId,
    is_vendor_registered: principal.firmKind === 'vendor' ? 1 : 0,
    created_by: principal.userId,
    updated_by: principal.userId,
    created_at: now,
    updated_at: now,
  });
  const contact = await getContact(trx, principal, id);
  await recordCreate(
    trx,
    { type: 'contact', id, userId: principal.userId, at: now },
    contactAuditSnapshot(contact),
  );
  return contact;
}

/**
 * "Load it, check access, check the version" for a change to a contact: 404 when the caller may not
 * open it; 403 when they may open it but not take the action (read as a change would be answered:
 * a contact the caller may open is refused, not hidden); 409 when `expectedVersion` is stale.
 */
async function loadContactForChange(options: {
  trx: Kysely<Database>;
  principal: Principal;
  id: number;
  expectedVersion: number | undefined;
  action: 'change' | 'delete';
}): Promise<Contact> {
  const { trx, principal, id, expectedVersion, action } = options;
  const row = await findReadableContact(trx, principal, id);
  if (!row) throw notFound('Contact');
  const current = toContact(row, principal);
  requireFirmRecordAction(current, action, 'contact');
  assertVersion(current, expectedVersion, { current: () => current });
  return current;
}

export async function updateContact(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ContactUpdate,
): Promise<Contact> {
  return db.transaction().execute(async (trx) => {
    const current = await loadContactForChange({ trx, principal, id, expectedVersion, action: 'change' });
    if (input.clientId !== undefined && input.clientId !== current.clientId) {
      await checkClient(trx, principal, input.clientId);
      await lockContactRow(trx, id, 'change');
      await refuseMovingLinkedContact(trx, principal, current);
    }
    const before = contactAuditSnapshot(current);
    if (changedFields(before, { ...before, ...input }, auditedContactFields).length === 0) return current;
    const now = nowIso();
    const updated = await updateContactRow(trx, id, current.version, {
      ...contactColumns(input),
      updated_by: principal.userId,
      updated_at: now,
    });
    if (!updated) throw versionConflict({ currentVersion: current.version, current });
    const contact = await getContact(trx, principal, id);
    await recordUpdate(
      trx,
      { type: 'contact', id, userId: principal.userId, at: now },
      before,
      contactAuditSnapshot(contact),
      auditedContactFields,
    );
    return contact;
  });
}

export async function deleteContact(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await loadContactForChange({ trx, principal, id, expectedVersion, action: 'delete' });
    await lockContactRow(trx, id, 'change');
    await refuseDeletingPrimaryContact(trx, principal, current);
    const now = nowIso();
    const deleted = await updateContactRow(trx, id, current.version, {
      deleted_at: now,
      updated_by: principal.userId,
      updated_at: now,
    });
    if (!deleted) throw versionConflict({ currentVersion: current.version, current });
    await recordDelete(
      trx,
      { type: 'contact', id, userId: principal.userId, at: now },
      contactAuditSnapshot(current),
    );
  });
}

export async function listContactChanges(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  page: { limit: number; cursor?: string | undefined },
) {
  const row = await findReadableContact(db, principal, id);
  if (!row) throw notFound('Contact');
  // Its history (who at the owning firm changed what, and the values before) is not part of reading it.
  if (isOpenOnlyThroughDeal(principal, contactOwnership(row))) {
    throw forbidden('You read this contact through an opportunity; its change log stays with its owner');
  }
  return listAuditEntries(db, principal, { type: 'contact', id }, page);
}
