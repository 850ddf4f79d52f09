import type { Kysely } from 'kysely';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/schema.ts';

export async function findOpportunityContacts(db: Kysely<Database>, opportunityId: number) {
  return db
    .selectFrom('opportunity_contacts')
    .innerJoin('contacts', 'contacts.id', 'opportunity_contacts.contact_id')
    .select([
      'opportunity_contacts.contact_id',
      'opportunity_contacts.role',
      'opportunity_contacts.is_primary',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.title',
      'contacts.email',
      'contacts.phone',
      'contacts.client_id',
    ])
    .where('opportunity_contacts.opportunity_id', '=', opportunityId)
    .where('contacts.deleted_at', 'is', null)
    .orderBy('opportunity_contacts.is_primary', 'desc')
    .orderBy('contacts.last_name')
    .execute();
}

export type OpportunityContactRow = { contact_id: number; role: string | null; is_primary: number };

export async function replaceOpportunityContacts(
  db: Kysely<Database>,
  opportunityId: number,
  contacts: OpportunityContactRow[],
  at: string,
) {
  await db.deleteFrom('opportunity_contacts').where('opportunity_id', '=', opportunityId).execute();
  if (contacts.length === 0) return;
  await db
    .insertInto('opportunity_contacts')
    .values(contacts.map((contact) => ({ opportunity_id: opportunityId, ...contact, created_at: at })))
    .execute();
}

/** Contact links of many new opportunities at once (bulk imports). */
export async function insertOpportunityContacts(
  db: Kysely<Database>,
  rows: readonly (OpportunityContactRow & { opportunity_id: number; created_at: string })[],
): Promise<void> {
  await insertRows(db, 'opportunity_contacts', rows);
}
