import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  sql,
  type Updateable,
} from 'kysely';
import type { ClientListQuery } from '../../core/contract/clients.ts';
import type { Principal } from '../../core/principal.ts';
import {
  readableClients,
  visibleClients,
  visibleContacts,
  visibleOpportunities,
} from '../access/visibility.ts';
import { databaseKindOf } from '../db/dialect.ts';
import { keysetAfter } from '../db/keyset.ts';
import type { CursorValue } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { idMatchesSearch } from '../search/search-dialect.ts';
import type { ClientTable } from './client.table.ts';

/**
 * Clients as the caller sees them: visibility applied (the list rule, or for one record the read rule
 * with the related-records branch), with owner firm, parent and the caller's star.
 */
function selectVisibleClients(
  db: Kysely<Database>,
  principal: Principal,
  rule: typeof visibleClients = visibleClients,
) {
  return db
    .selectFrom('clients')
    .innerJoin('firms', 'firms.id', 'clients.owner_firm_id')
    .leftJoin('clients as parent', 'parent.id', 'clients.parent_client_id')
    .leftJoin('favorites', (join) =>
      join
        .onRef('favorites.entity_id', '=', 'clients.id')
        .on('favorites.entity_type', '=', 'client')
        .on('favorites.user_id', '=', principal.userId),
    )
    .selectAll('clients')
    .select([
      'firms.name as owner_firm_name',
      'parent.name as parent_client_name',
      'parent.owner_firm_id as parent_owner_firm_id',
      'parent.is_vendor_registered as parent_is_vendor_registered',
      'favorites.user_id as favorite_of',
    ])
    .where(rule(principal));
}

export type ClientRow = NonNullable<Awaited<ReturnType<typeof findVisibleClient>>>;

/**
 * One client by the list rule (SPEC §5: the caller's firm's and the vendor's): for what the caller
 * uses a client for (a parent, a new contact's or deal's client), never widened.
 */
export async function findVisibleClient(db: Kysely<Database>, principal: Principal, id: number) {
  return selectVisibleClients(db, principal).where('clients.id', '=', id).executeTakeFirst();
}

/** One client the caller may open: also the client of a deal they may see (read-only; see visibility.ts). */
export async function findReadableClient(db: Kysely<Database>, principal: Principal, id: number) {
  return selectVisibleClients(db, principal, readableClients).where('clients.id', '=', id).executeTakeFirst();
}

type ClientSortField = ClientListQuery['sort']['field'];

/** The expressions a sort orders by, ending with the id so the order is total (stable pages). */
export function clientSortKeys(field: ClientSortField): Expression<unknown>[] {
  const id = sql.ref('clients.id');
  switch (field) {
    case 'name':
      return [sql.ref('clients.name'), id];
    case 'clientNumber':
      return [sql.ref('clients.client_number'), id];
    case 'country':
      return [sql`coalesce(clients.country, '')`, sql.ref('clients.name'), id];
    case 'industry':
      return [sql`coalesce(clients.industry, '')`, sql.ref('clients.name'), id];
    case 'createdAt':
      return [sql.ref('clients.created_at'), id];
    case 'updatedAt':
      return [sql.ref('clients.updated_at'), id];
  }
}

export function clientCursorValues(field: ClientSortField, row: ClientRow): CursorValue[] {
  switch (field) {
    case 'name':
      return [row.name, row.id];
    case 'clientNumber':
      return [row.client_number, row.id];
    case 'country':
      return [row.country ?? '', row.name, row.id];
    case 'industry':
      return [row.industry ?? '', row.name, row.id];
    case 'createdAt':
      return [row.created_at, row.id];
    case 'updatedAt':
      return [row.updated_at, row.id];
  }
}

export type ClientFilter = Omit<ClientListQuery, 'limit' | 'cursor' | 'sort'>;

function filterClients(principal: Principal, filter: ClientFilter, kind: ReturnType<typeof databaseKindOf>) {
  return (eb: ExpressionBuilder<Database, 'clients' | 'favorites'>) => {
    const conditions: Expression<unknown>[] = [];
    if (filter.q) conditions.push(idMatchesSearch(kind, 'clients', 'clients.id', filter.q));
    if (filter.country) conditions.push(eb('clients.country', '=', filter.country));
    if (filter.industry) conditions.push(eb('clients.industry', '=', filter.industry));
    if (filter.ownerFirmId !== undefined)
      conditions.push(eb('clients.owner_firm_id', '=', filter.ownerFirmId));
    if (filter.parentClientId !== undefined)
      conditions.push(eb('clients.parent_client_id', '=', filter.parentClientId));
    if (filter.vendorRegistered !== undefined) {
      conditions.push(eb('clients.is_vendor_registered', '=', filter.vendorRegistered ? 1 : 0));
    }
    if (filter.favorites) conditions.push(eb('favorites.user_id', 'is not', null));
    if (filter.mine) conditions.push(eb('clients.created_by', '=', principal.userId));
    return eb.and(conditions as Expression<boolean>[]);
  };
}

export async function findVisibleClients(
  db: Kysely<Database>,
  principal: Principal,
  options: { filter: ClientFilter; sort: ClientListQuery['sort']; after?: CursorValue[]; limit: number },
): Promise<ClientRow[]> {
  const keys = clientSortKeys(options.sort.field);
  let query = selectVisibleClients(db, principal).where(
    filterClients(principal, options.filter, databaseKindOf(db)),
  );
  if (options.after) query = query.where(keysetAfter(keys, options.after, options.sort.direction));
  for (const key of keys) query = query.orderBy(key, options.sort.direction);
  return query.limit(options.limit).execute();
}

/** Streams every visible client matching a filter, for CSV export, in pages of the list order. */
export async function* iterateVisibleClients(
  db: Kysely<Database>,
  principal: Principal,
  filter: ClientFilter,
  sort: ClientListQuery['sort'],
): AsyncGenerator<ClientRow> {
  let after: CursorValue[] | undefined;
  for (;;) {
    const rows = await findVisibleClients(db, principal, {
      filter,
      sort,
      limit: 1000,
      ...(after && { after }),
    });
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < 1000) return;
    after = clientCursorValues(sort.field, last);
  }
}

export async function insertClient(db: Kysely<Database>, values: Insertable<ClientTable>): Promise<number> {
  const row = await db.insertInto('clients').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateClientRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<ClientTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('clients')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether a client the caller can see (live, by SPEC §5) has this number, other than `exceptId`. */
export async function visibleClientHasNumber(
  db: Kysely<Database>,
  principal: Principal,
  clientNumber: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('clients')
    .select('clients.id')
    .where('clients.client_number', '=', clientNumber)
    .where(visibleClients(principal));
  if (exceptId !== undefined) query = query.where('clients.id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Which of these numbers any client has, of any firm, live or deleted: for the number generator
 * only, which must pass over them all. Never shown to anyone.
 */
export async function findTakenClientNumbers(
  db: Kysely<Database>,
  candidates: readonly string[],
): Promise<string[]> {
  if (candidates.length === 0) return [];
  const rows = await db
    .selectFrom('clients')
    .select('client_number')
    .where('client_number', 'in', candidates)
    .execute();
  return rows.map((row) => row.client_number);
}

/**
 * The live contacts, subsidiaries and opportunities of a client that the caller can see. A refusal
 * counts only these (SPEC §5: a refusal never counts records the caller cannot see).
 */
export async function countVisibleLiveChildren(
  db: Kysely<Database>,
  principal: Principal,
  clientId: number,
): Promise<{ contacts: number; subsidiaries: number; opportunities: number }> {
  const contacts = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('contacts.client_id', '=', clientId)
    .where(visibleContacts(principal))
    .executeTakeFirstOrThrow();
  const subsidiaries = await db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('clients.parent_client_id', '=', clientId)
    .where(visibleClients(principal))
    .executeTakeFirstOrThrow();
  const opportunities = await db
    .selectFrom('opportunities')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('opportunities.client_id', '=', clientId)
    .where(visibleOpportunities(principal))
    .executeTakeFirstOrThrow();
  return {
    contacts: Number(contacts.count),
    subsidiaries: Number(subsidiaries.count),
    opportunities: Number(opportunities.count),
  };
}

/** Whether anything live still refers to the client, whoever it belongs to (never counted for the caller). */
export async function hasLiveChildren(db: Kysely<Database>, clientId: number): Promise<boolean> {
  const contact = await db
    .selectFrom('contacts')
    .select('id')
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (contact) return true;
  const subsidiary = await db
    .selectFrom('clients')
    .select('id')
    .where('parent_client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (subsidiary) return true;
  const opportunity = await db
    .selectFrom('opportunities')
    .select('id')
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return opportunity !== undefined;
}

export async function findParentClientId(
  db: Kysely<Database>,
  id: number,
): Promise<number | null | undefined> {
  const row = await db
    .selectFrom('clients')
    .select('parent_client_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.parent_client_id;
}
