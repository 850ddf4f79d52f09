import type { Kysely } from 'kysely';
import type { TeamMember, TeamMemberInput } from '../../core/contract/team.ts';
import type { FieldError } from '../../core/errors.ts';
import {
  type DealFirms,
  firmsLeavingTeam,
  mayJoinSalesTeam,
  type TeamCandidate,
} from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { AppError, notFound, validationError } from '../http/app-error.ts';
import { dealFirmsOf } from '../opportunities/opportunity.mapper.ts';
import { findVisibleOpportunity } from '../opportunities/opportunity.repository.ts';
import { loadOpportunityForChange } from '../opportunities/opportunity-change.ts';
import { loadEnvironment, saveOpportunityState } from '../opportunities/opportunity-state.ts';
import { findTeam, replaceTeam, type TeamRow, upsertTeamMember } from './sales-team.repository.ts';

/** The owner first, then those who may edit, then readers, each by name. */
export function toTeamMembers(rows: Awaited<ReturnType<typeof findTeam>>, ownerId: number): TeamMember[] {
  const rank = (row: { user_id: number; access: string }) =>
    row.user_id === ownerId ? 0 : row.access === 'edit' ? 1 : 2;
  const ordered = [...rows].sort(
    (left, right) => rank(left) - rank(right) || left.name.localeCompare(right.name),
  );
  return ordered.map((row) => ({
    userId: row.user_id,
    name: row.name,
    email: row.email,
    firmId: row.firm_id,
    firmName: row.firm_name,
    role: row.role,
    access: row.access,
    isOwner: row.user_id === ownerId,
  }));
}

/** The team as the change log shows it: each person with their access, by name. */
export function teamSummary(team: readonly { name: string; access: string }[]): string[] {
  return team.map((member) => `${member.name} (${member.access})`).sort();
}

/** The one refusal for anyone who may not join, unknown people included (it tells nothing about who exists). */
export const mayNotJoinMessage =
  'must be an active person of the owning firm, of the distributor or reseller the opportunity names, or vendor staff';

async function candidatesById(db: Kysely<Database>, userIds: readonly number[]) {
  const ids = [...new Set(userIds)];
  const rows = ids.length
    ? await db
        .selectFrom('users')
        .innerJoin('firms', 'firms.id', 'users.firm_id')
        .select(['users.id', 'users.firm_id', 'firms.kind as firm_kind', 'users.is_active'])
        .where('users.id', 'in', ids)
        .execute()
    : [];
  return new Map<number, TeamCandidate>(
    rows.map((row) => [
      row.id,
      { firmId: row.firm_id, firmKind: row.firm_kind, isActive: Boolean(row.is_active) },
    ]),
  );
}

/**
 * Checks who is to be put on the team of a deal working with `deal`'s firms (SPEC §5, one rule in
 * `mayJoinSalesTeam`): whoever asks, people of other firms are refused (422), each by field.
 */
export async function resolveTeamMembers(
  db: Kysely<Database>,
  deal: DealFirms,
  members: readonly TeamMemberInput[],
  field = 'team',
): Promise<TeamRow[]> {
  if (new Set(members.map((member) => member.userId)).size !== members.length) {
    throw validationError([{ field, message: 'lists a person twice' }]);
  }
  const candidates = await candidatesById(
    db,
    members.map((member) => member.userId),
  );
  const errors = members.flatMap((member, index) => {
    const candidate = candidates.get(member.userId);
    return candidate && mayJoinSalesTeam(candidate, deal)
      ? []
      : [{ field: `${field}.${index}.userId`, message: mayNotJoinMessage }];
  });
  if (errors.length) throw mayNotJoin(errors);
  return members.map((member) => ({
    user_id: member.userId,
    role: member.role ?? null,
    access: member.access,
  }));
}

function mayNotJoin(fields: FieldError[]): AppError {
  return new AppError(
    'UNPROCESSABLE',
    'Only people of the firms this opportunity names and vendor staff can be on its sales team',
    { fields },
  );
}

/** Puts one person on the team (or raises their access), by the same rule as the whole team. */
export async function addTeamMember(
  db: Kysely<Database>,
  opportunityId: number,
  deal: DealFirms,
  member: TeamRow,
  at: string,
  field = 'userId',
): Promise<void> {
  const candidate = (await candidatesById(db, [member.user_id])).get(member.user_id);
  if (!candidate || !mayJoinSalesTeam(candidate, deal)) {
    throw mayNotJoin([{ field, message: mayNotJoinMessage }]);
  }
  await upsertTeamMember(db, opportunityId, member, at);
}

/**
 * The team members a change of the deal's firms would leave outside the rule (SPEC §5): people of a
 * firm the deal worked with before the change and no longer does. Vendor staff always stay.
 */
export async function teamMembersLeaving(
  db: Kysely<Database>,
  opportunityId: number,
  before: DealFirms,
  after: DealFirms,
) {
  const leavingFirms = firmsLeavingTeam(before, after);
  if (leavingFirms.length === 0) return [];
  const team = await findTeam(db, opportunityId);
  return team.filter((member) => leavingFirms.includes(member.firm_id));
}

/** The owner is always on the team with edit access (SPEC §5: the creator becomes the first member). */
export function withOwner(members: TeamRow[], ownerId: number): TeamRow[] {
  const owner = members.find((member) => member.user_id === ownerId);
  const others = members.filter((member) => member.user_id !== ownerId);
  return [{ user_id: ownerId, role: owner?.role ?? 'Owner', access: 'edit' }, ...others];
}

export async function getTeam(
  db: Kysely<Database>,
  principal: Principal,
  opportunityId: number,
): Promise<TeamMember[]> {
  const row = await findVisibleOpportunity(db, principal, opportunityId);
  if (!row) throw notFound('Opportunity');
  return toTeamMembers(await findTeam(db, opportunityId), row.owner_id);
}

/** `PUT …/team`: the whole team at once, the owner kept on it with edit access. */
export async function replaceSalesTeam(
  db: Kysely<Database>,
  principal: Principal,
  opportunityId: number,
  members: readonly TeamMemberInput[],
  expectedVersion: number | undefined,
): Promise<TeamMember[]> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id: opportunityId,
      expectedVersion,
      action: 'sales team',
      environment,
    });
    const resolved = withOwner(
      await resolveTeamMembers(trx, dealFirmsOf(row), members, 'items'),
      row.owner_id,
    );
    const before = toTeamMembers(await findTeam(trx, opportunityId), row.owner_id);
    // The team decides who sees the deal, so a change to it moves the opportunity's version too.
    await saveOpportunityState(trx, principal, environment, row, { values: {} });
    const now = nowIso();
    await replaceTeam(trx, opportunityId, resolved, now);
    const after = toTeamMembers(await findTeam(trx, opportunityId), row.owner_id);
    await recordUpdate(
      trx,
      { type: 'opportunity', id: opportunityId, userId: principal.userId, at: now },
      { team: teamSummary(before) },
      { team: teamSummary(after) },
      ['team'],
    );
    return after;
  });
}
