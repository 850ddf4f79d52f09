import type { Kysely } from 'kysely';
import type { Firm, FirmCreate, FirmUpdate } from '../../core/contract/firms.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Database } from '../db/schema.ts';
import {
  AppError,
  assertVersion,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { toFirm } from './firm.mapper.ts';
import {
  type FirmRow,
  findFirmById,
  findFirms,
  findVendorFirm,
  insertFirm,
  updateFirm as updateFirmRow,
} from './firm.repository.ts';

/** `system` is the operator at the command line; everyone else must be an admin to manage firms. */
export type Actor = Principal | 'system';

function requireAdmin(actor: Actor): void {
  if (actor !== 'system' && actor.role !== 'admin') throw forbidden('Only administrators manage firms');
}

async function checkDistributor(
  db: Kysely<Database>,
  distributorFirmId: number | null | undefined,
  ownId?: number,
) {
  if (distributorFirmId === null || distributorFirmId === undefined) return;
  const distributor = await findFirmById(db, distributorFirmId);
  if (distributor?.kind !== 'partner' || !distributor.is_distributor || distributor.id === ownId) {
    throw validationError([
      { field: 'distributorFirmId', message: 'must be another partner firm flagged as distributor' },
    ]);
  }
}

export async function createFirm(db: Kysely<Database>, actor: Actor, input: FirmCreate): Promise<Firm> {
  requireAdmin(actor);
  if (input.kind === 'vendor' && input.isDistributor) {
    throw validationError([{ field: 'isDistributor', message: 'only a partner firm can be a distributor' }]);
  }
  return db.transaction().execute(async (trx) => {
    if (input.kind === 'vendor' && (await findVendorFirm(trx))) {
      throw new AppError('CONFLICT', 'There is already a vendor firm; an installation serves one vendor', {
        fields: [{ field: 'kind', message: 'a vendor firm already exists' }],
      });
    }
    await checkDistributor(trx, input.distributorFirmId);
    const now = nowIso();
    try {
      const row = await insertFirm(trx, {
        name: input.name,
        kind: input.kind,
        is_distributor: input.isDistributor ? 1 : 0,
        is_in_good_standing: input.isInGoodStanding ? 1 : 0,
        is_authorized: input.isAuthorized ? 1 : 0,
        distributor_firm_id: input.distributorFirmId ?? null,
        created_at: now,
        updated_at: now,
      });
      return toFirm(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', `A firm named "${input.name}" already exists`, {
          fields: [{ field: 'name', message: 'is already taken' }],
        });
      }
      throw error;
    }
  });
}

/**
 * SPEC §9.1 `GET /firms`: the firms the caller may work with. Partners see their own firm and the
 * distributors they can name on a deal; a distributor also sees the partners it resells through;
 * vendor staff and admins see every firm.
 */
export async function listFirmsFor(db: Kysely<Database>, principal: Principal): Promise<Firm[]> {
  if (principal.firmKind === 'vendor') return (await findFirms(db)).map(toFirm);
  const firms = await findFirms(db, { kind: 'partner' });
  const visible = firms.filter(
    (firm: FirmRow) =>
      firm.id === principal.firmId || Boolean(firm.is_distributor) || principal.isFirmDistributor,
  );
  return visible.map(toFirm);
}

export async function getFirm(db: Kysely<Database>, principal: Principal, id: number): Promise<Firm> {
  const firm = (await listFirmsFor(db, principal)).find((candidate) => candidate.id === id);
  if (!firm) throw notFound('Firm');
  return firm;
}

export async function updateFirm(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  expectedVersion: number | undefined,
  input: FirmUpdate,
): Promise<Firm> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const current = await findFirmById(trx, id);
    if (!current) throw notFound('Firm');
    assertVersion(current, expectedVersion, { current: () => toFirm(current) });
    if (input.isDistributor && current.kind !== 'partner') {
      throw validationError([
        { field: 'isDistributor', message: 'only a partner firm can be a distributor' },
      ]);
    }
    await checkDistributor(trx, input.distributorFirmId, id);
    try {
      const row = await updateFirmRow(trx, id, current.version, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.isDistributor !== undefined && { is_distributor: input.isDistributor ? 1 : 0 }),
        ...(input.isInGoodStanding !== undefined && { is_in_good_standing: input.isInGoodStanding ? 1 : 0 }),
        ...(input.isAuthorized !== undefined && { is_authorized: input.isAuthorized ? 1 : 0 }),
        ...(input.distributorFirmId !== undefined && { distributor_firm_id: input.distributorFirmId }),
        updated_at: nowIso(),
      });
      if (!row) throw versionConflict({ currentVersion: current.version, current: toFirm(current) });
      return toFirm(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', `A firm named "${input.name}" already exists`, {
          fields: [{ field: 'name', message: 'is already taken' }],
        });
      }
      throw error;
    }
  });
}
