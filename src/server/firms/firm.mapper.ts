import type { Firm } from '../../core/contract/firms.ts';
import type { FirmRow } from './firm.repository.ts';

export function isFirmEligible(
  row: Pick<FirmRow, 'kind' | 'is_in_good_standing' | 'is_authorized'>,
): boolean {
  return row.kind === 'partner' && Boolean(row.is_in_good_standing) && Boolean(row.is_authorized);
}

export function toFirm(row: FirmRow): Firm {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    isDistributor: Boolean(row.is_distributor),
    isInGoodStanding: Boolean(row.is_in_good_standing),
    isAuthorized: Boolean(row.is_authorized),
    isEligible: isFirmEligible(row),
    distributorFirmId: row.distributor_firm_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
