import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import type { Database } from '../db/schema.ts';

/**
 * The one place that turns SPEC §5 into SQL. Every query that lists, counts, sums, searches or
 * exports records adds the predicate for the caller from here; single-record reads go through the
 * same predicate, so a record the caller may not see is simply not found (404, no existence leak).
 * The pure forms of the same rules are in src/core/access.ts.
 */

export function visibleClients(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'clients'>): Expression<SqlBool> => {
    const alive = eb('clients.deleted_at', 'is', null);
    if (principal.role === 'admin') return alive;
    return eb.and([
      alive,
      eb.or([eb('clients.is_vendor_registered', '=', 1), eb('clients.owner_firm_id', '=', principal.firmId)]),
    ]);
  };
}

export function visibleContacts(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'contacts'>): Expression<SqlBool> => {
    const alive = eb('contacts.deleted_at', 'is', null);
    if (principal.role === 'admin') return alive;
    return eb.and([
      alive,
      eb.or([
        eb('contacts.is_vendor_registered', '=', 1),
        eb('contacts.owner_firm_id', '=', principal.firmId),
      ]),
    ]);
  };
}
