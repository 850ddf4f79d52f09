import type { Kysely } from 'kysely';
import type { User, UserCreate, UserUpdate } from '../../core/contract/firms.ts';
import { canEditOpportunity, teamFirmIds } from '../../core/opportunity-access.ts';
import type { Principal } from '../../core/principal.ts';
import { rolesByFirmKind } from '../../core/roles.ts';
import { endAccessOf } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/secrets.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { getDefaultsOf } from '../defaults/defaults.service.ts';
import { findFirmById, findFirmIdsWorkingThrough } from '../firms/firm.repository.ts';
import type { Actor } from '../firms/firm.service.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { dealFirmsOf, opportunityAccessFacts } from '../opportunities/opportunity.mapper.ts';
import { findVisibleOpportunity } from '../opportunities/opportunity.repository.ts';
import { toUser } from './user.mapper.ts';
import {
  findUserById,
  findUsers,
  insertUser,
  isUserInReachOrOnVisibleDeal,
  lockActiveAdministratorIds,
  type UserReach,
  type UserWithFirmRow,
  updateUser as updateUserRow,
} from './user.repository.ts';

function requireAdmin(actor: Actor): void {
  if (actor !== 'system' && actor.role !== 'admin') throw forbidden('Only administrators manage users');
}

function emailTaken(email: string): AppError {
  return new AppError('CONFLICT', `A user with the email ${email} already exists`, {
    fields: [{ field: 'email', message: 'is already taken' }],
  });
}

export async function createUser(db: Kysely<Database>, actor: Actor, input: UserCreate): Promise<User> {
  requireAdmin(actor);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const firm = await findFirmById(trx, input.firmId);
    if (!firm) throw validationError([{ field: 'firmId', message: 'must be an existing firm' }]);
    if (!rolesByFirmKind[firm.kind].includes(input.role)) {
      throw validationError([
        {
          field: 'role',
          message: `a user of a ${firm.kind} firm must be one of: ${rolesByFirmKind[firm.kind].join(', ')}`,
        },
      ]);
    }
    const now = nowIso();
    try {
      const row = await insertUser(trx, {
        firm_id: firm.id,
        email: input.email,
        name: input.name,
        role: input.role,
        password_hash: passwordHash,
        is_active: 1,
        created_at: now,
        updated_at: now,
      });
      return toUser({ ...row, firm_name: firm.name }, 'administration');
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(input.email);
      throw error;
    }
  });
}

/**
 * Whose people the caller may see outside any one deal: vendor staff and admins, everyone; a
 * partner's user, its own firm, the distributor recorded on it (or, for a distributor, the partners
 * that record it), and vendor staff. Never a partner it does not work with, even by asking for it.
 */
async function reachOf(db: Kysely<Database>, principal: Principal): Promise<UserReach | undefined> {
  if (principal.firmKind === 'vendor') return undefined;
  const own = await findFirmById(db, principal.firmId);
  const resellers = principal.isFirmDistributor ? await findFirmIdsWorkingThrough(db, principal.firmId) : [];
  const firmIds = [
    principal.firmId,
    ...(own?.distributor_firm_id != null ? [own.distributor_firm_id] : []),
    ...resellers,
  ];
  return { firmIds, vendorStaff: true };
}

/**
 * For picking a deal's owner and team: the people who may join its team (SPEC §5), asked by someone
 * who may change it (404 when the deal is invisible, 403 when it is only readable).
 */
async function reachOfDeal(
  db: Kysely<Database>,
  principal: Principal,
  opportunityId: number,
): Promise<UserReach> {
  const row = await findVisibleOpportunity(db, principal, opportunityId);
  if (!row) throw notFound('Opportunity');
  if (!canEditOpportunity(principal, opportunityAccessFacts(row))) {
    throw forbidden('You may see this opportunity but not change its owner or sales team');
  }
  return { firmIds: teamFirmIds(dealFirmsOf(row)), vendorStaff: true };
}

export type UserListOptions = {
  q?: string | undefined;
  firmId?: number | undefined;
  opportunityId?: number | undefined;
  limit: number;
  cursor?: string;
};

export async function listUsers(db: Kysely<Database>, principal: Principal, options: UserListOptions) {
  const reach =
    options.opportunityId === undefined
      ? await reachOf(db, principal)
      : await reachOfDeal(db, principal, options.opportunityId);
  const after = decodeCursor(options.cursor, 2);
  const rows = await findUsers(db, {
    ...(reach && { reach }),
    ...(options.firmId !== undefined && { firmId: options.firmId }),
    ...(options.q && { q: options.q }),
    ...(after && { afterName: [String(after[0]), Number(after[1])] as [string, number] }),
    limit: options.limit + 1,
  });
  return toPage(
    rows,
    options.limit,
    (row) => toUser(row, principal),
    (row) => [row.name, row.id],
  );
}

/** One person: anyone in the caller's reach, on its own default team, or on a deal it can see. */
export async function getUser(db: Kysely<Database>, principal: Principal, id: number): Promise<User> {
  const row = await findUserById(db, id);
  if (!row) throw notFound('User');
  const reach = await reachOf(db, principal);
  if (reach) {
    const defaults = await getDefaultsOf(db, principal.userId);
    const onDefaultTeam = defaults?.team.some((member) => member.userId === id) ?? false;
    if (!onDefaultTeam && !(await isUserInReachOrOnVisibleDeal(db, principal, id, reach))) {
      throw notFound('User');
    }
  }
  return toUser(row, principal);
}

/**
 * The installation always keeps an active administrator: deactivating or demoting the last one is
 * refused (422 naming the field), whoever asks. Checked against the administrators locked for
 * update, in the transaction that writes the change.
 */
async function requireAnotherActiveAdministrator(
  trx: Kysely<Database>,
  current: UserWithFirmRow,
  input: UserUpdate,
): Promise<void> {
  if (current.role !== 'admin' || current.is_active !== 1) return;
  const deactivates = input.isActive === false;
  const demotes = input.role !== undefined && input.role !== 'admin';
  if (!deactivates && !demotes) return;
  const admins = await lockActiveAdministratorIds(trx);
  if (admins.some((id) => id !== current.id)) return;
  const field = deactivates ? 'isActive' : 'role';
  const message = deactivates
    ? 'cannot be false for the last active administrator; make another user an administrator first'
    : 'cannot change for the last active administrator; make another user an administrator first';
  throw new AppError('UNPROCESSABLE', `${field} ${message}`, { fields: [{ field, message }] });
}

export async function updateUser(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  expectedVersion: number | undefined,
  input: UserUpdate,
): Promise<User> {
  requireAdmin(actor);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const current = await findUserById(trx, id);
    if (!current) throw notFound('User');
    assertVersion(current, expectedVersion, { current: () => toUser(current, 'administration') });
    await requireAnotherActiveAdministrator(trx, current, input);
    if (input.role !== undefined) {
      const firm = await findFirmById(trx, current.firm_id);
      if (firm && !rolesByFirmKind[firm.kind].includes(input.role)) {
        throw validationError([
          {
            field: 'role',
            message: `a user of a ${firm.kind} firm must be one of: ${rolesByFirmKind[firm.kind].join(', ')}`,
          },
        ]);
      }
    }
    const row = await updateUserRow(trx, id, current.version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.isActive !== undefined && { is_active: input.isActive ? 1 : 0 }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      updated_at: nowIso(),
    });
    if (!row)
      throw versionConflict({ currentVersion: current.version, current: toUser(current, 'administration') });
    const endsAccess =
      input.isActive === false ||
      passwordHash !== undefined ||
      (input.role !== undefined && input.role !== current.role);
    // SPEC §5: deactivating a user, resetting their password or changing their role ends their
    // sessions and API tokens at once, in this same transaction.
    if (endsAccess) await endAccessOf(trx, id);
    return toUser({ ...row, firm_name: current.firm_name }, 'administration');
  });
}
