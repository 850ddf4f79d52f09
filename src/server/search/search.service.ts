import type { Kysely } from 'kysely';
import { formatContactName } from '../../core/contract/contacts.ts';
import type { SearchableType, SearchHit } from '../../core/contract/search.ts';
import type { Principal } from '../../core/principal.ts';
import { findVisibleClients } from '../clients/client.repository.ts';
import { findVisibleContacts } from '../contacts/contact.repository.ts';
import type { Database } from '../db/schema.ts';
import { opportunityLabel } from '../favorites/favorite-targets.ts';
import { findVisibleOpportunities } from '../opportunities/opportunity.repository.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';

type Searcher = (
  db: Kysely<Database>,
  principal: Principal,
  q: string,
  limit: number,
) => Promise<SearchHit[]>;

/** Each type is searched through its own list query, so global search applies the same visibility. */
const searchers: Record<SearchableType, Searcher> = {
  client: async (db, principal, q, limit) =>
    (
      await findVisibleClients(db, principal, {
        filter: { q },
        sort: { field: 'name', direction: 'asc' },
        limit,
      })
    ).map((row) => ({
      type: 'client',
      id: row.id,
      title: row.name,
      subtitle: [row.client_number, row.city, row.country].filter(Boolean).join(' · '),
    })),
  contact: async (db, principal, q, limit) =>
    (
      await findVisibleContacts(db, principal, {
        filter: { q },
        sort: { field: 'name', direction: 'asc' },
        limit,
      })
    ).map((row) => ({
      type: 'contact',
      id: row.id,
      title: formatContactName({ firstName: row.first_name, lastName: row.last_name }),
      subtitle: [row.title, row.client_name, row.email].filter(Boolean).join(' · '),
    })),
  opportunity: async (db, principal, q, limit) =>
    // Latest decisions first: the deals in play come before old ones, and the list's own index
    // holds that order, so a common word finds its first matches after a few rows.
    (
      await findVisibleOpportunities(db, principal, {
        filter: { q },
        sort: { field: 'decisionDate', direction: 'desc' },
        limit,
        catalog: await loadStageCatalog(db),
        now: new Date(),
      })
    ).map((row) => ({ type: 'opportunity', id: row.id, ...opportunityLabel(row) })),
};

export async function searchEverything(
  db: Kysely<Database>,
  principal: Principal,
  query: { q: string; types: SearchableType[]; limit: number },
): Promise<SearchHit[]> {
  const results = await Promise.all(
    query.types.map((type) => searchers[type](db, principal, query.q, query.limit)),
  );
  return results.flat();
}
