import type { Kysely } from 'kysely';
import type { TeamMember, TeamMemberInput } from '../../core/contract/team.ts';
import { canEditOpportunity } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { findVendorFirm } from '../firms/firm.repository.ts';
import { listFirmsFor } from '../firms/firm.service.ts';
import { AppError, forbidden, notFound, validationError } from '../http/app-error.ts';
import { opportunityAccessFacts } from '../opportunities/opportunity.mapper.ts';
import { findVisibleOpportunity, type OpportunityRow } from '../opportunities/opportunity.repository.ts';
import { loadEnvironment, saveOpportunityState } from '../opportunities/opportunity-state.ts';
import { findTeam, replaceTeam, type TeamRow } from './sales-team.repository.ts';

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

/**
 * Team members may come from any firm the caller works with, and the vendor (SPEC §5): the
 * people the caller can also find in the user list. Unknown or inactive people are refused by field.
 */
export async function resolveTeamMembers(
  db: Kysely<Database>,
  principal: Principal,
  members: readonly TeamMemberInput[],
  field = 'team',
): Promise<TeamRow[]> {
  const firmIds = new Set((await listFirmsFor(db, principal)).map((firm) => firm.id));
  const vendor = await findVendorFirm(db);
  if (vendor) firmIds.add(vendor.id);
  const ids = [...new Set(members.map((member) => member.userId))];
  if (ids.length !== members.length) throw validationError([{ field, message: 'lists a person twice' }]);
  const users = ids.length
    ? await db.selectFrom('users').select(['id', 'firm_id', 'is_active']).where('id', 'in', ids).execute()
    : [];
  const errors = members.flatMap((member, index) => {
    const user = users.find((candidate) => candidate.id === member.userId);
    if (!user?.is_active || (principal.role !== 'admin' && !firmIds.has(user.firm_id))) {
      return [{ field: `${field}.${index}.userId`, message: 'must be an active user you can work with' }];
    }
    return [];
  });
  if (errors.length) throw validationError(errors);
  return members.map((member) => ({
    user_id: member.userId,
    role: member.role ?? null,
    access: member.access,
  }));
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

export function requireEditable(principal: Principal, row: OpportunityRow, what: string): void {
  if (!canEditOpportunity(principal, opportunityAccessFacts(row))) {
    throw forbidden(`You may see this opportunity but not change its ${what}`);
  }
  if (row.outcome !== 'open') {
    throw new AppError('UNPROCESSABLE', `The opportunity is closed; reopen it to change its ${what}`);
  }
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
    const row = await findVisibleOpportunity(trx, principal, opportunityId);
    if (!row) throw notFound('Opportunity');
    requireEditable(principal, row, 'sales team');
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        'The opportunity was changed by someone else; reload and try again',
        {
          currentVersion: row.version,
        },
      );
    }
    const environment = await loadEnvironment(trx);
    const resolved = withOwner(await resolveTeamMembers(trx, principal, members, 'items'), row.owner_id);
    const before = toTeamMembers(await findTeam(trx, opportunityId), row.owner_id);
    // The team decides who sees the deal, so a change to it moves the opportunity's version too.
    await saveOpportunityState(trx, principal, environment, row, { values: {} });
    const now = nowIso();
    await replaceTeam(trx, opportunityId, resolved, now);
    const after = toTeamMembers(await findTeam(trx, opportunityId), row.owner_id);
    const summarize = (team: TeamMember[]) =>
      team.map((member) => `${member.name} (${member.access})`).sort();
    await recordUpdate(
      trx,
      { type: 'opportunity', id: opportunityId, userId: principal.userId, at: now },
      { team: summarize(before) },
      { team: summarize(after) },
      ['team'],
    );
    return after;
  });
}
