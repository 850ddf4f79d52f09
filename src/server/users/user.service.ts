import type { Kysely } from 'kysely';
import type { User, UserCreate, UserUpdate } from '../../core/contract/firms.ts';
import type { Principal } from '../../core/principal.ts';
import { rolesByFirmKind } from '../../core/roles.ts';
import { endAccessOf } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/secrets.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { decodeCursor, toPage } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import { findFirmById, findVendorFirm } from '../firms/firm.repository.ts';
import { type Actor, listFirmsFor } from '../firms/firm.service.ts';
import { AppError, forbidden, notFound, validationError, versionConflict } from '../http/app-error.ts';
import { toUser } from './user.mapper.ts';
import { findUserById, findUsers, insertUser, updateUser as updateUserRow } from './user.repository.ts';

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
      return toUser({ ...row, firm_name: firm.name });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(input.email);
      throw error;
    }
  });
}

/** Firms whose people the caller may pick as owners and team members: those it works with, and the vendor. */
async function firmIdsWhoseUsersAreVisible(
  db: Kysely<Database>,
  principal: Principal,
): Promise<number[] | undefined> {
  if (principal.firmKind === 'vendor') return undefined;
  const firms = await listFirmsFor(db, principal);
  const vendor = await findVendorFirm(db);
  return [...firms.map((firm) => firm.id), ...(vendor ? [vendor.id] : [])];
}

export type UserListOptions = {
  q?: string | undefined;
  firmId?: number | undefined;
  limit: number;
  cursor?: string;
};

export async function listUsers(db: Kysely<Database>, principal: Principal, options: UserListOptions) {
  const visibleFirmIds = await firmIdsWhoseUsersAreVisible(db, principal);
  let firmIds = visibleFirmIds;
  if (options.firmId !== undefined) {
    firmIds = !visibleFirmIds || visibleFirmIds.includes(options.firmId) ? [options.firmId] : [];
  }
  const after = decodeCursor(options.cursor, 2);
  const rows = await findUsers(db, {
    ...(firmIds && { firmIds }),
    ...(options.q && { q: options.q }),
    ...(after && { afterName: [String(after[0]), Number(after[1])] as [string, number] }),
    limit: options.limit + 1,
  });
  return toPage(rows, options.limit, toUser, (row) => [row.name, row.id]);
}

export async function getUser(db: Kysely<Database>, principal: Principal, id: number): Promise<User> {
  const row = await findUserById(db, id);
  const visibleFirmIds = await firmIdsWhoseUsersAreVisible(db, principal);
  if (!row || (visibleFirmIds && !visibleFirmIds.includes(row.firm_id))) throw notFound('User');
  return toUser(row);
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
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw versionConflict(toUser(current), current.version);
    }
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
    if (!row) throw versionConflict(toUser(current), current.version);
    const endsAccess =
      input.isActive === false ||
      passwordHash !== undefined ||
      (input.role !== undefined && input.role !== current.role);
    // SPEC §5: deactivating a user, resetting their password or changing their role ends their
    // sessions and API tokens at once, in this same transaction.
    if (endsAccess) await endAccessOf(trx, id);
    return toUser({ ...row, firm_name: current.firm_name });
  });
}
