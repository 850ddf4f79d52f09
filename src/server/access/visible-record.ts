import type { Kysely } from 'kysely';
import { assertNever } from '../../core/assert.ts';
import type { RecordType } from '../../core/contract/common.ts';
import type { Principal } from '../../core/principal.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { findVisibleContact } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';
import { findVisibleOpportunity } from '../opportunities/opportunity.repository.ts';

/** Whether the caller may open one client, contact or opportunity, by the same predicates as its reads. */
export async function isRecordVisible(
  db: Kysely<Database>,
  principal: Principal,
  type: RecordType,
  id: number,
): Promise<boolean> {
  switch (type) {
    case 'client':
      return (await findVisibleClient(db, principal, id)) !== undefined;
    case 'contact':
      return (await findVisibleContact(db, principal, id)) !== undefined;
    case 'opportunity':
      return (await findVisibleOpportunity(db, principal, id)) !== undefined;
    default:
      return assertNever(type, 'record type');
  }
}

export const recordTypeLabels: Record<RecordType, string> = {
  client: 'Client',
  contact: 'Contact',
  opportunity: 'Opportunity',
};
