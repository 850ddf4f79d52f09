import type { Kysely } from 'kysely';
import type { TeamAccess } from '../../core/opportunity-access.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';

export async function findTeam(db: Kysely<Database>, opportunityId: number) {
  return db
    .selectFrom('sales_team_members')
    .innerJoin('users', 'users.id', 'sales_team_members.user_id')
    .innerJoin('firms', 'firms.id', 'users.firm_id')
    .select([
      'sales_team_members.user_id',
      'sales_team_members.role',
      'sales_team_members.access',
      'users.name',
      'users.email',
      'users.firm_id',
      'firms.name as firm_name',
    ])
    .where('sales_team_members.opportunity_id', '=', opportunityId)
    .orderBy('sales_team_members.added_at')
    .orderBy('users.name')
    .execute();
}

export type TeamRow = { user_id: number; role: string | null; access: TeamAccess };

/** Replaces the whole team in one statement pair (inside the caller's transaction). */
export async function replaceTeam(
  db: Kysely<Database>,
  opportunityId: number,
  members: TeamRow[],
  at: string,
) {
  await db.deleteFrom('sales_team_members').where('opportunity_id', '=', opportunityId).execute();
  if (members.length === 0) return;
  await db
    .insertInto('sales_team_members')
    .values(members.map((member) => ({ opportunity_id: opportunityId, ...member, added_at: at })))
    .execute();
}

/** Puts one person on the team (or raises them to the given access), keeping everyone else. */
export async function upsertTeamMember(
  db: Kysely<Database>,
  opportunityId: number,
  member: TeamRow,
  at: string,
) {
  await db
    .insertInto('sales_team_members')
    .values({ opportunity_id: opportunityId, ...member, added_at: at })
    .onConflict((conflict) =>
      conflict
        .columns(['opportunity_id', 'user_id'])
        .doUpdateSet({ access: member.access, ...(member.role && { role: member.role }) }),
    )
    .execute();
}

/** Takes the given people off one team (inside the caller's transaction). */
export async function removeTeamMembers(
  db: Kysely<Database>,
  opportunityId: number,
  userIds: readonly number[],
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .deleteFrom('sales_team_members')
    .where('opportunity_id', '=', opportunityId)
    .where('user_id', 'in', userIds)
    .execute();
}

/** Team members of many new opportunities at once (bulk imports). */
export async function insertTeamMembers(
  db: Kysely<Database>,
  rows: readonly (TeamRow & { opportunity_id: number; added_at: string })[],
): Promise<void> {
  await insertRows(db, 'sales_team_members', rows);
}
