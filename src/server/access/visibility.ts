import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../../core/principal.ts';
import type { DatabaseKind } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

/**
 * The one place that turns SPEC §5 into SQL. Every query that lists, counts, sums, searches or
 * exports records adds the predicate for the caller from here; single-record reads go through the
 * same predicate (for clients and BPContacts, widened by the related-records branch below), so a
 * record the caller may not see is simply not found (404, no existence leak). The pure forms of the
 * same rules are in src/core/access.ts.
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

/*
 * SPEC §5, related records of a visible deal: whoever may see an opportunity may open (read) its
 * client and the BPContacts linked to it, even another firm's. The grant is the record alone, to read:
 * `readableClients` and `readableContacts` are for single-record reads (a read, the refusal of a change
 * to it, and the caller's own stars and recent views, which hold only records they opened). Lists,
 * search, counts, totals and exports keep to `visibleClients` / `visibleContacts`, so the client's other
 * deals and contacts stay out of reach, and nothing there pays for the extra branch. The branch is one
 * `exists` over the deals of that one client (or contact), looked up by key, each by the deal's own
 * visibility: a deal the caller may not see (partner-private to vendor staff, another firm's) gives
 * nothing.
 */
export function readableClients(principal: Principal) {
  const listed = visibleClients(principal);
  if (principal.role === 'admin') return listed;
  const dealVisible = visibleOpportunities(principal);
  return (eb: ExpressionBuilder<Database, 'clients'>): Expression<SqlBool> =>
    eb.or([
      listed(eb),
      eb.and([
        eb('clients.deleted_at', 'is', null),
        eb.exists(
          eb
            .selectFrom('opportunities')
            .select('opportunities.id')
            .whereRef('opportunities.client_id', '=', 'clients.id')
            .where(dealVisible),
        ),
      ]),
    ]);
}

/** The BPContacts a visible deal links, or has as its primary contact (see `readableClients`). */
export function readableContacts(principal: Principal) {
  const listed = visibleContacts(principal);
  if (principal.role === 'admin') return listed;
  const dealVisible = visibleOpportunities(principal);
  return (eb: ExpressionBuilder<Database, 'contacts'>): Expression<SqlBool> =>
    eb.or([
      listed(eb),
      eb.and([
        eb('contacts.deleted_at', 'is', null),
        eb.or([
          eb.exists(
            eb
              .selectFrom('opportunity_contacts')
              .innerJoin('opportunities', 'opportunities.id', 'opportunity_contacts.opportunity_id')
              .select('opportunities.id')
              .whereRef('opportunity_contacts.contact_id', '=', 'contacts.id')
              .where(dealVisible),
          ),
          eb.exists(
            eb
              .selectFrom('opportunities')
              .select('opportunities.id')
              .whereRef('opportunities.primary_contact_id', '=', 'contacts.id')
              .where(dealVisible),
          ),
        ]),
      ]),
    ]);
}

export type OpportunityBranch = (eb: ExpressionBuilder<Database, 'opportunities'>) => Expression<SqlBool>;

/**
 * The deals the user is on the team of, narrowed to the memberships that add something to the
 * caller's other branch (the team rows carry their deal's owner and firm; see the migration).
 */
function onTeamOf(
  userId: number,
  narrow?: { notOwnedBy?: number; notOwnedByFirm?: number },
  kind: DatabaseKind = 'sqlite',
) {
  return (eb: ExpressionBuilder<Database, 'opportunities'>) => {
    let memberships = eb
      .selectFrom('sales_team_members')
      .select('sales_team_members.opportunity_id')
      .where('sales_team_members.user_id', '=', userId);
    if (narrow?.notOwnedBy !== undefined)
      memberships = memberships.where('sales_team_members.owner_id', '!=', narrow.notOwnedBy);
    if (narrow?.notOwnedByFirm !== undefined) {
      memberships = memberships.where('sales_team_members.owner_firm_id', '!=', narrow.notOwnedByFirm);
    }
    // PostgreSQL reads `id in (memberships)` as a join whose size it cannot know; under an ORDER BY
    // with a LIMIT it then walks the whole list index probing memberships (a second at a million
    // deals for someone on few teams). As an array it reads the memberships first (an index-only
    // scan of sales_team_members_user_owner_idx) and looks the deals up by key.
    if (kind === 'postgres') return sql<SqlBool>`${sql.ref('opportunities.id')} = any(array(${memberships}))`;
    return eb('opportunities.id', 'in', memberships);
  };
}

/**
 * SPEC §5 for opportunities, as disjoint branches whose union is what the caller may see:
 * a seller sees what they own, a manager what their firm owns, vendor staff what is not
 * partner-private; everyone also sees the deals whose sales team they are on. Each branch
 * matches one index, so a list can read each branch in order and merge (see the repository);
 * a single read or a count uses them OR-ed together.
 */
export function opportunityVisibilityBranches(
  principal: Principal,
  kind: DatabaseKind = 'sqlite',
): OpportunityBranch[] {
  const alive = (eb: ExpressionBuilder<Database, 'opportunities'>) =>
    eb('opportunities.deleted_at', 'is', null);
  const team = onTeamOf(principal.userId, undefined, kind);
  switch (principal.role) {
    case 'admin':
      return [alive];
    case 'seller':
      return [
        (eb) => eb.and([alive(eb), eb('opportunities.owner_id', '=', principal.userId)]),
        (eb) =>
          eb.and([
            alive(eb),
            eb('opportunities.owner_id', '!=', principal.userId),
            onTeamOf(principal.userId, { notOwnedBy: principal.userId }, kind)(eb),
          ]),
      ];
    case 'manager':
      return [
        (eb) => eb.and([alive(eb), eb('opportunities.owner_firm_id', '=', principal.firmId)]),
        (eb) =>
          eb.and([
            alive(eb),
            eb('opportunities.owner_firm_id', '!=', principal.firmId),
            onTeamOf(principal.userId, { notOwnedByFirm: principal.firmId }, kind)(eb),
          ]),
      ];
    case 'vendor-rep':
    case 'vendor-reviewer':
      return [
        (eb) => eb.and([alive(eb), eb('opportunities.is_private', '=', 0)]),
        (eb) => eb.and([alive(eb), eb('opportunities.is_private', '=', 1), team(eb)]),
      ];
  }
}

/** The same rule as one predicate, for single reads, counts and sums. */
export function visibleOpportunities(principal: Principal) {
  const branches = opportunityVisibilityBranches(principal);
  return (eb: ExpressionBuilder<Database, 'opportunities'>): Expression<SqlBool> =>
    branches.length === 1 ? branches[0]!(eb) : eb.or(branches.map((branch) => branch(eb)));
}

/**
 * Activities and notes have no visibility of their own (SPEC §2, §5): one is visible exactly when
 * the record it is attached to is, by that record's predicate, looked up per activity by its key.
 */
export function visibleActivities(principal: Principal) {
  // Activities on clients and contacts are the writing firm's own notes: a client registered by the
  // vendor is shared by every partner, but one partner's call notes on it are not. Notes on an
  // opportunity are shared with everyone who may see the deal (its team may span firms).
  const ownFirmOnly = (eb: ExpressionBuilder<Database, 'activities'>) =>
    principal.role === 'admin' ? sql<SqlBool>`1 = 1` : eb('activities.firm_id', '=', principal.firmId);
  return (eb: ExpressionBuilder<Database, 'activities'>): Expression<SqlBool> =>
    eb.and([
      eb('activities.deleted_at', 'is', null),
      eb.or([
        eb.and([
          eb('activities.entity_type', '=', 'client'),
          ownFirmOnly(eb),
          eb.exists(
            eb
              .selectFrom('clients')
              .select('clients.id')
              .whereRef('clients.id', '=', 'activities.entity_id')
              .where(visibleClients(principal)),
          ),
        ]),
        eb.and([
          eb('activities.entity_type', '=', 'contact'),
          ownFirmOnly(eb),
          eb.exists(
            eb
              .selectFrom('contacts')
              .select('contacts.id')
              .whereRef('contacts.id', '=', 'activities.entity_id')
              .where(visibleContacts(principal)),
          ),
        ]),
        eb.and([
          eb('activities.entity_type', '=', 'opportunity'),
          eb.exists(
            eb
              .selectFrom('opportunities')
              .select('opportunities.id')
              .whereRef('opportunities.id', '=', 'activities.entity_id')
              .where(visibleOpportunities(principal)),
          ),
        ]),
      ]),
    ]);
}
