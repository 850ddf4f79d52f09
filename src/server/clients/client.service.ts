import type { Kysely, Updateable } from 'kysely';
import { canCreateFirmRecord, isOpenOnlyThroughDeal } from '../../core/access.ts';
import type { Client, ClientCreate, ClientListQuery, ClientUpdate } from '../../core/contract/clients.ts';
import type { Principal } from '../../core/principal.ts';
import { requireFirmRecordAction } from '../access/visible-record.ts';
import {
  changedFields,
  listAuditEntries,
  recordCreate,
  recordDelete,
  recordUpdate,
} from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { lockSequence, takeFreeNumbers } from '../db/sequences.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { auditedClientFields, clientAuditSnapshot, clientOwnership, toClient } from './client.mapper.ts';
import {
  clientCursorValues,
  countVisibleLiveChildren,
  findParentClientId,
  findReadableClient,
  findTakenClientNumbers,
  findVisibleClient,
  findVisibleClients,
  hasLiveChildren,
  insertClient,
  updateClientRow,
  visibleClientHasNumber,
} from './client.repository.ts';
import type { ClientTable } from './client.table.ts';

/** One client the caller may open: also the client of a deal they may see, read-only (SPEC §5). */
export async function getClient(db: Kysely<Database>, principal: Principal, id: number): Promise<Client> {
  const row = await findReadableClient(db, principal, id);
  if (!row) throw notFound('Client');
  return toClient(row, principal);
}

export async function listClients(db: Kysely<Database>, principal: Principal, query: ClientListQuery) {
  const { limit, cursor, sort, ...filter } = query;
  const after = decodeCursor(cursor, sort.field === 'country' || sort.field === 'industry' ? 3 : 2);
  const rows = await findVisibleClients(db, principal, {
    filter,
    sort,
    limit: limit + 1,
    ...(after && { after }),
  });
  return toPage(
    rows,
    limit,
    (row) => toClient(row, principal),
    (row) => clientCursorValues(sort.field, row),
  );
}

function clientColumns(input: ClientUpdate): Updateable<ClientTable> {
  const columns: Updateable<ClientTable> = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.clientNumber !== undefined) columns.client_number = input.clientNumber;
  if (input.industry !== undefined) columns.industry = input.industry;
  if (input.addressLine1 !== undefined) columns.address_line1 = input.addressLine1;
  if (input.addressLine2 !== undefined) columns.address_line2 = input.addressLine2;
  if (input.city !== undefined) columns.city = input.city;
  if (input.region !== undefined) columns.region = input.region;
  if (input.postalCode !== undefined) columns.postal_code = input.postalCode;
  if (input.country !== undefined) columns.country = input.country;
  if (input.website !== undefined) columns.website = input.website;
  if (input.phone !== undefined) columns.phone = input.phone;
  if (input.employees !== undefined) columns.employees = input.employees;
  if (input.description !== undefined) columns.description = input.description;
  if (input.parentClientId !== undefined) columns.parent_client_id = input.parentClientId;
  return columns;
}

/*
 * The client-number rule. SPEC §5: nothing about invisible records leaks, not even that a number is
 * taken by one.
 * - A number a person chooses (API, import) must be unique among the live clients the caller can
 *   see: its own firm's and the vendor's shared ones (an administrator sees them all). Taken there:
 *   409 naming `clientNumber`. Taken only by a client the caller cannot see (another partner's, or a
 *   deleted one): not refused, and answered exactly as a free number is.
 * - The database agrees: numbers are unique per owner firm among live clients (index
 *   `clients_owner_number_unique`), which the check above always refuses first (one edits only
 *   clients of one's own firm, or is an administrator). So two firms may hold one number, and a
 *   partner may see its own client and a vendor client with the same number when the vendor chose
 *   a number the partner already had (the vendor could not know).
 * - Generated numbers (CL-######) pass over every number any client has, of any firm, live or
 *   deleted: a generated number is unique everywhere, and no chosen number can block creation.
 * - A deleted client keeps its number in its record and history; the number is free again for a
 *   number its firm chooses, and is never generated again.
 * Choosing or changing a number takes the counter's lock first, so a generator never reads the
 * taken numbers between another writer's check and its write.
 */
const clientNumberSequence = 'client';

function numberTaken(clientNumber: string): AppError {
  return new AppError('CONFLICT', `Client number ${clientNumber} is already in use`, {
    fields: [{ field: 'clientNumber', message: 'is already in use' }],
  });
}

/** A number the caller chose: refused only when a client the caller can see has it (see above). */
async function checkChosenNumber(
  trx: Kysely<Database>,
  principal: Principal,
  clientNumber: string,
  exceptId?: number,
): Promise<void> {
  await lockSequence(trx, clientNumberSequence);
  if (await visibleClientHasNumber(trx, principal, clientNumber, exceptId)) throw numberTaken(clientNumber);
}

/** The next generated number no client has (see above). */
async function nextClientNumber(trx: Kysely<Database>): Promise<string> {
  const [number] = await takeFreeNumbers(trx, clientNumberSequence, 1, formatClientNumber, (candidates) =>
    findTakenClientNumbers(trx, candidates),
  );
  return number!;
}

/** A unique-index failure can only be a number the caller's own firm holds: answered as the check does. */
async function withNumberConflict<T>(clientNumber: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (clientNumber && isUniqueViolation(error)) throw numberTaken(clientNumber);
    throw error;
  }
}

/** A parent must be a client the caller can see, and never the client itself or one of its subsidiaries. */
async function checkParent(
  db: Kysely<Database>,
  principal: Principal,
  parentId: number | null | undefined,
  selfId?: number,
) {
  if (parentId === null || parentId === undefined) return;
  if (!(await findVisibleClient(db, principal, parentId))) {
    throw validationError([{ field: 'parentClientId', message: 'must be a client you can see' }]);
  }
  let ancestorId: number | null = parentId;
  for (let depth = 0; ancestorId !== null && depth < 100; depth += 1) {
    if (ancestorId === selfId) {
      throw validationError([{ field: 'parentClientId', message: 'would make the client its own parent' }]);
    }
    ancestorId = (await findParentClientId(db, ancestorId)) ?? null;
  }
}

export function formatClientNumber(sequence: number): string {
  return `CL-${String(sequence).padStart(6, '0')}`;
}

export async function createClient(
  db: Kysely<Database>,
  principal: Principal,
  input: ClientCreate,
): Promise<Client> {
  if (!canCreateFirmRecord(principal)) throw forbidden('Your role cannot create clients');
  return withNumberConflict(input.clientNumber, () =>
    db.transaction().execute((trx) => createClientInTransaction(trx, principal, input)),
  );
}

/** Creating a client inside the caller's transaction, so an import of many is all or nothing. */
export async function createClientInTransaction(
  trx: Kysely<Database>,
  principal: Principal,
  input: ClientCreate,
): Promise<Client> {
  if (!canCreateFirmRecord(principal)) throw forbidden('Your role cannot create clients');
  await checkParent(trx, principal, input.parentClientId);
  if (input.clientNumber) await checkChosenNumber(trx, principal, input.clientNumber);
  const clientNumber = input.clientNumber ?? (await nextClientNumber(trx));
  const now = nowIso();
  const id = await insertClient(trx, {
    ...clientColumns(input),
    name: input.name,
    client_number: clientNumber,
    owner_firm_id: principal.firmId,
    is_vendor_registered: principal.firmKind === 'vendor' ? 1 : 0,
    created_by: principal.userId,
    updated_by: principal.userId,
    created_at: now,
    updated_at: now,
  });
  const client = await getClient(trx, principal, id);
  await recordCreate(
    trx,
    { type: 'client', id, userId: principal.userId, at: now },
    clientAuditSnapshot(client),
  );
  return client;
}

/**
 * "Load it, check access, check the version" for a change to a client: 404 when the caller may not
 * open it; 403 when they may open it but not take the action (read as a change would be answered:
 * a client the caller may open is refused, not hidden); 409 when `expectedVersion` is stale.
 */
async function loadClientForChange(options: {
  trx: Kysely<Database>;
  principal: Principal;
  id: number;
  expectedVersion: number | undefined;
  action: 'change' | 'delete';
}): Promise<Client> {
  const { trx, principal, id, expectedVersion, action } = options;
  const row = await findReadableClient(trx, principal, id);
  if (!row) throw notFound('Client');
  const current = toClient(row, principal);
  requireFirmRecordAction(current, action, 'client');
  assertVersion(current, expectedVersion, { current: () => current });
  return current;
}

export async function updateClient(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ClientUpdate,
): Promise<Client> {
  return withNumberConflict(input.clientNumber, () =>
    db.transaction().execute((trx) => updateClientInTransaction(trx, principal, id, expectedVersion, input)),
  );
}

async function updateClientInTransaction(
  trx: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ClientUpdate,
): Promise<Client> {
  const current = await loadClientForChange({ trx, principal, id, expectedVersion, action: 'change' });
  await checkParent(trx, principal, input.parentClientId, id);
  if (input.clientNumber && input.clientNumber !== current.clientNumber) {
    await checkChosenNumber(trx, principal, input.clientNumber, id);
  }
  const columns = clientColumns(input);
  const before = clientAuditSnapshot(current);
  if (changedFields(before, { ...before, ...input }, auditedClientFields).length === 0) return current;
  const now = nowIso();
  const updated = await updateClientRow(trx, id, current.version, {
    ...columns,
    updated_by: principal.userId,
    updated_at: now,
  });
  if (!updated) throw versionConflict({ currentVersion: current.version, current });
  const client = await getClient(trx, principal, id);
  await recordUpdate(
    trx,
    { type: 'client', id, userId: principal.userId, at: now },
    before,
    clientAuditSnapshot(client),
    auditedClientFields,
  );
  return client;
}

/** Soft delete: the record and its history stay; it disappears from every list, search and read. */
export async function deleteClient(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await loadClientForChange({ trx, principal, id, expectedVersion, action: 'delete' });
    // A client something still refers to stays. SPEC §5: the refusal counts only what the caller
    // can see; what refers to it from other firms (a partner's contacts or private deals on a shared
    // client) is not counted, and not named when it is all there is.
    const children = await countVisibleLiveChildren(trx, principal, id);
    const visibleChildren = children.contacts + children.subsidiaries + children.opportunities;
    if (visibleChildren > 0) {
      throw new AppError(
        'CONFLICT',
        `The client still has ${children.contacts} contact(s), ${children.opportunities} opportunity(ies) and ${children.subsidiaries} subsidiary client(s); delete or move them first`,
        { ...children },
      );
    }
    if (await hasLiveChildren(trx, id)) {
      throw new AppError(
        'CONFLICT',
        'The client is still in use; it can be deleted once nothing refers to it',
        { ...children },
      );
    }
    const now = nowIso();
    const deleted = await updateClientRow(trx, id, current.version, {
      deleted_at: now,
      updated_by: principal.userId,
      updated_at: now,
    });
    if (!deleted) throw versionConflict({ currentVersion: current.version, current });
    await recordDelete(
      trx,
      { type: 'client', id, userId: principal.userId, at: now },
      clientAuditSnapshot(current),
    );
  });
}

export async function listClientChanges(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  page: { limit: number; cursor?: string | undefined },
) {
  const row = await findReadableClient(db, principal, id);
  if (!row) throw notFound('Client');
  // Its history (who at the owning firm changed what, and the values before) is not part of reading it.
  if (isOpenOnlyThroughDeal(principal, clientOwnership(row))) {
    throw forbidden('You read this client through an opportunity; its change log stays with its owner');
  }
  return listAuditEntries(db, principal, { type: 'client', id }, page);
}
