import type { Kysely } from 'kysely';
import { isOpenOnlyThroughDeal } from '../../core/access.ts';
import { assertNever } from '../../core/assert.ts';
import type { RecordType } from '../../core/contract/common.ts';
import type { Principal } from '../../core/principal.ts';
import { clientOwnership } from '../clients/client.mapper.ts';
import { findReadableClient } from '../clients/client.repository.ts';
import { contactOwnership } from '../contacts/contact.mapper.ts';
import { findReadableContact } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';
import { forbidden } from '../http/app-error.ts';
import { findVisibleOpportunity } from '../opportunities/opportunity.repository.ts';

/**
 * How far the caller reaches one client, contact or opportunity, by the same predicates as its reads:
 * `none`, not found; `read`, a client or BPContact open to them only through a deal they may see
 * (SPEC §5: to read, nothing more); `full`, visible by its own rule.
 */
export type RecordAccess = 'none' | 'read' | 'full';

export async function recordAccess(
  db: Kysely<Database>,
  principal: Principal,
  type: RecordType,
  id: number,
): Promise<RecordAccess> {
  switch (type) {
    case 'client': {
      const row = await findReadableClient(db, principal, id);
      if (!row) return 'none';
      return isOpenOnlyThroughDeal(principal, clientOwnership(row)) ? 'read' : 'full';
    }
    case 'contact': {
      const row = await findReadableContact(db, principal, id);
      if (!row) return 'none';
      return isOpenOnlyThroughDeal(principal, contactOwnership(row)) ? 'read' : 'full';
    }
    case 'opportunity':
      return (await findVisibleOpportunity(db, principal, id)) !== undefined ? 'full' : 'none';
    default:
      return assertNever(type, 'record type');
  }
}

/** Whether the caller may open one client, contact or opportunity (404 otherwise). */
export async function isRecordVisible(
  db: Kysely<Database>,
  principal: Principal,
  type: RecordType,
  id: number,
): Promise<boolean> {
  return (await recordAccess(db, principal, type, id)) !== 'none';
}

export const recordTypeLabels: Record<RecordType, string> = {
  client: 'Client',
  contact: 'Contact',
  opportunity: 'Opportunity',
};

/**
 * A change to a client or BPContact the caller may open: refused (403, not hidden) when the record
 * says the caller may not take the action. The record's `canEdit` / `canDelete` are core's
 * `canEditFirmRecord` / `canDeleteFirmRecord`, as its mapper computed them.
 */
export function requireFirmRecordAction(
  record: { canEdit: boolean; canDelete: boolean; ownerFirmName: string },
  action: 'change' | 'delete',
  noun: 'client' | 'contact',
): void {
  if (action === 'change' && !record.canEdit) {
    throw forbidden(`Only ${record.ownerFirmName} can change this ${noun}`);
  }
  if (action === 'delete' && !record.canDelete) {
    throw forbidden(`Only a manager of the owning firm or an administrator can delete this ${noun}`);
  }
}
