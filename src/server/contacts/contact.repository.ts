import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  sql,
  type Updateable,
} from 'kysely';
import type { ContactListQuery } from '../../core/contract/contacts.ts';
import type { Principal } from '../../core/principal.ts';
import { readableContacts, visibleContacts } from '../access/visibility.ts';
import { type DatabaseKind, databaseKindOf } from '../db/dialect.ts';
import { keysetAfter } from '../db/keyset.ts';
import type { CursorValue } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { idMatchesSearch } from '../search/search-dialect.ts';
import type { ContactTable } from './contact.table.ts';

/** Contacts as the caller sees them, by the list rule or (one record) the read rule; see the clients. */
function selectVisibleContacts(
  db: Kysely<Database>,
  principal: Principal,
  rule: typeof visibleContacts = visibleContacts,
) {
  return db
    .selectFrom('contacts')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .innerJoin('firms', 'firms.id', 'contacts.owner_firm_id')
    .leftJoin('favorites', (join) =>
      join
        .onRef('favorites.entity_id', '=', 'contacts.id')
        .on('favorites.entity_type', '=', 'contact')
        .on('favorites.user_id', '=', principal.userId),
    )
    .selectAll('contacts')
    .select([
      'clients.name as client_name',
      'firms.name as owner_firm_name',
      'favorites.user_id as favorite_of',
    ])
    .where(rule(principal));
}

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findVisibleContact>>>;

/**
 * One BPContact by the list rule (SPEC §5: the caller's firm's and the vendor's): for what the caller
 * uses a contact for (linking it to a deal, starting one with it), never widened.
 */
export async function findVisibleContact(db: Kysely<Database>, principal: Principal, id: number) {
  return selectVisibleContacts(db, principal).where('contacts.id', '=', id).executeTakeFirst();
}

/** One BPContact the caller may open: also one a deal they may see links (read-only; see visibility.ts). */
export async function findReadableContact(db: Kysely<Database>, principal: Principal, id: number) {
  return selectVisibleContacts(db, principal, readableContacts)
    .where('contacts.id', '=', id)
    .executeTakeFirst();
}

type ContactSortField = ContactListQuery['sort']['field'];

export function contactSortKeys(field: ContactSortField): Expression<unknown>[] {
  const id = sql.ref('contacts.id');
  switch (field) {
    case 'name':
      return [sql.ref('contacts.last_name'), sql`coalesce(contacts.first_name, '')`, id];
    case 'email':
      return [sql`coalesce(contacts.email, '')`, id];
    case 'title':
      return [sql`coalesce(contacts.title, '')`, sql.ref('contacts.last_name'), id];
    case 'createdAt':
      return [sql.ref('contacts.created_at'), id];
    case 'updatedAt':
      return [sql.ref('contacts.updated_at'), id];
  }
}

export function contactCursorValues(field: ContactSortField, row: ContactRow): CursorValue[] {
  switch (field) {
    case 'name':
      return [row.last_name, row.first_name ?? '', row.id];
    case 'email':
      return [row.email ?? '', row.id];
    case 'title':
      return [row.title ?? '', row.last_name, row.id];
    case 'createdAt':
      return [row.created_at, row.id];
    case 'updatedAt':
      return [row.updated_at, row.id];
  }
}

export type ContactFilter = Omit<ContactListQuery, 'limit' | 'cursor' | 'sort'>;

function filterContacts(principal: Principal, filter: ContactFilter, kind: DatabaseKind) {
  return (eb: ExpressionBuilder<Database, 'contacts' | 'favorites'>) => {
    const conditions: Expression<unknown>[] = [];
    if (filter.q) {
      conditions.push(
        eb.or([
          idMatchesSearch(kind, 'contacts', 'contacts.id', filter.q),
          idMatchesSearch(kind, 'clients', 'contacts.client_id', filter.q),
        ]),
      );
    }
    if (filter.clientId !== undefined) conditions.push(eb('contacts.client_id', '=', filter.clientId));
    if (filter.favorites) conditions.push(eb('favorites.user_id', 'is not', null));
    if (filter.mine) conditions.push(eb('contacts.created_by', '=', principal.userId));
    return eb.and(conditions as Expression<boolean>[]);
  };
}

export async function findVisibleContacts(
  db: Kysely<Database>,
  principal: Principal,
  options: { filter: ContactFilter; sort: ContactListQuery['sort']; after?: CursorValue[]; limit: number },
): Promise<ContactRow[]> {
  const keys = contactSortKeys(options.sort.field);
  let query = selectVisibleContacts(db, principal).where(
    filterContacts(principal, options.filter, databaseKindOf(db)),
  );
  if (options.after) query = query.where(keysetAfter(keys, options.after, options.sort.direction));
  for (const key of keys) query = query.orderBy(key, options.sort.direction);
  return query.limit(options.limit).execute();
}

export async function insertContact(db: Kysely<Database>, values: Insertable<ContactTable>): Promise<number> {
  const row = await db.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateContactRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<ContactTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Streams every visible contact matching a filter, for CSV export, in pages of the list order. */
export async function* iterateVisibleContactPages(
  db: Kysely<Database>,
  principal: Principal,
  filter: ContactFilter,
  sort: ContactListQuery['sort'],
): AsyncGenerator<ContactRow[]> {
  const pageSize = 1000;
  let after: CursorValue[] | undefined;
  for (;;) {
    const rows = await findVisibleContacts(db, principal, {
      filter,
      sort,
      limit: pageSize,
      ...(after && { after }),
    });
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = contactCursorValues(sort.field, last);
  }
}

/**
 * Serializes linking a BPContact to a deal against deleting it or moving it to another client.
 * Deleting or moving takes the row for update before it looks for deals that use the contact;
 * linking takes it for share and finds it only while it is live. On PostgreSQL whichever comes
 * second waits and then sees the other's change; SQLite has one writer, so there is nothing to lock.
 * Answers whether the contact is live (a link to a contact deleted meanwhile must be refused).
 */
export async function lockContactRow(
  db: Kysely<Database>,
  id: number,
  mode: 'link' | 'change',
): Promise<boolean> {
  const query = db.selectFrom('contacts').select('id').where('id', '=', id).where('deleted_at', 'is', null);
  if (databaseKindOf(db) === 'sqlite') return (await query.executeTakeFirst()) !== undefined;
  const locked = mode === 'link' ? query.forShare() : query.forUpdate();
  return (await locked.executeTakeFirst()) !== undefined;
}
