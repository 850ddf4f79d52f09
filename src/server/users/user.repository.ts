import type {
  Expression,
  ExpressionBuilder,
  Insertable,
  Kysely,
  Selectable,
  SqlBool,
  Updateable,
} from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { visibleOpportunities } from '../access/visibility.ts';
import { databaseKindOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { UserTable } from './user.table.ts';

export type UserRow = Selectable<UserTable>;
export type UserWithFirmRow = UserRow & { firm_name: string };

export async function insertUser(db: Kysely<Database>, values: Insertable<UserTable>): Promise<UserRow> {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

function withinReach(eb: ExpressionBuilder<Database, 'users'>, reach: UserReach): Expression<SqlBool> {
  const branches = [eb('users.firm_id', 'in', reach.firmIds.length ? [...reach.firmIds] : [-1])];
  if (reach.vendorStaff) {
    branches.push(
      eb.exists(
        eb
          .selectFrom('firms as user_firm')
          .select('user_firm.id')
          .whereRef('user_firm.id', '=', 'users.firm_id')
          .where('user_firm.kind', '=', 'vendor'),
      ),
    );
  }
  return eb.or(branches);
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

/**
 * Whose people a caller may see: those of the given firms, and (when `vendorStaff`) the vendor's,
 * who may sit on any sales team (SPEC §5).
 */
export type UserReach = { firmIds: readonly number[]; vendorStaff: boolean };

export type UserFilter = {
  /** Absent: everyone (vendor staff and admins outside a deal). */
  reach?: UserReach;
  firmId?: number;
  q?: string;
  afterName?: [string, number];
  limit: number;
};

export async function findUsers(db: Kysely<Database>, filter: UserFilter): Promise<UserWithFirmRow[]> {
  let query = selectUsersWithFirm(db).orderBy('users.name').orderBy('users.id').limit(filter.limit);
  const reach = filter.reach;
  if (reach) query = query.where((eb) => withinReach(eb, reach));
  if (filter.firmId !== undefined) query = query.where('users.firm_id', '=', filter.firmId);
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

/** Whether the user is in reach, or sits on the team of (or owns) an opportunity the caller can see. */
export async function isUserInReachOrOnVisibleDeal(
  db: Kysely<Database>,
  principal: Principal,
  userId: number,
  reach: UserReach,
): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.id', '=', userId)
    .where((eb) =>
      eb.or([
        withinReach(eb, reach),
        eb.exists(
          eb
            .selectFrom('sales_team_members')
            .innerJoin('opportunities', 'opportunities.id', 'sales_team_members.opportunity_id')
            .select('sales_team_members.opportunity_id')
            .whereRef('sales_team_members.user_id', '=', 'users.id')
            .where(visibleOpportunities(principal)),
        ),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The active administrators' ids, taken for update: a change that could leave the installation
 * without one holds them until it commits, so two such changes (two admins deactivating each
 * other) run one after the other and the second sees the first. On PostgreSQL the second waits
 * for the rows and re-reads them; SQLite has one writer, whose transaction began immediate.
 */
export async function lockActiveAdministratorIds(db: Kysely<Database>): Promise<number[]> {
  const query = db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('is_active', '=', 1)
    .orderBy('id');
  const rows = databaseKindOf(db) === 'sqlite' ? await query.execute() : await query.forUpdate().execute();
  return rows.map((row) => row.id);
}
