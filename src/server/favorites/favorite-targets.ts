import type { Kysely } from 'kysely';
import type { Favorite, FavoriteType } from '../../core/contract/favorites.ts';
import type { Principal } from '../../core/principal.ts';
import { visibleClients, visibleContacts } from '../access/visibility.ts';
import { findVisibleClient } from '../clients/client.repository.ts';
import { findVisibleContact } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';

/** What favorites need of each record type: can the caller see it, and the caller's starred ones with labels. */
export type FavoriteTarget = {
  isVisible(db: Kysely<Database>, principal: Principal, id: number): Promise<boolean>;
  listStarred(db: Kysely<Database>, principal: Principal): Promise<Favorite[]>;
};

const clientTarget: FavoriteTarget = {
  isVisible: async (db, principal, id) => (await findVisibleClient(db, principal, id)) !== undefined,
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
      .where(visibleClients(principal))
      .execute();
    return rows.map((row) => ({
      type: 'client' as const,
      id: row.id,
      title: row.name,
      subtitle: [row.client_number, row.country].filter(Boolean).join(' · '),
      createdAt: row.created_at,
    }));
  },
};

const contactTarget: FavoriteTarget = {
  isVisible: async (db, principal, id) => (await findVisibleContact(db, principal, id)) !== undefined,
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
      .where(visibleContacts(principal))
      .execute();
    return rows.map((row) => ({
      type: 'contact' as const,
      id: row.id,
      title: row.first_name ? `${row.first_name} ${row.last_name}` : row.last_name,
      subtitle: [row.title, row.client_name].filter(Boolean).join(' · '),
      createdAt: row.created_at,
    }));
  },
};

/** Opportunities arrive with the opportunity process; until then there is none to star. */
const noOpportunities: FavoriteTarget = {
  isVisible: async () => false,
  listStarred: async () => [],
};

export const favoriteTargets: Record<FavoriteType, FavoriteTarget> = {
  client: clientTarget,
  contact: contactTarget,
  opportunity: noOpportunities,
};
