import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { UserTable } from './user.table.ts';

export type UserRow = Selectable<UserTable>;
export type UserWithFirmRow = UserRow & { firm_name: string };

export async function insertUser(db: Kysely<Database>, values: Insertable<UserTable>): Promise<UserRow> {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

function selectUsersWithFirm(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .innerJoin('firms', 'firms.id', 'users.firm_id')
    .selectAll('users')
    .select('firms.name as firm_name');
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserWithFirmRow | undefined> {
  return selectUsersWithFirm(db).where('users.id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<UserWithFirmRow | undefined> {
  return selectUsersWithFirm(db).where('users.email', '=', email.toLowerCase()).executeTakeFirst();
}

export type UserFilter = {
  firmIds?: readonly number[];
  q?: string;
  afterName?: [string, number];
  limit: number;
};

export async function findUsers(db: Kysely<Database>, filter: UserFilter): Promise<UserWithFirmRow[]> {
  let query = selectUsersWithFirm(db).orderBy('users.name').orderBy('users.id').limit(filter.limit);
  if (filter.firmIds)
    query = query.where('users.firm_id', 'in', filter.firmIds.length ? [...filter.firmIds] : [-1]);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['users.name']), 'like', eb.val(pattern)),
        eb('users.email', 'like', pattern),
      ]),
    );
  }
  if (filter.afterName) {
    const [name, id] = filter.afterName;
    query = query.where((eb) => eb(eb.refTuple('users.name', 'users.id'), '>', eb.tuple(name, id)));
  }
  return query.execute();
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<UserTable>,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
