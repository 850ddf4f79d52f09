import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { OpportunityFilter, OpportunitySortField } from '../../core/contract/opportunities.ts';
import type { Principal } from '../../core/principal.ts';
import { type StageDefinition, staleBefore } from '../../core/stages.ts';
import {
  type OpportunityBranch,
  opportunityVisibilityBranches,
  visibleOpportunities,
} from '../access/visibility.ts';
import { inIdSlices } from '../db/batches.ts';
import { insertRowsReturning } from '../db/bulk-insert.ts';
import { type DatabaseKind, databaseKindOf } from '../db/dialect.ts';
import { keysetAfter, type SortDirection } from '../db/keyset.ts';
import type { CursorValue } from '../db/pagination.ts';
import type { Database } from '../db/schema.ts';
import {
  countSearchMatches,
  idMatchesSearch,
  shouldProbeCount,
  shouldProbeSearch,
} from '../search/search-dialect.ts';
import type { OpportunityTable } from './opportunity.table.ts';

/** Opportunities with everything their API form shows, and the caller's star and team place. */
export function selectOpportunityRows(db: Kysely<Database>, userId: number) {
  // The names of optional references are read by key in the select list rather than joined:
  // PostgreSQL plans every join order of a query, and with twelve tables that took 40 ms to
  // plan a 3 ms page. Lookups by primary key in the select list are planned once each.
  return db
    .selectFrom('opportunities')
    .innerJoin('clients', 'clients.id', 'opportunities.client_id')
    .innerJoin('users as owner', 'owner.id', 'opportunities.owner_id')
    .innerJoin('firms as owner_firm', 'owner_firm.id', 'opportunities.owner_firm_id')
    .innerJoin('stages', 'stages.code', 'opportunities.stage')
    .leftJoin('favorites', (join) =>
      join
        .onRef('favorites.entity_id', '=', 'opportunities.id')
        .on('favorites.entity_type', '=', 'opportunity')
        .on('favorites.user_id', '=', userId),
    )
    .leftJoin('sales_team_members as my_team', (join) =>
      join.onRef('my_team.opportunity_id', '=', 'opportunities.id').on('my_team.user_id', '=', userId),
    )
    .selectAll('opportunities')
    .select((eb) => [
      'clients.name as client_name',
      'owner.name as owner_name',
      'owner_firm.name as owner_firm_name',
      'owner_firm.kind as owner_firm_kind',
      'stages.label as stage_label',
      'stages.is_closing as stage_is_closing',
      'stages.stale_after_days as stage_stale_after_days',
      'stages.sort_order as stage_order',
      eb
        .selectFrom('contacts as primary_contact')
        .select('primary_contact.first_name')
        .whereRef('primary_contact.id', '=', 'opportunities.primary_contact_id')
        .as('primary_contact_first_name'),
      eb
        .selectFrom('contacts as primary_contact')
        .select('primary_contact.last_name')
        .whereRef('primary_contact.id', '=', 'opportunities.primary_contact_id')
        .as('primary_contact_last_name'),
      eb
        .selectFrom('firms as distributor')
        .select('distributor.name')
        .whereRef('distributor.id', '=', 'opportunities.distributor_firm_id')
        .as('distributor_firm_name'),
      eb
        .selectFrom('firms as reseller')
        .select('reseller.name')
        .whereRef('reseller.id', '=', 'opportunities.reseller_firm_id')
        .as('reseller_firm_name'),
      eb
        .selectFrom('users as passer')
        .select('passer.name')
        .whereRef('passer.id', '=', 'opportunities.passed_by')
        .as('passed_by_name'),
      eb
        .selectFrom('users as creator')
        .select('creator.name')
        .whereRef('creator.id', '=', 'opportunities.created_by')
        .as('created_by_name'),
      'favorites.user_id as favorite_of',
      'my_team.access as my_access',
    ]);
}

export type OpportunityRow = NonNullable<Awaited<ReturnType<typeof findVisibleOpportunity>>>;

export async function findVisibleOpportunity(db: Kysely<Database>, principal: Principal, id: number) {
  return selectOpportunityRows(db, principal.userId)
    .where('opportunities.id', '=', id)
    .where(visibleOpportunities(principal))
    .executeTakeFirst();
}

/**
 * The opportunity a change is about to be made to, read inside the change's transaction. On
 * PostgreSQL the deal's row is locked first (FOR NO KEY UPDATE: foreign-key checks of other writers
 * still pass), so two changes to one deal — its fields, contacts, team, lines, stage, pass — run one
 * after the other and the second reads what the first wrote: no duplicate links or lost writes from
 * interleaving. SQLite has one writer, so there is nothing to lock. Locking a deal the caller may
 * not see only makes it wait; the answer is still 404.
 */
export async function findVisibleOpportunityForChange(
  trx: Kysely<Database>,
  principal: Principal,
  id: number,
) {
  if (databaseKindOf(trx) === 'postgres') {
    await trx.selectFrom('opportunities').select('id').where('id', '=', id).forNoKeyUpdate().execute();
  }
  return findVisibleOpportunity(trx, principal, id);
}

/** By id, whatever the caller may see: for use after an access check, inside a transaction. */
export async function findOpportunityRow(db: Kysely<Database>, userId: number, id: number) {
  return selectOpportunityRows(db, userId).where('opportunities.id', '=', id).executeTakeFirst();
}

export type OpportunityFilterContext = {
  principal: Principal;
  kind: DatabaseKind;
  catalog: readonly StageDefinition[];
  now: Date;
  /** Test rows against the search matches instead of starting from them (common words; SQLite). */
  probeSearch?: boolean;
};

/**
 * How many deals a text search starts from (SQLite): the deals matching by name, plus those of the
 * matching clients and contacts at the average number of deals each. SQLite has no statistics on
 * full-text matches, so this is what the search plans below reason with.
 */
async function estimateSearchCandidates(
  db: Kysely<Database>,
  q: string,
): Promise<{ candidates: number; total: number }> {
  const sizes = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('opportunities')
        .select((inner) => inner.fn.max('id').as('n'))
        .as('opportunities'),
      eb
        .selectFrom('clients')
        .select((inner) => inner.fn.max('id').as('n'))
        .as('clients'),
      eb
        .selectFrom('contacts')
        .select((inner) => inner.fn.max('id').as('n'))
        .as('contacts'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(sizes.opportunities ?? 0);
  const [byName, byClient, byContact] = await Promise.all([
    countSearchMatches(db, 'opportunities', q),
    countSearchMatches(db, 'clients', q),
    countSearchMatches(db, 'contacts', q),
  ]);
  const perClient = total / Math.max(1, Number(sizes.clients ?? 1));
  const perContact = total / Math.max(1, Number(sizes.contacts ?? 1));
  return { candidates: byName + byClient * perClient + byContact * perContact, total };
}

/**
 * Common words match many deals: then the list walks its own index (by decision date) and tests
 * each row, otherwise it starts from the matching deals (see shouldProbeSearch). Only SQLite needs
 * telling.
 */
async function planSearch(
  db: Kysely<Database>,
  q: string | undefined,
  pageSize: number,
  sortField: OpportunitySortField,
): Promise<boolean> {
  if (!q || databaseKindOf(db) !== 'sqlite') return false;
  // Walking the list in order is cheap only where an index holds that order (the decision date,
  // for every visibility branch); in any other order it reads every visible deal before sorting.
  if (sortField !== 'decisionDate') return false;
  const { candidates, total } = await estimateSearchCandidates(db, q);
  return shouldProbeSearch(candidates, total, pageSize);
}

/** The advanced search of SPEC §8, as one predicate; every filter narrows. */
export function opportunityFilterPredicate(filter: OpportunityFilter, context: OpportunityFilterContext) {
  return (eb: ExpressionBuilder<Database, 'opportunities'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.q) {
      const q = filter.q;
      const probe = { probe: context.probeSearch ?? false };
      conditions.push(
        eb.or([
          idMatchesSearch(context.kind, 'opportunities', 'opportunities.id', q, probe),
          idMatchesSearch(context.kind, 'clients', 'opportunities.client_id', q, probe),
          idMatchesSearch(context.kind, 'contacts', 'opportunities.primary_contact_id', q, probe),
        ]),
      );
    }
    if (filter.stage && filter.stage.length > 0)
      conditions.push(eb('opportunities.stage', 'in', filter.stage));
    switch (filter.status) {
      case 'open':
      case 'won':
      case 'lost':
        conditions.push(eb('opportunities.outcome', '=', filter.status));
        break;
      case 'closed':
        conditions.push(eb('opportunities.outcome', '!=', 'open'));
        break;
      case undefined:
        break;
    }
    if (filter.decisionFrom) conditions.push(eb('opportunities.decision_date', '>=', filter.decisionFrom));
    if (filter.decisionTo) conditions.push(eb('opportunities.decision_date', '<=', filter.decisionTo));
    if (filter.amountMin !== undefined)
      conditions.push(eb('opportunities.amount_reporting_minor', '>=', filter.amountMin));
    if (filter.amountMax !== undefined)
      conditions.push(eb('opportunities.amount_reporting_minor', '<=', filter.amountMax));
    if (filter.ownerId !== undefined) conditions.push(eb('opportunities.owner_id', '=', filter.ownerId));
    if (filter.ownerFirmId !== undefined)
      conditions.push(eb('opportunities.owner_firm_id', '=', filter.ownerFirmId));
    if (filter.clientId !== undefined) conditions.push(eb('opportunities.client_id', '=', filter.clientId));
    if (filter.contactId !== undefined) {
      const contactId = filter.contactId;
      conditions.push(
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
    if (filter.brand) {
      conditions.push(
        eb(
          'opportunities.id',
          'in',
          eb
            .selectFrom('line_items')
            .innerJoin('products', 'products.id', 'line_items.product_id')
            .select('line_items.opportunity_id')
            .where('products.brand', '=', filter.brand),
        ),
      );
    }
    if (filter.productId !== undefined) {
      conditions.push(
        eb(
          'opportunities.id',
          'in',
          eb
            .selectFrom('line_items')
            .select('line_items.opportunity_id')
            .where('line_items.product_id', '=', filter.productId),
        ),
      );
    }
    if (filter.origin) conditions.push(eb('opportunities.origin', '=', filter.origin));
    if (filter.private !== undefined)
      conditions.push(eb('opportunities.is_private', '=', filter.private ? 1 : 0));
    if (filter.passStatus) conditions.push(eb('opportunities.pass_status', '=', filter.passStatus));
    if (filter.currency) conditions.push(eb('opportunities.currency', '=', filter.currency));
    if (filter.mine) conditions.push(eb('opportunities.owner_id', '=', context.principal.userId));
    if (filter.favorites) {
      conditions.push(
        eb(
          'opportunities.id',
          'in',
          eb
            .selectFrom('favorites')
            .select('favorites.entity_id')
            .where('favorites.user_id', '=', context.principal.userId)
            .where('favorites.entity_type', '=', 'opportunity'),
        ),
      );
    }
    if (filter.stale) conditions.push(stalePredicate(eb, context.catalog, context.now));
    return eb.and(conditions);
  };
}

/** Open and in its stage for longer than the stage's threshold (SPEC §8 Home): core's `staleBefore` per stage. */
export function stalePredicate(
  eb: ExpressionBuilder<Database, 'opportunities'>,
  catalog: readonly StageDefinition[],
  now: Date,
): Expression<SqlBool> {
  const perStage = catalog
    .filter((stage) => !stage.closing)
    .map((stage) =>
      eb.and([
        eb('opportunities.stage', '=', stage.code),
        eb('opportunities.stage_entered_at', '<', staleBefore(stage.staleAfterDays, now)),
      ]),
    );
  return eb.and([eb('opportunities.outcome', '=', 'open'), eb.or(perStage)]);
}

export function stageOrderExpression(catalog: readonly StageDefinition[]): Expression<number> {
  const cases = catalog.map((stage) => sql`when ${stage.code} then ${sql.lit(stage.order)}`);
  return sql<number>`(case opportunities.stage ${sql.join(cases, sql` `)} else 999 end)`;
}

export function opportunitySortKeys(
  field: OpportunitySortField,
  catalog: readonly StageDefinition[],
): Expression<unknown>[] {
  const id = sql.ref('opportunities.id');
  switch (field) {
    case 'decisionDate':
      return [sql.ref('opportunities.decision_date'), id];
    case 'amount':
      return [sql.ref('opportunities.amount_reporting_minor'), id];
    case 'name':
      return [sql.ref('opportunities.name'), id];
    case 'number':
      return [sql.ref('opportunities.number'), id];
    case 'stage':
      return [stageOrderExpression(catalog), sql.ref('opportunities.decision_date'), id];
    case 'probability':
      return [sql.ref('opportunities.probability'), id];
    case 'createdAt':
      return [sql.ref('opportunities.created_at'), id];
    case 'updatedAt':
      return [sql.ref('opportunities.updated_at'), id];
  }
}

export function opportunityCursorValues(field: OpportunitySortField, row: OpportunityRow): CursorValue[] {
  switch (field) {
    case 'decisionDate':
      return [row.decision_date, row.id];
    case 'amount':
      return [row.amount_reporting_minor, row.id];
    case 'name':
      return [row.name, row.id];
    case 'number':
      return [row.number, row.id];
    case 'stage':
      return [row.stage_order, row.decision_date, row.id];
    case 'probability':
      return [row.probability, row.id];
    case 'createdAt':
      return [row.created_at, row.id];
    case 'updatedAt':
      return [row.updated_at, row.id];
  }
}

export type OpportunityListOptions = {
  filter: OpportunityFilter;
  sort: { field: OpportunitySortField; direction: SortDirection };
  after?: CursorValue[];
  limit: number;
  catalog: readonly StageDefinition[];
  now: Date;
};

/**
 * One page of the opportunities the caller may see. Each visibility branch is read in list order
 * through its own index (ids only), then the few candidate rows are ordered once more and loaded:
 * the cost follows the page size, not the number of opportunities.
 */
export async function findVisibleOpportunities(
  db: Kysely<Database>,
  principal: Principal,
  options: OpportunityListOptions,
): Promise<OpportunityRow[]> {
  const context: OpportunityFilterContext = {
    principal,
    kind: databaseKindOf(db),
    catalog: options.catalog,
    now: options.now,
    probeSearch: await planSearch(db, options.filter.q, options.limit, options.sort.field),
  };
  const keys = opportunitySortKeys(options.sort.field, options.catalog);
  const filter = opportunityFilterPredicate(options.filter, context);
  const branches = opportunityVisibilityBranches(principal, context.kind);
  const ordered = <Q extends { orderBy: (expression: Expression<unknown>, direction: SortDirection) => Q }>(
    query: Q,
  ) => keys.reduce((current, key) => current.orderBy(key, options.sort.direction), query);

  let candidateIds: number[] | undefined;
  if (branches.length > 1) {
    const perBranch = await Promise.all(
      branches.map((branch) => {
        let query = db.selectFrom('opportunities').select('opportunities.id').where(branch).where(filter);
        if (options.after) query = query.where(keysetAfter(keys, options.after, options.sort.direction));
        return ordered(query).limit(options.limit).execute();
      }),
    );
    candidateIds = perBranch.flat().map((row) => row.id);
    if (candidateIds.length === 0) return [];
  }
  let query = selectOpportunityRows(db, principal.userId);
  if (candidateIds) {
    query = query.where('opportunities.id', 'in', candidateIds);
  } else {
    query = query.where(branches[0]!).where(filter);
    if (options.after) query = query.where(keysetAfter(keys, options.after, options.sort.direction));
  }
  return ordered(query).limit(options.limit).execute();
}

/**
 * How many opportunities the caller may see match a filter, counted up to `cap`: each visibility
 * branch (they are disjoint) counts its rows through its own index, reading no more than cap + 1 of
 * them (`select count(*) from (select 1 … limit cap + 1)`), so a count over a million deals costs
 * what one over ten thousand does. `isCapped` says there are more than `cap`; `count` is then `cap`.
 *
 * A text search on SQLite is planned per branch (see shouldProbeCount): a seller's few thousand
 * deals are each tested against the matches, while a branch larger than the matches starts from them.
 */
export async function countVisibleOpportunities(
  db: Kysely<Database>,
  principal: Principal,
  options: Pick<OpportunityListOptions, 'filter' | 'catalog' | 'now'> & { cap: number },
): Promise<{ count: number; isCapped: boolean }> {
  const context: OpportunityFilterContext = {
    principal,
    kind: databaseKindOf(db),
    catalog: options.catalog,
    now: options.now,
  };
  const searched = context.kind === 'sqlite' && options.filter.q ? options.filter.q : undefined;
  const estimate = searched === undefined ? undefined : await estimateSearchCandidates(db, searched);
  const countUpTo = async (
    branch: OpportunityBranch,
    predicate: ReturnType<typeof opportunityFilterPredicate>,
    limit: number,
  ) => {
    const row = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('opportunities')
          .select(sql.lit(1).as('one'))
          .where(branch)
          .where(predicate)
          .limit(limit)
          .as('matches'),
      )
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  // The branches are disjoint: each is read only as far as the cap still needs, and once the cap is
  // passed the rest are not read at all.
  let total = 0;
  for (const branch of opportunityVisibilityBranches(principal, context.kind)) {
    let probeSearch = false;
    if (estimate) {
      // How many rows the branch would test, read only as far as the estimate of the matches.
      const bound = Math.max(1, Math.ceil(estimate.candidates));
      const { q: _q, ...unsearched } = options.filter;
      const branchRows = await countUpTo(branch, opportunityFilterPredicate(unsearched, context), bound);
      probeSearch = shouldProbeCount(estimate.candidates, branchRows, estimate.total, options.cap);
    }
    const filter = opportunityFilterPredicate(options.filter, { ...context, probeSearch });
    total += await countUpTo(branch, filter, options.cap + 1 - total);
    if (total > options.cap) break;
  }
  return total > options.cap ? { count: options.cap, isCapped: true } : { count: total, isCapped: false };
}

/**
 * Which of these numbers an opportunity already has (any, visible or not, deleted or not): for the
 * number generator only, which must pass over them all. Never shown to anyone.
 */
export async function findTakenOpportunityNumbers(
  db: Kysely<Database>,
  candidates: readonly string[],
): Promise<string[]> {
  if (candidates.length === 0) return [];
  const rows = await db
    .selectFrom('opportunities')
    .select('number')
    .where('number', 'in', candidates)
    .execute();
  return rows.map((row) => row.number);
}

export async function insertOpportunity(
  db: Kysely<Database>,
  values: Insertable<OpportunityTable>,
): Promise<number> {
  const row = await db.insertInto('opportunities').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOpportunityRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  values: Updateable<OpportunityTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('opportunities')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Many new opportunities in one statement per batch (bulk imports); answers each id with its number. */
export async function insertOpportunities(
  db: Kysely<Database>,
  rows: readonly Insertable<OpportunityTable>[],
): Promise<{ id: number; number: string }[]> {
  return insertRowsReturning(db, 'opportunities', rows, ['id', 'number']);
}

/**
 * Several opportunities by id, whatever the caller may see, like `findOpportunityRow`: for reading
 * back the ones a bulk import has just created, whose creator then checks it can see each.
 */
export async function findOpportunityRowsByIds(
  db: Kysely<Database>,
  userId: number,
  ids: readonly number[],
): Promise<OpportunityRow[]> {
  const rows: OpportunityRow[] = [];
  for (const slice of inIdSlices(ids)) {
    rows.push(...(await selectOpportunityRows(db, userId).where('opportunities.id', 'in', slice).execute()));
  }
  return rows;
}

/** Streams every visible opportunity matching a filter, for CSV export, in pages of the list order. */
export async function* iterateVisibleOpportunityPages(
  db: Kysely<Database>,
  principal: Principal,
  options: Omit<OpportunityListOptions, 'after' | 'limit'>,
): AsyncGenerator<OpportunityRow[]> {
  const pageSize = 1000;
  let after: CursorValue[] | undefined;
  for (;;) {
    const rows = await findVisibleOpportunities(db, principal, {
      ...options,
      limit: pageSize,
      ...(after && { after }),
    });
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = opportunityCursorValues(options.sort.field, last);
  }
}
