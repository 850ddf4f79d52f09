import type { Kysely } from 'kysely';
import type { FieldError } from '../../core/errors.ts';
import {
  dealFirmRefusals,
  mayNameDistributor,
  mayNameReseller,
  type NameableFirm,
  type OwningFirm,
} from '../../core/opportunity-access.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { type FirmRow, findFirmById } from '../firms/firm.repository.ts';
import { AppError } from '../http/app-error.ts';

function nameable(row: FirmRow | undefined): NameableFirm | undefined {
  return (
    row && {
      id: row.id,
      kind: row.kind,
      isDistributor: Boolean(row.is_distributor),
      distributorFirmId: row.distributor_firm_id,
    }
  );
}

export function owningFirmOf(row: FirmRow): OwningFirm {
  return { id: row.id, kind: row.kind, isDistributor: Boolean(row.is_distributor) };
}

/**
 * SPEC §1, §5: the distributor and reseller a deal (or a user's defaults for their deals) would
 * name, checked against the owning firm by `mayNameDistributor` and `mayNameReseller`. A refused id
 * is answered 422 with the same words whether the firm is unknown or not one the owner may name.
 * `null` (naming none) and `undefined` (not given) always pass.
 */
export async function checkDealFirms(
  db: Kysely<Database>,
  owner: OwningFirm,
  named: { distributorFirmId?: number | null | undefined; resellerFirmId?: number | null | undefined },
  cache?: ReadCache,
): Promise<void> {
  const read = (id: number) => cachedRead(cache, `firm:${id}`, () => findFirmById(db, id));
  const fields: FieldError[] = [];
  if (named.distributorFirmId != null) {
    if (!mayNameDistributor(owner, nameable(await read(named.distributorFirmId)))) {
      fields.push({ field: 'distributorFirmId', message: dealFirmRefusals.distributorFirmId });
    }
  }
  if (named.resellerFirmId != null) {
    if (!mayNameReseller(owner, nameable(await read(named.resellerFirmId)))) {
      fields.push({ field: 'resellerFirmId', message: dealFirmRefusals.resellerFirmId });
    }
  }
  if (fields.length > 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `${fields.map((each) => each.field).join(', ')}: ${fields.map((each) => each.message).join('; ')}`,
      { fields },
    );
  }
}
