import type { Kysely, Updateable } from 'kysely';
import { canCreateFirmRecord, canDeleteFirmRecord, canEditFirmRecord } from '../../core/access.ts';
import type { Client, ClientCreate, ClientListQuery, ClientUpdate } from '../../core/contract/clients.ts';
import type { Principal } from '../../core/principal.ts';
import {
  changedFields,
  listAuditEntries,
  recordCreate,
  recordDelete,
  recordUpdate,
} from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { nextSequenceValue } from '../db/sequences.ts';
import { AppError, forbidden, notFound, validationError, versionConflict } from '../http/app-error.ts';
import { auditedClientFields, clientAuditSnapshot, clientOwnership, toClient } from './client.mapper.ts';
import {
  clientCursorValues,
  clientNumberExists,
  countLiveChildren,
  findParentClientId,
  findVisibleClient,
  findVisibleClients,
  insertClient,
  updateClientRow,
} from './client.repository.ts';
import type { ClientTable } from './client.table.ts';

export async function getClient(db: Kysely<Database>, principal: Principal, id: number): Promise<Client> {
  const row = await findVisibleClient(db, principal, id);
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

function numberTaken(clientNumber: string): AppError {
  return new AppError('CONFLICT', `Client number ${clientNumber} is already in use`, {
    fields: [{ field: 'clientNumber', message: 'is already in use' }],
  });
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
  return db.transaction().execute((trx) => createClientInTransaction(trx, principal, input));
}

/** Creating a client inside the caller's transaction, so an import of many is all or nothing. */
export async function createClientInTransaction(
  trx: Kysely<Database>,
  principal: Principal,
  input: ClientCreate,
): Promise<Client> {
  if (!canCreateFirmRecord(principal)) throw forbidden('Your role cannot create clients');
  await checkParent(trx, principal, input.parentClientId);
  if (input.clientNumber && (await clientNumberExists(trx, input.clientNumber)))
    throw numberTaken(input.clientNumber);
  const clientNumber = input.clientNumber ?? formatClientNumber(await nextSequenceValue(trx, 'client'));
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

export async function updateClient(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
  input: ClientUpdate,
): Promise<Client> {
  return db.transaction().execute(async (trx) => {
    const currentRow = await findVisibleClient(trx, principal, id);
    if (!currentRow) throw notFound('Client');
    const current = toClient(currentRow, principal);
    if (!canEditFirmRecord(principal, clientOwnership(currentRow))) {
      throw forbidden(`Only ${current.ownerFirmName} can change this client`);
    }
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw versionConflict(current, current.version);
    await checkParent(trx, principal, input.parentClientId, id);
    if (
      input.clientNumber &&
      input.clientNumber !== current.clientNumber &&
      (await clientNumberExists(trx, input.clientNumber, id))
    ) {
      throw numberTaken(input.clientNumber);
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
    if (!updated) throw versionConflict(current, current.version);
    const client = await getClient(trx, principal, id);
    await recordUpdate(
      trx,
      { type: 'client', id, userId: principal.userId, at: now },
      before,
      clientAuditSnapshot(client),
      auditedClientFields,
    );
    return client;
  });
}

/** Soft delete: the record and its history stay; it disappears from every list, search and read. */
export async function deleteClient(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  expectedVersion: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const currentRow = await findVisibleClient(trx, principal, id);
    if (!currentRow) throw notFound('Client');
    const current = toClient(currentRow, principal);
    if (!canDeleteFirmRecord(principal, clientOwnership(currentRow))) {
      throw forbidden('Only a manager of the owning firm or an administrator can delete this client');
    }
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw versionConflict(current, current.version);
    const children = await countLiveChildren(trx, id);
    if (children.contacts > 0 || children.subsidiaries > 0 || children.opportunities > 0) {
      throw new AppError(
        'CONFLICT',
        `The client still has ${children.contacts} contact(s), ${children.opportunities} opportunity(ies) and ${children.subsidiaries} subsidiary client(s); delete or move them first`,
        { ...children },
      );
    }
    const now = nowIso();
    const deleted = await updateClientRow(trx, id, current.version, {
      deleted_at: now,
      updated_by: principal.userId,
      updated_at: now,
    });
    if (!deleted) throw versionConflict(current, current.version);
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
  if (!(await findVisibleClient(db, principal, id))) throw notFound('Client');
  return listAuditEntries(db, { type: 'client', id }, page);
}
