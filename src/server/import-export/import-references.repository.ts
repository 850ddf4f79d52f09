import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { visibleClients, visibleContacts } from '../access/visibility.ts';
import { inIdSlices } from '../db/batches.ts';
import type { Database } from '../db/schema.ts';

/** The names and numbers of every client the importer can see, to match the file's references. */
export async function findVisibleClientKeys(db: Kysely<Database>, principal: Principal) {
  return db
    .selectFrom('clients')
    .select(['clients.id', 'clients.name', 'clients.client_number'])
    .where(visibleClients(principal))
    .orderBy('clients.id')
    .execute();
}

export type ClientKeyRow = Awaited<ReturnType<typeof findVisibleClientKeys>>[number];

/** The visible BPContacts of some clients, to match a row's contact within its client. */
export async function findVisibleContactKeys(
  db: Kysely<Database>,
  principal: Principal,
  clientIds: readonly number[],
) {
  const rows: {
    id: number;
    client_id: number;
    first_name: string | null;
    last_name: string;
    email: string | null;
  }[] = [];
  for (const slice of inIdSlices(clientIds)) {
    rows.push(
      ...(await db
        .selectFrom('contacts')
        .select([
          'contacts.id',
          'contacts.client_id',
          'contacts.first_name',
          'contacts.last_name',
          'contacts.email',
        ])
        .where('contacts.client_id', 'in', slice)
        .where(visibleContacts(principal))
        .orderBy('contacts.id')
        .execute()),
    );
  }
  return rows;
}

export type ContactKeyRow = Awaited<ReturnType<typeof findVisibleContactKeys>>[number];

/** The users of a firm (owners are matched among the importer's colleagues). */
export async function findFirmUserKeys(db: Kysely<Database>, firmId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'is_active'])
    .where('firm_id', '=', firmId)
    .orderBy('id')
    .execute();
}

export type UserKeyRow = Awaited<ReturnType<typeof findFirmUserKeys>>[number];

/** The whole product catalog (it is small, and every firm may sell from it). */
export async function findProductKeys(db: Kysely<Database>) {
  return db
    .selectFrom('products')
    .select(['id', 'type', 'brand', 'family', 'offering', 'part_number', 'is_active'])
    .orderBy('id')
    .execute();
}

export type ProductKeyRow = Awaited<ReturnType<typeof findProductKeys>>[number];
