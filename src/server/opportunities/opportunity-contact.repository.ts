import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import { visibleOpportunities } from '../access/visibility.ts';
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

/** Live opportunities that rely on a BPContact: as their primary contact, or listing it among their contacts. */
function opportunitiesUsingContact(db: Kysely<Database>, contactId: number) {
  return db
    .selectFrom('opportunities')
    .where('opportunities.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('opportunities.primary_contact_id', '=', contactId),
        eb(
          'opportunities.id',
          'in',
          eb
            .selectFrom('opportunity_contacts')
            .select('opportunity_contacts.opportunity_id')
            .where('opportunity_contacts.contact_id', '=', contactId),
        ),
      ]),
    );
}

export type ContactUse = {
  /** Opportunities of any firm relying on the contact, and those with it as primary contact. */
  all: { linked: number; primary: number };
  /** The same, counting only what the caller may see. */
  visible: { linked: number; primary: number };
  /** The first visible ones by number (primary ones first), to name in a refusal. */
  sample: { id: number; number: string; isPrimary: boolean }[];
};

/**
 * How live opportunities use a BPContact, split by what the caller may see, so a refusal can name
 * and count the visible ones and only say that others exist (SPEC §5: never count the rest).
 */
export async function findContactUse(
  db: Kysely<Database>,
  principal: Principal,
  contactId: number,
  sampleSize = 5,
): Promise<ContactUse> {
  const counts = (visibleOnly: boolean) => {
    let query = opportunitiesUsingContact(db, contactId);
    if (visibleOnly) query = query.where(visibleOpportunities(principal));
    return query
      .select((eb) => [
        eb.fn.countAll<number>().as('linked'),
        eb.fn
          .sum<number>(
            eb.case().when('opportunities.primary_contact_id', '=', contactId).then(1).else(0).end(),
          )
          .as('primary'),
      ])
      .executeTakeFirstOrThrow();
  };
  const all = await counts(false);
  const visible = await counts(true);
  const sample = await opportunitiesUsingContact(db, contactId)
    .where(visibleOpportunities(principal))
    .select(['opportunities.id', 'opportunities.number', 'opportunities.primary_contact_id'])
    .orderBy((eb) => eb.case().when('opportunities.primary_contact_id', '=', contactId).then(0).else(1).end())
    .orderBy('opportunities.number')
    .limit(sampleSize)
    .execute();
  return {
    all: { linked: Number(all.linked), primary: Number(all.primary ?? 0) },
    visible: { linked: Number(visible.linked), primary: Number(visible.primary ?? 0) },
    sample: sample.map((row) => ({
      id: row.id,
      number: row.number,
      isPrimary: row.primary_contact_id === contactId,
    })),
  };
}
