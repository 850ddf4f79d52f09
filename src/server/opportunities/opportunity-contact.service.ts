import type { Kysely } from 'kysely';
import type { ContactLink } from '../../core/change-log.ts';
import type { OpportunityContact } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { findVisibleContact, lockContactRow } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';
import { notFound, validationError } from '../http/app-error.ts';
import { toOpportunityContact } from './opportunity.mapper.ts';
import { findVisibleOpportunity } from './opportunity.repository.ts';
import { loadOpportunityForChange } from './opportunity-change.ts';
import { findOpportunityContacts, replaceOpportunityContacts } from './opportunity-contact.repository.ts';
import { loadEnvironment, saveOpportunityState } from './opportunity-state.ts';

function toOpportunityContacts(
  rows: Awaited<ReturnType<typeof findOpportunityContacts>>,
): OpportunityContact[] {
  return rows.map(toOpportunityContact);
}

export async function getOpportunityContacts(db: Kysely<Database>, principal: Principal, id: number) {
  if (!(await findVisibleOpportunity(db, principal, id))) throw notFound('Opportunity');
  return toOpportunityContacts(await findOpportunityContacts(db, id));
}

export type ContactLinkInput = {
  contactId: number;
  role?: string | null | undefined;
  isPrimary?: boolean | undefined;
};

/**
 * The BPContacts of an opportunity with their roles (SPEC §2), replaced as a whole. One may be
 * primary; the primary contact is what the 02 Validate gate looks for.
 */
export async function replaceContactsOfOpportunity(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  links: readonly ContactLinkInput[],
  expectedVersion: number | undefined,
): Promise<OpportunityContact[]> {
  return db.transaction().execute(async (trx) => {
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id,
      // A stale If-Match on the BPContacts is answered with a 400 naming it (below), not a 409.
      expectedVersion: undefined,
      action: 'BPContacts',
      environment: await loadEnvironment(trx),
    });
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw validationError([{ field: 'If-Match', message: 'is stale; reload the opportunity' }]);
    }
    const seen = new Set<number>();
    const errors = [];
    for (const [index, link] of links.entries()) {
      const contact = await findVisibleContact(trx, principal, link.contactId);
      if (
        !contact ||
        contact.client_id !== row.client_id ||
        !(await lockContactRow(trx, link.contactId, 'link'))
      ) {
        errors.push({
          field: `items.${index}.contactId`,
          message: 'must be a BPContact of the opportunity’s client that you can see',
        });
      }
      if (seen.has(link.contactId))
        errors.push({ field: `items.${index}.contactId`, message: 'is listed twice' });
      seen.add(link.contactId);
    }
    const primaries = links.filter((link) => link.isPrimary);
    if (primaries.length > 1) errors.push({ field: 'items', message: 'may have only one primary contact' });
    if (errors.length) throw validationError(errors);
    const primaryId = primaries[0]?.contactId ?? null;
    const before = toOpportunityContacts(await findOpportunityContacts(trx, id));
    const now = nowIso();
    await replaceOpportunityContacts(
      trx,
      id,
      links.map((link) => ({
        contact_id: link.contactId,
        role: link.role ?? null,
        is_primary: link.contactId === primaryId ? 1 : 0,
      })),
      now,
    );
    const environment = await loadEnvironment(trx);
    await saveOpportunityState(trx, principal, environment, row, {
      values: { primary_contact_id: primaryId },
    });
    const after = toOpportunityContacts(await findOpportunityContacts(trx, id));
    // Ids and roles only: each reader gets the names of the contacts they may open (SPEC §5).
    const summarize = (contacts: OpportunityContact[]): ContactLink[] =>
      contacts
        .map((contact) => ({ contactId: contact.contactId, role: contact.role }))
        .sort((left, right) => left.contactId - right.contactId);
    await recordUpdate(
      trx,
      { type: 'opportunity', id, userId: principal.userId, at: now },
      { contacts: summarize(before) },
      { contacts: summarize(after) },
      ['contacts'],
    );
    return after;
  });
}
