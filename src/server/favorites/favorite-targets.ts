import type { Kysely } from 'kysely';
import { formatContactName } from '../../core/contract/contacts.ts';
import type { Favorite, FavoriteType } from '../../core/contract/favorites.ts';
import type { Principal } from '../../core/principal.ts';
import { readableClients, readableContacts, visibleOpportunities } from '../access/visibility.ts';
import { findReadableClient } from '../clients/client.repository.ts';
import { findReadableContact } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';
import { findVisibleOpportunity } from '../opportunities/opportunity.repository.ts';

/** How a starred or recently viewed record is labelled in lists (title and one line under it). */
export type RecordLabel = { title: string; subtitle: string | null };

export function clientLabel(row: {
  name: string;
  client_number: string;
  country: string | null;
}): RecordLabel {
  return { title: row.name, subtitle: [row.client_number, row.country].filter(Boolean).join(' · ') };
}

export function contactLabel(row: {
  first_name: string | null;
  last_name: string;
  title: string | null;
  client_name: string;
}): RecordLabel {
  return {
    title: formatContactName({ firstName: row.first_name, lastName: row.last_name }),
    subtitle: [row.title, row.client_name].filter(Boolean).join(' · '),
  };
}

export function opportunityLabel(row: {
  number: string;
  name: string;
  client_name: string;
  stage_label: string;
}): RecordLabel {
  return { title: `${row.number} ${row.name}`, subtitle: `${row.client_name} · ${row.stage_label}` };
}

/**
 * What favorites need of each record type: can the caller open it, and the caller's starred ones with
 * labels. Stars, like recent views, hold only records the caller chose, so they follow the single-record
 * read rule (a deal's client and BPContacts included, SPEC §5), checked per starred row by key.
 */
export type FavoriteTarget = {
  isVisible(db: Kysely<Database>, principal: Principal, id: number): Promise<boolean>;
  listStarred(db: Kysely<Database>, principal: Principal): Promise<Favorite[]>;
};

const clientTarget: FavoriteTarget = {
  isVisible: async (db, principal, id) => (await findReadableClient(db, principal, id)) !== undefined,
  listStarred: async (db, principal) => {
    const rows = await db
      .selectFrom('favorites')
      .innerJoin('clients', 'clients.id', 'favorites.entity_id')
      .select([
        'clients.id',
        'clients.name',
        'clients.client_number',
        'clients.country',
        'favorites.created_at',
      ])
      .where('favorites.user_id', '=', principal.userId)
      .where('favorites.entity_type', '=', 'client')
      .where(readableClients(principal))
      .execute();
    return rows.map((row) => ({
      type: 'client' as const,
      id: row.id,
      ...clientLabel(row),
      createdAt: row.created_at,
    }));
  },
};

const contactTarget: FavoriteTarget = {
  isVisible: async (db, principal, id) => (await findReadableContact(db, principal, id)) !== undefined,
  listStarred: async (db, principal) => {
    const rows = await db
      .selectFrom('favorites')
      .innerJoin('contacts', 'contacts.id', 'favorites.entity_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'contacts.id',
        'contacts.first_name',
        'contacts.last_name',
        'contacts.title',
        'clients.name as client_name',
        'favorites.created_at',
      ])
      .where('favorites.user_id', '=', principal.userId)
      .where('favorites.entity_type', '=', 'contact')
      .where(readableContacts(principal))
      .execute();
    return rows.map((row) => ({
      type: 'contact' as const,
      id: row.id,
      ...contactLabel(row),
      createdAt: row.created_at,
    }));
  },
};

const opportunityTarget: FavoriteTarget = {
  isVisible: async (db, principal, id) => (await findVisibleOpportunity(db, principal, id)) !== undefined,
  listStarred: async (db, principal) => {
    const rows = await db
      .selectFrom('favorites')
      .innerJoin('opportunities', 'opportunities.id', 'favorites.entity_id')
      .innerJoin('clients', 'clients.id', 'opportunities.client_id')
      .innerJoin('stages', 'stages.code', 'opportunities.stage')
      .select([
        'opportunities.id',
        'opportunities.number',
        'opportunities.name',
        'clients.name as client_name',
        'stages.label as stage_label',
        'favorites.created_at',
      ])
      .where('favorites.user_id', '=', principal.userId)
      .where('favorites.entity_type', '=', 'opportunity')
      .where(visibleOpportunities(principal))
      .execute();
    return rows.map((row) => ({
      type: 'opportunity' as const,
      id: row.id,
      ...opportunityLabel(row),
      createdAt: row.created_at,
    }));
  },
};

export const favoriteTargets: Record<FavoriteType, FavoriteTarget> = {
  client: clientTarget,
  contact: contactTarget,
  opportunity: opportunityTarget,
};
